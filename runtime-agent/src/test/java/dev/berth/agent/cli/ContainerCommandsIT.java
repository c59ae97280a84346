package dev.berth.agent.cli;

import static dev.berth.agent.testing.BerthProcess.finish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.agent.testing.BerthProcess;
import dev.berth.agent.testing.BerthProcess.Result;
import dev.berth.agent.testing.FakeRegistry;
import dev.berth.testkit.TarBuilder;
import dev.berth.testkit.TestImage;
import dev.berth.testkit.TestImage.Compression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container commands as a user runs them: each through the {@code bin/berth} launcher in its
 * own process, against an image pulled from a registry on 127.0.0.1 (a static busybox, from the
 * Debian package {@code busybox-static}).
 */
class ContainerCommandsIT {
  private static final String[] APPLETS = {
    "sh", "echo", "cat", "ls", "hostname", "sleep", "true", "dd", "id", "grep", "trap"
  };

  @TempDir static Path root;
  static FakeRegistry registry;
  static String image;
  static byte[] baseLayer;

  @BeforeAll
  static void image() throws IOException {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
    assumeTrue(Files.isExecutable(TarBuilder.BUSYBOX), "needs busybox-static");
    assumeTrue(Files.isExecutable(BerthProcess.BERTH), "needs bin/berth");
    TarBuilder base =
        new TarBuilder()
            .busybox(APPLETS)
            .dir("etc", 0755)
            .file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
    registry = new FakeRegistry();
    baseLayer = base.build();
    registry.add("cli/busybox", "1", new TestImage().layer(baseLayer, Compression.GZIP).build());
    image = registry.host() + "/cli/busybox:1";
    Result pull = berth("pull", "-q", image);
    assertThat(pull.exit()).as(pull.err()).isZero();
  }

  @AfterAll
  static void close() {
    if (registry != null) {
      registry.close();
    }
  }

  static Result berth(String... args) {
    return finish(start(args));
  }

  static Process start(String... args) {
    return BerthProcess.start(BerthProcess.command(args), root, Map.of(), null);
  }

