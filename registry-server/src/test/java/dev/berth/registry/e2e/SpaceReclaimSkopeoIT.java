package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.registry.web.WebPaths;
import dev.berth.testkit.Layer;
import dev.berth.testkit.OciLayout;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two images sharing a base layer, pushed by skopeo; {@code skopeo delete} of one, or a push over
 * its tag, and the collectors (every second here) remove the files of its manifest, its config and
 * its own layer while the other image still pulls byte for byte, shared base included.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpaceReclaimSkopeoIT {
  private static final Path DATA =
      Path.of("target", "e2e-reclaim-" + UUID.randomUUID()).toAbsolutePath();

  @DynamicPropertySource
  static void registry(DynamicPropertyRegistry properties) {
    properties.add("berth.data-dir", DATA::toString);
    properties.add("berth.gc.interval", () -> "1s");
    properties.add("berth.gc.grace", () -> "0s");
    // Long enough for skopeo to push its manifest after its layers.
    properties.add("berth.gc.link-grace", () -> "5s");
    properties.add("berth.gc.untagged-after", () -> "5s");
  }

  @LocalServerPort int port;
  @TempDir Path work;

  @Test
  void skopeoDelete_freesTheImagesOwnBlobs_andTheOtherImageStillPullsWhole() throws Exception {
    Skopeo skopeo = new Skopeo(work.resolve("skopeo"));
    OciLayout first = image("first", 81);
    OciLayout second = image("second", 81);
    skopeo.copy("oci:" + first.root() + ":v1", docker("v1"));
    skopeo.copy("oci:" + second.root() + ":v1", docker("v2"));

    Set<Digest> onlyFirst = ownBlobs(first, second);
    for (Digest blob : first.blobDigests()) {
      assertThat(blobFile(blob)).exists();
    }

    HttpResponse<String> confirm =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + port + WebPaths.deleteTag("team/reclaim", "v1")))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(confirm.body())
        .as("the UI says what berth.gc.untagged-after will do")
        .contains("until garbage collection deletes it as untagged, 5 seconds after it was");
    skopeo.run("delete", "--tls-verify=false", docker("v1"));

    awaitCollected(onlyFirst);
    OciLayout pulled = OciLayout.create(work.resolve("pulled"));
    skopeo.copy(docker("v2"), "oci:" + pulled.root() + ":v1");
    SkopeoIT.assertSameImage(pulled, second, "v1");
  }

  @Test
  void aTagPushedOver_leavesAnUntaggedManifest_thatGoesWithItsOwnBlobs() throws Exception {
    Skopeo skopeo = new Skopeo(work.resolve("skopeo"));
    OciLayout old = image("old", 91);
    OciLayout current = image("new", 91);
    skopeo.copy("oci:" + old.root() + ":v1", docker("latest"));
    skopeo.copy("oci:" + current.root() + ":v1", docker("latest"));

    awaitCollected(ownBlobs(old, current));
    ExternalCommand.Result inspected =
        skopeo.result(
            "inspect",
            "--raw",
            "--tls-verify=false",
            "docker://127.0.0.1:" + port + "/team/reclaim@" + old.tagged("v1").digest());
    assertThat(inspected.exitCode()).as("the untagged manifest is gone").isNotZero();
    assertThat(inspected.output()).contains("manifest unknown");
    OciLayout pulled = OciLayout.create(work.resolve("pulled"));
    skopeo.copy(docker("latest"), "oci:" + pulled.root() + ":v1");
    SkopeoIT.assertSameImage(pulled, current, "v1");
  }

  /** An image of a base layer made from {@code baseSeed} and a layer of its own, tagged v1. */
  private OciLayout image(String name, long baseSeed) {
    return SkopeoIT.hostImage(
        work.resolve(name),
        List.of(
            Layer.random("base", 200_000, baseSeed),
            Layer.random(name, 20_000, baseSeed + name.hashCode())));
  }

  /** What only {@code image} has: its manifest, its config and its own layer. */
  private static Set<Digest> ownBlobs(OciLayout image, OciLayout other) {
    Set<Digest> own = new HashSet<>(image.blobDigests());
    own.removeAll(other.blobDigests());
    assertThat(own).contains(image.tagged("v1").digest()).hasSize(3);
    return own;
  }

  private void awaitCollected(Set<Digest> blobs) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (blobs.stream().map(this::blobFile).anyMatch(Files::exists)
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(250);
    }
    for (Digest blob : blobs) {
      assertThat(blobFile(blob)).as("collected: " + blob).doesNotExist();
    }
  }

  private Path blobFile(Digest digest) {
    return DATA.resolve("storage/blobs")
        .resolve(digest.algorithm().id())
        .resolve(digest.hex().substring(0, 2))
        .resolve(digest.hex());
  }

  private String docker(String tag) {
    return "docker://127.0.0.1:" + port + "/team/reclaim:" + tag;
  }
}
