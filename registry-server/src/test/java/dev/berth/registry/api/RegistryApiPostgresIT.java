package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaType;
import dev.berth.registry.RegistryApplication;
import dev.berth.registry.support.EmbeddedPostgres;
import dev.berth.registry.support.RegistryClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The API suite on PostgreSQL, as in production, plus what only a shared database allows. */
class RegistryApiPostgresIT extends AbstractRegistryApiIT {
  static String databaseUrl;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registerCommon(registry);
    EmbeddedPostgres postgres = EmbeddedPostgres.shared();
    databaseUrl = postgres.createDatabase("api_" + System.nanoTime());
    registry.add("spring.datasource.url", () -> databaseUrl);
    registry.add("spring.datasource.username", postgres::username);
    registry.add("spring.datasource.password", () -> "");
  }

  @Test
  void uploadAndTags_spanReplicasSharingDatabaseAndStorage() {
    try (ConfigurableApplicationContext replica =
        new SpringApplicationBuilder(RegistryApplication.class)
            .run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--berth.data-dir=" + dataDir,
                "--berth.tag-cache-ttl=50ms",
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=berth",
                "--spring.datasource.password=")) {
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

      byte[] manifest = utf8(imageManifest(repo, ""));
      assertThat(client.putManifest(repo, "shared", MediaType.OCI_MANIFEST, manifest).statusCode())
          .isEqualTo(201);
      assertThat(other.get("/v2/" + repo + "/manifests/shared").body()).isEqualTo(manifest);
    }
  }
}
