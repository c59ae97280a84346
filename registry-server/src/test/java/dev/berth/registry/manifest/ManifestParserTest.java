package dev.berth.registry.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.MediaType;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestParserTest {
  static final String D1 = "sha256:" + "1".repeat(64);
  static final String D2 = "sha256:" + "2".repeat(64);

  static String image(String mediaTypeField) {
    return "{\"schemaVersion\":2,"
        + mediaTypeField
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
        + D1
        + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
        + "\"digest\":\""
        + D2
        + "\",\"size\":3}],\"x-unknown\":{\"kept\":true}}";
  }

  private static ParsedManifest parse(String json, String contentType) {
    return ManifestParser.parse(json.getBytes(StandardCharsets.UTF_8), contentType);
  }

  @Test
  void parse_imageManifest_extractsConfigAndLayers() {
    ParsedManifest manifest =
        parse(image("\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\","), MediaType.OCI_MANIFEST);
    assertThat(manifest.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
    assertThat(manifest.config().digest().toString()).isEqualTo(D1);
    assertThat(manifest.layers()).hasSize(1);
    assertThat(manifest.effectiveArtifactType())
        .isEqualTo("application/vnd.oci.image.config.v1+json");
  }

  @Test
  void parse_takesMediaTypeFromContentTypeWhenBodyHasNone() {
    ParsedManifest manifest = parse(image(""), MediaType.DOCKER_MANIFEST + "; charset=utf-8");
    assertThat(manifest.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
  }

  @Test
  void parse_index_withSubjectAndAnnotations() {
    String json =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaType.OCI_INDEX
            + "\",\"manifests\":[{\"mediaType\":\""
            + MediaType.OCI_MANIFEST
            + "\",\"digest\":\""
            + D1
            + "\",\"size\":10,\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}],"
            + "\"subject\":{\"mediaType\":\""
            + MediaType.OCI_MANIFEST
            + "\",\"digest\":\""
            + D2
            + "\",\"size\":5},\"annotations\":{\"a\":\"b\"}}";
    ParsedManifest manifest = parse(json, null);
    assertThat(manifest.isIndex()).isTrue();
    assertThat(manifest.manifests()).hasSize(1);
    assertThat(manifest.subject().digest().toString()).isEqualTo(D2);
    assertThat(manifest.annotationsJson()).isEqualTo("{\"a\":\"b\"}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "[]",
        "{\"schemaVersion\":1}",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[],\"layers\":[]}",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"manifests\":[]}",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[]}",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"digest\":\"sha256:00\",\"size\":1},\"layers\":[]}",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:1111111111111111111111111111111111111111111111111111111111111111\",\"size\":-1},\"layers\":[]}",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v1+prettyjws\"}",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[],\"annotations\":{\"a\":1}}"
      })
  void parse_rejectsInvalidManifests(String json) {
    assertThatThrownBy(() -> parse(json, null))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.code()).isIn(ErrorCode.MANIFEST_INVALID, ErrorCode.DIGEST_INVALID));
  }

  @Test
  void parse_rejectsMediaTypeThatDisagreesWithContentType() {
    assertThatThrownBy(
            () ->
                parse(
                    image("\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\","),
                    MediaType.DOCKER_MANIFEST))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_INVALID);
              assertThat(e.getMessage()).contains("does not match Content-Type");
            });
  }
}