  @Test
  void runRm_echoHello_leavesNoState() throws IOException {
    Result result = berth("run", "--rm", image, "echo", "hello");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out()).isEqualTo("hello\n");
    try (var children = Files.list(root.resolve("containers"))) {
      assertThat(children.toList()).isEmpty();
    }
  }

  @Test
  void exitCodes() {
    assertThat(berth("run", "--rm", image, "sh", "-c", "exit 42").exit()).isEqualTo(42);
    Result missing = berth("run", "--rm", image, "no-such-command");
    assertThat(missing.exit()).isEqualTo(127);
    assertThat(missing.err()).contains("not found");
    Result badOption = berth("run", "--no-such-option", image);
    assertThat(badOption.exit()).isEqualTo(125);
    Result neverPull =
        berth("run", "--rm", "--pull", "never", registry.host() + "/absent:1", "true");
    assertThat(neverPull.exit()).isEqualTo(125);
    assertThat(neverPull.err()).contains("image not known");
  }

  @Test
  void options_envHostnameUserWorkdirEntrypoint() throws IOException {
    Path envFile = root.resolve("env.list");
    Files.writeString(envFile, "# comment\nFROM_FILE=file value\n");
    Result result =
        berth(
            "run",
            "--rm",
            "-e",
            "A=1",
            "--env-file",
            envFile.toString(),
            "-h",
            "myhost",
            "-u",
            "1234:5678",
            "-w",
            "/work/dir",
            "--entrypoint",
            "sh",
            image,
            "-c",
            "echo $A $FROM_FILE; hostname; id -u; id -g; pwd");
    assertThat(result.out())
        .as(result.err())
        .isEqualTo("1 file value\nmyhost\n1234\n5678\n/work/dir\n");
  }

  @Test
  void detached_survivesItsStarter_stopEndsIt() {
    Result run = berth("run", "-d", "--name", "sleeper", image, "sleep", "300");
    assertThat(run.exit()).as(run.err()).isZero();
    String id = run.out().trim();
    assertThat(id).hasSize(64);

    Result ps = berth("ps");
    assertThat(ps.out()).contains("sleeper").contains("Up");
    Result exec =
        berth("exec", "sleeper", "sh", "-c", "echo in $(hostname); ls /proc | grep -c '^[0-9]'");
    assertThat(exec.exit()).as(exec.err()).isZero();
    assertThat(exec.out()).startsWith("in " + id.substring(0, 12) + "\n");

    Result stop = berth("stop", "-t", "1", "sleeper");
    assertThat(stop.exit()).as(stop.err()).isZero();
    Result all = berth("ps", "-a");
    assertThat(all.out()).contains("sleeper").contains("Exited (137)");
    Result inspect = berth("inspect", "sleeper");
    assertThat(inspect.out()).contains("\"Status\" : \"exited\"").contains("\"ExitCode\" : 137");
    assertThat(berth("rm", "sleeper").exit()).isZero();
    assertThat(berth("inspect", "sleeper").exit()).isEqualTo(125);
  }

  @Test
  void logs_showStdoutAndStderr_tail() {
    Result run =
        berth(
            "run",
            "--name",
            "talker",
            image,
            "sh",
            "-c",
            "echo one; echo two >&2; sleep 0.3; echo three");
    assertThat(run.out()).isEqualTo("one\nthree\n");
    assertThat(run.err()).isEqualTo("two\n");
    Result logs = berth("logs", "talker");
    assertThat(logs.out()).isEqualTo("one\nthree\n");
    assertThat(logs.err()).isEqualTo("two\n");
    assertThat(berth("logs", "--tail", "1", "talker").out()).isEqualTo("three\n");
    assertThat(berth("rm", "talker").exit()).isZero();
  }

  @Test
  void memoryLimit_oomKilledInInspect() {
    Result run =
        berth(
            "run",
            "--name",
            "hog",
            "-m",
            "16m",
            image,
            "dd",
            "if=/dev/zero",
            "of=/dev/null",
            "bs=64M",
            "count=1");
    assertThat(run.exit()).isEqualTo(137);
    String inspect = berth("inspect", "hog").out();
    assertThat(inspect).contains("\"OOMKilled\" : true");
    Matcher id = Pattern.compile("\"Id\" : \"([0-9a-f]+)\"").matcher(inspect);
    assertThat(id.find()).as(inspect).isTrue();
    Result prune = berth("prune");
    assertThat(prune.exit()).as(prune.err()).isZero();
    assertThat(prune.out().lines()).contains(id.group(1));
    assertThat(berth("ps", "-a", "--format", "json").out().trim()).isEqualTo("[ ]");
  }

  @Test
  void foregroundRun_forwardsSignals() throws Exception {
    Process run =
        start(
            "run",
            "--rm",
            "--name",
            "trapper",
            image,
            "sh",
            "-c",
            "trap 'echo got TERM; exit 7' TERM; echo ready; while :; do sleep 0.1; done");
    byte[] ready = run.getInputStream().readNBytes(6);
    assertThat(new String(ready, StandardCharsets.UTF_8)).isEqualTo("ready\n");
    run.toHandle().destroy(); // SIGTERM to berth, which passes it on
    Result result = finish(run);
    assertThat(result.exit()).isEqualTo(7);
    assertThat(result.out()).contains("got TERM");
  }

  @Test
  void rmiAndImagePrune_spareWhatAContainerIsBuiltOn() {
    String own = registry.host() + "/cli/in-use:1";
    byte[] marker = new TarBuilder().file("marker", "in use\n").build();
    registry.add(
        "cli/in-use",
        "1",
        new TestImage().layer(baseLayer, Compression.GZIP).layer(marker, Compression.GZIP).build());
    assertThat(berth("pull", "-q", own).exit()).isZero();
    Result run = berth("run", "--name", "user-of-image", own, "cat", "/marker");
    assertThat(run.out()).as(run.err()).isEqualTo("in use\n");

    Result refused = berth("rmi", own);
    assertThat(refused.exit()).isEqualTo(125);
    assertThat(refused.err())
        .contains("is in use by container")
        .contains("user-of-image")
        .contains("--force");
    assertThat(berth("images").out()).contains("cli/in-use");

    assertThat(berth("rmi", "--force", own).exit()).isZero();
    assertThat(berth("images").out()).doesNotContain("cli/in-use");
    Result keep = berth("image-prune");
    assertThat(keep.out()).as(keep.err()).startsWith("Removed 0 layer snapshots");

    assertThat(berth("rm", "user-of-image").exit()).isZero();
    Result free = berth("image-prune");
    assertThat(free.out()).as(free.err()).startsWith("Removed 1 layer snapshots");
  }

  @Test
  void stop_sendsTheImagesStopSignal() throws InterruptedException {
    String own = registry.host() + "/cli/stop-signal:1";
    registry.add(
        "cli/stop-signal",
        "1",
        new TestImage().layer(baseLayer, Compression.GZIP).stopSignal("SIGUSR1").build());
    assertThat(berth("pull", "-q", own).exit()).isZero();
    Result run =
        berth(
            "run",
            "-d",
            "--name",
            "stop-signal",
            own,
            "sh",
            "-c",
            "trap 'exit 9' USR1; echo ready; while :; do sleep 0.1; done");
    assertThat(run.exit()).as(run.err()).isZero();
    for (int i = 0; i < 100 && !berth("logs", "stop-signal").out().contains("ready"); i++) {
      Thread.sleep(100);
    }

    Result stop = berth("stop", "-t", "10", "stop-signal");

    assertThat(stop.exit()).as(stop.err()).isZero();
    assertThat(berth("inspect", "stop-signal").out()).contains("\"ExitCode\" : 9");
    assertThat(berth("rm", "stop-signal").exit()).isZero();
  }
}
