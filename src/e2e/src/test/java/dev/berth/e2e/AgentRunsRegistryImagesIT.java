package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.agent.testing.Skopeo;
import dev.berth.testkit.TarBuilder;
import dev.berth.testkit.TestImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path: an image built here is pushed to the Berth registry with skopeo, pulled by {@code
 * berth} over HTTP, unpacked into snapshots and run in namespaces.
 */
class AgentRunsRegistryImagesIT {

  @TempDir static Path work;
  static Registry registry;
  static String image;

  @BeforeAll
  static void pushImage() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "running containers needs root (namespaces, overlayfs, cgroups)");
    assumeTrue(
        Files.isExecutable(TarBuilder.BUSYBOX),
        "needs /bin/busybox (Debian package busybox-static)");
    registry = Registry.start(work.resolve("registry"));
    byte[] base =
        new TarBuilder()
            .busybox("sh", "echo", "cat", "hostname")
            .dir("etc", 0755)
            .file("etc/motd", "from the first layer\n")
            .build();
    byte[] top =
        new TarBuilder()
            .dir("etc", 0755)
            .file("etc/release", "berth-e2e 1\n")
            .whiteout("etc/motd")
            .build();
    TestImage built =
        new TestImage()
            .layer(base, TestImage.Compression.GZIP)
            .layer(top, TestImage.Compression.ZSTD)
            .build();
    Path layout = work.resolve("layout");
    TestImage.writeLayout(layout, "1", List.of(built));
    image = registry.host() + "/e2e/busybox:1";
    Skopeo.push(layout, "1", image);
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  Berth berth(String name) {
    return new Berth(work.resolve("agent-" + name), Map.of());
  }

  @Test
  void pullAndRun_printsOutputAndSeesTheMergedLayers() throws Exception {
    Berth berth = berth("run");
    Berth.Result pull = berth.run("pull", image);
    assertThat(pull.exitCode()).as(pull.stderr()).isZero();

    Berth.Result run =
        berth.run(
            "run", "--rm", image, "/bin/sh", "-c", "echo hello; cat /etc/release; cat /etc/motd");
    assertThat(run.stdout()).contains("hello").contains("berth-e2e 1");
    assertThat(run.exitCode()).as("cat of the whited-out file fails").isEqualTo(1);
    assertThat(run.stderr() + run.stdout()).contains("motd");
  }

  @Test
  void run_pullsWhenMissing_andReturnsTheContainersExitCode() throws Exception {
    Berth berth = berth("exit");
    Berth.Result run = berth.run("run", "--rm", image, "/bin/sh", "-c", "exit 42");
    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(42);
    Berth.Result images = berth.run("images", "--format", "json");
    assertThat(images.stdout()).contains("e2e/busybox");
  }

  @Test
  void unknownImage_isAReadableError() throws Exception {
    Berth.Result pull = berth("missing").run("pull", registry.host() + "/e2e/nothing:here");
    assertThat(pull.exitCode()).isEqualTo(125);
    assertThat(pull.stderr()).isNotBlank().doesNotContain("Exception");
  }
}
