package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaType;
import dev.berth.registry.RegistryApplication;
import dev.berth.registry.storage.StorageProperties;
import dev.berth.registry.storage.s3.S3Clients;
import dev.berth.registry.support.EmbeddedPostgres;
import dev.berth.registry.support.RegistryClient;
import dev.berth.registry.support.S3Proxy;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The API suite with blobs in object storage (a real S3 API server on loopback) and metadata in
 * PostgreSQL: the set-up for several replicas, each with its own local disk.
 */
class RegistryApiS3IT extends AbstractRegistryApiIT {
  static StorageProperties.S3 bucket;
  static String databaseUrl;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registerCommon(registry);
    bucket = S3Proxy.shared().newBucket("berth/");
    stored = StoredBlobs.s3(S3Clients.create(bucket), bucket.bucket(), bucket.prefix());
    storageArguments().forEach((name, value) -> registry.add(name, () -> value));
    EmbeddedPostgres postgres = EmbeddedPostgres.shared();
    databaseUrl = postgres.createDatabase("s3api_" + System.nanoTime());
    registry.add("spring.datasource.url", () -> databaseUrl);
    registry.add("spring.datasource.username", postgres::username);
    registry.add("spring.datasource.password", () -> "");
  }

  static Map<String, String> storageArguments() {
    return Map.of(
        "berth.storage.type", "s3",
        "berth.storage.s3.bucket", bucket.bucket(),
        "berth.storage.s3.endpoint", bucket.endpoint().toString(),
        "berth.storage.s3.prefix", bucket.prefix(),
        "berth.storage.s3.path-style-access", "true",
        "berth.storage.s3.access-key", bucket.accessKey(),
        "berth.storage.s3.secret-key", bucket.secretKey());
  }

  @Test
  void blobsLiveInTheBucket_notOnLocalDisk() throws IOException {
    Digest digest = client.pushBlob(repo, utf8("in the bucket " + repo));
    assertThat(stored.exists(digest)).isTrue();
    assertThat(dataDir.resolve("storage")).doesNotExist();
  }

  @Test
  void replicasWithTheirOwnDisks_shareUploadsAndBlobs() throws IOException {
    Path otherDisk = Files.createTempDirectory("berth-replica");
    String[] arguments =
        Stream.concat(
                Stream.of(
                    "--server.port=0",
                    "--server.address=127.0.0.1",
                    "--berth.data-dir=" + otherDisk,
                    "--berth.tag-cache-ttl=50ms",
                    "--spring.datasource.url=" + databaseUrl,
                    "--spring.datasource.username=berth",
                    "--spring.datasource.password="),
                storageArguments().entrySet().stream()
                    .map(entry -> "--" + entry.getKey() + "=" + entry.getValue()))
            .toArray(String[]::new);
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
}
