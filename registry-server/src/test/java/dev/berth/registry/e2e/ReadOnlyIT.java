package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.testkit.Layer;
import dev.berth.testkit.OciLayout;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth.read-only=true} on a registry with content: skopeo pulls byte for byte, and every
 * write (skopeo's push, a manifest or blob delete, the next chunk of an upload started before the
 * switch) answers 405 UNSUPPORTED saying why. Garbage collection and the purge of abandoned
 * uploads, run every second here, wait while it is read-only and resume once it is not.
 */
class ReadOnlyIT {
  private static final List<String> MAINTENANCE_EVERY_SECOND =
      List.of(
          "--berth.gc.interval=1s",
          "--berth.gc.grace=0s",
          "--berth.upload.purge-interval=1s",
          "--berth.upload.purge-after=1s");

  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path work;

  @Test
  void aReadOnlyRegistry_servesPulls_refusesEveryWrite_andDeletesNothing() throws Exception {
    Path data = work.resolve("data");
    Path log = work.resolve("registry.log");
    Skopeo skopeo = new Skopeo(work.resolve("skopeo"));
    OciLayout source =
        SkopeoIT.hostImage(
            work.resolve("src"),
            List.of(Layer.random("ro-base", 100_000, 41), Layer.random("ro-app", 2_000, 42)));
    Digest manifest = source.tagged("v1").digest();
    Digest layer = source.blobDigests().stream().filter(d -> !d.equals(manifest)).findFirst().get();
    byte[] orphan = "a blob nothing links any more".getBytes(StandardCharsets.UTF_8);
    Digest orphanDigest = Digest.sha256(orphan);
    Path orphanFile =
        data.resolve("storage/blobs/sha256")
            .resolve(orphanDigest.hex().substring(0, 2))
            .resolve(orphanDigest.hex());
    int port = RegistryProcess.freePort();
    String openUpload;

    try (RegistryProcess registry = RegistryProcess.start(data, log, port, List.of())) {
      skopeo.copy("oci:" + source.root() + ":v1", docker(port, "team/app"));
      HttpResponse<String> started = send(registry.uri("/v2/team/app/blobs/uploads/"), "POST");
      assertThat(started.statusCode()).isEqualTo(202);
      openUpload = started.headers().firstValue("Location").orElseThrow();
      HttpResponse<String> pushed =
          http.send(
              HttpRequest.newBuilder(
                      registry.uri("/v2/team/app/blobs/uploads/?digest=" + orphanDigest))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(orphan))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(pushed.statusCode()).isEqualTo(201);
      assertThat(send(registry.uri("/v2/team/app/blobs/" + orphanDigest), "DELETE").statusCode())
          .isEqualTo(202);
    }
    assertThat(orphanFile).exists();

    List<String> readOnly = new ArrayList<>(MAINTENANCE_EVERY_SECOND);
    readOnly.add("--berth.read-only=true");
    try (RegistryProcess registry = RegistryProcess.start(data, log, port, readOnly)) {
      OciLayout copied = OciLayout.create(work.resolve("out"));
      skopeo.copy(docker(port, "team/app"), "oci:" + copied.root() + ":v1");
      assertThat(copied.tagged("v1").digest()).isEqualTo(manifest);
      assertThat(copied.blobPath(layer)).hasSameBinaryContentAs(source.blobPath(layer));

      ExternalCommand.Result push =
          skopeo.tryPush("oci:" + source.root() + ":v1", docker(port, "team/other"));
      assertThat(push.exitCode()).isNotZero();
      assertThat(push.output()).contains("read-only");

      for (HttpResponse<String> refused :
          List.of(
              send(registry.uri("/v2/team/app/manifests/" + manifest), "DELETE"),
              send(registry.uri("/v2/team/app/manifests/v1"), "DELETE"),
              send(registry.uri("/v2/team/app/blobs/" + layer), "DELETE"),
              send(registry.uri("/v2/team/app/blobs/uploads/"), "POST"),
              send(registry.uri(openUpload), "PATCH"),
              send(registry.uri(openUpload), "DELETE"))) {
        assertThat(refused.statusCode()).as(refused.request().toString()).isEqualTo(405);
        assertThat(refused.body()).contains("\"UNSUPPORTED\"").contains("read-only");
      }
      assertThat(send(registry.uri("/v2/team/app/tags/list"), "GET").body()).contains("\"v1\"");
      assertThat(send(registry.uri("/v2/team/other/tags/list"), "GET").statusCode()).isEqualTo(404);

      Thread.sleep(3000); // three rounds of collection and purge, had they run
      assertThat(orphanFile).as("garbage collection waits").exists();
      assertThat(send(registry.uri("/storage"), "GET").body())
          .contains("Paused: the registry is read-only")
          .doesNotContain("Next run around");
      assertThat(send(registry.uri(openUpload), "GET").statusCode())
          .as("the abandoned upload is kept")
          .isEqualTo(204);
    }

    try (RegistryProcess registry =
        RegistryProcess.start(data, log, port, MAINTENANCE_EVERY_SECOND)) {
      skopeo.copy("oci:" + source.root() + ":v1", docker(port, "team/other"));
      assertThat(send(registry.uri("/v2/team/other/tags/list"), "GET").body()).contains("\"v1\"");
      long deadline = System.nanoTime() + 20_000_000_000L;
      while ((Files.exists(orphanFile) || send(registry.uri(openUpload), "GET").statusCode() != 404)
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(orphanFile).as("collected once writable").doesNotExist();
      assertThat(send(registry.uri("/storage"), "GET").body())
          .contains("id=\"gc-last\"")
          .contains("Next run around");
      assertThat(send(registry.uri(openUpload), "GET").statusCode()).isEqualTo(404);
      assertThat(send(registry.uri("/v2/team/app/blobs/" + layer), "HEAD").statusCode())
          .isEqualTo(200);
    }
  }

  private HttpResponse<String> send(URI uri, String method) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String docker(int port, String repository) {
    return "docker://127.0.0.1:" + port + "/" + repository + ":v1";
  }
}
