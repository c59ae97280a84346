package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaType;
import dev.berth.oci.OciJson;
import dev.berth.registry.support.RegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;

/** A running registry on a random port with its data in a temporary directory, and a client. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ApiTestSupport {
  static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";

  @LocalServerPort int port;

  RegistryClient client;
  String repo;

  static Path dataDir;
  static StoredBlobs stored;

  static void registerCommon(DynamicPropertyRegistry registry) {
    try {
      dataDir = Files.createTempDirectory("berth-api-it");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    stored = StoredBlobs.filesystem(dataDir.resolve("storage"));
    registry.add("berth.data-dir", () -> dataDir.toString());
    registry.add("berth.pagination-max", () -> "1000");
    registry.add("berth.tag-cache-ttl", () -> "50ms");
  }

  @BeforeEach
  void setUp() {
    client = new RegistryClient(port);
    repo = "it/" + UUID.randomUUID().toString().substring(0, 8);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static JsonNode json(HttpResponse<byte[]> response) {
    return OciJson.mapper().readTree(response.body());
  }

  static void assertError(HttpResponse<byte[]> response, int status, String code) {
    assertThat(response.statusCode()).as(RegistryClient.text(response)).isEqualTo(status);
    assertThat(response.headers().firstValue("Docker-Distribution-API-Version"))
        .contains("registry/2.0");
    if (!response.request().method().equals("HEAD")) {
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
      JsonNode error = json(response).get("errors").get(0);
      assertThat(error.get("code").asString()).isEqualTo(code);
      assertThat(error.get("message").asString()).isNotBlank();
    }
  }

  /** Pushes a config and a layer and returns an image manifest naming them. */
  String imageManifest(String repository, String extraFields) {
    byte[] config =
        utf8(
            "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
    byte[] layer = utf8("layer-" + UUID.randomUUID());
    Digest configDigest = client.pushBlob(repository, config);
    Digest layerDigest = client.pushBlob(repository, layer);
    return "{\n  \"schemaVersion\": 2,\n  \"mediaType\": \""
        + MediaType.OCI_MANIFEST
        + "\",\n  \"config\": {\"mediaType\": \""
        + CONFIG_TYPE
        + "\", \"digest\": \""
        + configDigest
        + "\", \"size\": "
        + config.length
        + "},\n  \"layers\": [{\"mediaType\": \""
        + MediaType.OCI_LAYER_GZIP
        + "\", \"digest\": \""
        + layerDigest
        + "\", \"size\": "
        + layer.length
        + "}],\n  \"x-berth-unknown\": {\"kept\": [1, 2]}"
        + extraFields
        + "\n}\n";
  }

  /** Opens an upload session in {@code repository} and returns its Location. */
  String startUpload(String repository) {
    return client
        .send("POST", "/v2/" + repository + "/blobs/uploads/")
        .headers()
        .firstValue("Location")
        .orElseThrow();
  }

  Path blobFile(Digest digest) {
    return dataDir
        .resolve("storage/blobs")
        .resolve(digest.algorithm().id())
        .resolve(digest.hex().substring(0, 2))
        .resolve(digest.hex());
  }
}
