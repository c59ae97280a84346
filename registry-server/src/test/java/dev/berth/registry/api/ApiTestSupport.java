package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaType;
import dev.berth.oci.OciJson;
import dev.berth.registry.RegistryApplication;
import dev.berth.registry.support.RegistryClient;
import dev.berth.registry.support.TempDirectories;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
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
    dataDir = TempDirectories.deletedAtExit("berth-api-it");
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

  /**
   * A monolithic upload: {@code POST /v2/<repository>/blobs/uploads/?digest=} with {@code content}
   * as the body, and the given header name/value pairs.
   */
  HttpResponse<byte[]> postMonolithic(
      String repository, Digest digest, byte[] content, String... headers) {
    return client.send(
        "POST",
        "/v2/" + repository + "/blobs/uploads/?digest=" + digest,
        BodyPublishers.ofByteArray(content),
        headers);
  }

  /** Opens an upload session in {@code repository} and returns its Location. */
  String startUpload(String repository) {
    return client
        .send("POST", "/v2/" + repository + "/blobs/uploads/")
        .headers()
        .firstValue("Location")
        .orElseThrow();
  }

  /**
   * Starts a second registry with {@code arguments} (its own port; the caller makes it share the
   * database and the blob store) and checks that it serves as a replica of this one: an upload
   * started here takes a chunk there and is finished here, and a blob and a tag written on one are
   * read on the other.
   */
  void assertReplicaSharesUploadsBlobsAndTags(String... arguments) {
    try (ConfigurableApplicationContext replica =
        new SpringApplicationBuilder(RegistryApplication.class).run(arguments)) {
      int replicaPort = ((WebServerApplicationContext) replica).getWebServer().getPort();
      RegistryClient other = new RegistryClient(replicaPort);
      byte[] first = utf8("first half|");
      byte[] second = utf8("second half");
      Digest digest = Digest.sha256(utf8("first half|second half"));

      String location = startUpload(repo);
      HttpResponse<byte[]> patch =
          other.send("PATCH", location, BodyPublishers.ofByteArray(first), "Content-Range", "0-10");
      assertThat(patch.statusCode()).isEqualTo(202);
      assertThat(client.get(location).headers().firstValue("Range")).contains("0-10");
      HttpResponse<byte[]> put =
          client.send("PUT", location + "?digest=" + digest, BodyPublishers.ofByteArray(second));
      assertThat(put.statusCode()).as(RegistryClient.text(put)).isEqualTo(201);
      assertThat(RegistryClient.text(other.get("/v2/" + repo + "/blobs/" + digest)))
          .isEqualTo("first half|second half");
      HttpResponse<byte[]> range =
          other.send("GET", "/v2/" + repo + "/blobs/" + digest, "Range", "bytes=11-");
      assertThat(range.statusCode()).isEqualTo(206);
      assertThat(RegistryClient.text(range)).isEqualTo("second half");

      byte[] manifest = utf8(imageManifest(repo, ""));
      assertThat(client.putManifest(repo, "shared", MediaType.OCI_MANIFEST, manifest).statusCode())
          .isEqualTo(201);
      assertThat(other.get("/v2/" + repo + "/manifests/shared").body()).isEqualTo(manifest);
    }
  }

  Path blobFile(Digest digest) {
    return dataDir
        .resolve("storage/blobs")
        .resolve(digest.algorithm().id())
        .resolve(digest.hex().substring(0, 2))
        .resolve(digest.hex());
  }
}
