package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.testkit.Layer;
import dev.berth.testkit.OciLayout;
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
 * its tag, and the collectors (every second here) remove the files of its own config and layer
 * while the other image still pulls byte for byte, shared base included.
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
    Layer base = Layer.random("base", 300_000, 81);
    OciLayout first =
        SkopeoIT.hostImage(work.resolve("first"), List.of(base, Layer.random("one", 20_000, 82)));
    OciLayout second =
        SkopeoIT.hostImage(work.resolve("second"), List.of(base, Layer.random("two", 20_000, 83)));
    skopeo.copy("oci:" + first.root() + ":v1", docker("v1"));
    skopeo.copy("oci:" + second.root() + ":v1", docker("v2"));

    Set<Digest> onlyFirst = new HashSet<>(first.blobDigests());
    onlyFirst.removeAll(second.blobDigests());
    onlyFirst.remove(first.tagged("v1").digest()); // manifests are not blobs of the repository
    assertThat(onlyFirst).hasSize(2); // its config and its own layer
    for (Digest blob : first.blobDigests()) {
      assertThat(blobFile(blob)).exists();
    }

    skopeo.run("delete", "--tls-verify=false", docker("v1"));

    awaitCollected(onlyFirst);
    OciLayout pulled = OciLayout.create(work.resolve("pulled"));
    skopeo.copy(docker("v2"), "oci:" + pulled.root() + ":v1");
    SkopeoIT.assertSameImage(pulled, second, "v1");
  }

  @Test
  void aTagPushedOver_leavesAnUntaggedManifest_thatGoesWithItsOwnBlobs() throws Exception {
    Skopeo skopeo = new Skopeo(work.resolve("skopeo"));
    Layer base = Layer.random("latest-base", 200_000, 91);
    OciLayout old =
        SkopeoIT.hostImage(work.resolve("old"), List.of(base, Layer.random("old", 20_000, 92)));
    OciLayout current =
        SkopeoIT.hostImage(work.resolve("new"), List.of(base, Layer.random("new", 20_000, 93)));
    skopeo.copy("oci:" + old.root() + ":v1", docker("latest"));
    skopeo.copy("oci:" + current.root() + ":v1", docker("latest"));

    Set<Digest> onlyOld = new HashSet<>(old.blobDigests());
    onlyOld.removeAll(current.blobDigests());
    onlyOld.remove(old.tagged("v1").digest());
    awaitCollected(onlyOld);
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
