package dev.berth.agent.daemon;

import static dev.berth.agent.testing.BerthProcess.command;
import static dev.berth.agent.testing.BerthProcess.finish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.agent.testing.BerthProcess;
import dev.berth.agent.testing.BerthProcess.Result;
import dev.berth.agent.testing.FakeRegistry;
import dev.berth.testkit.TarBuilder;
import dev.berth.testkit.TestImage;
import dev.berth.testkit.TestImage.Compression;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth daemon} as a real process on a state directory of its own, driven by {@code
 * bin/berth}, which is the whole client when the daemon's endpoint file exists. The image is a
 * static busybox (Debian package {@code busybox-static}) pulled from a registry on 127.0.0.1.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonIT {
  private static final String[] APPLETS = {"sh", "echo", "cat", "sleep", "true", "trap"};

  @TempDir static Path root;
  @TempDir static Path elsewhere;
  static FakeRegistry registry;
  static String image;
  static Process daemon;

  @BeforeAll
  static void pullImageAndStartDaemon() throws IOException {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
    assumeTrue(Files.isExecutable(TarBuilder.BUSYBOX), "needs busybox-static");
    assumeTrue(Files.isExecutable(BerthProcess.BERTH), "needs bin/berth");
    TarBuilder base =
        new TarBuilder()
            .busybox(APPLETS)
            .dir("etc", 0755)
            .file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
    registry = new FakeRegistry();
    registry.add(
        "daemon/busybox", "1", new TestImage().layer(base.build(), Compression.GZIP).build());
    image = registry.host() + "/daemon/busybox:1";
    // no daemon yet: bin/berth runs the pull in its own process
    Result pull = finish(start(command("pull", "-q", image), Map.of(), null));
    assertThat(pull.exit()).as(pull.err()).isZero();

    daemon = startDaemon();
  }

  static Process startDaemon() throws IOException {
    // a few rehearsals only: the default 300 take seconds on a busy machine
    ProcessBuilder builder = new ProcessBuilder(command("daemon", "--warm-up", "5"));
    builder.environment().put("BERTH_ROOT", root.toString());
    // its log, where a test that fails can show it (a pipe nobody reads would fill and block it)
    builder.redirectError(ProcessBuilder.Redirect.appendTo(daemonLog().toFile()));
    Process started = builder.start();
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8));
    String first = lines.readLine();
    assertThat(first)
        .as("the daemon's first line")
        .matches(
            "berth daemon: listening on 127\\.0\\.0\\.1:[0-9]+ \\("
                + Pattern.quote(endpointFile().toString())
                + "\\)");
    return started;
  }

  @AfterAll
  static void close() throws InterruptedException {
    if (daemon != null && daemon.isAlive()) {
      daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (registry != null) {
      registry.close();
    }
  }

  static Path daemonLog() {
    return elsewhere.resolve("daemon.log");
  }

  /** The daemon's log so far, for a failing assertion's description. */
  static String log() {
    try {
      return "daemon log:\n" + Files.readString(daemonLog());
    } catch (IOException e) {
      return "no daemon log: " + e;
    }
  }

  static Path endpointFile() {
    return root.resolve(DaemonEndpoint.FILE_NAME);
  }

  static Process start(List<String> command, Map<String, String> env, Path directory) {
    return BerthProcess.start(command, root, env, directory);
  }

  static Result client(String... args) {
    return finish(start(command(args), Map.of(), null));
  }

  @Test
  @Order(1)
  void endpoint_isRootOnly_andServesOnlyTheClientKey() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(endpointFile())))
        .isEqualTo("rw-------");
    DaemonEndpoint endpoint = DaemonEndpoint.read(endpointFile());
    String request =
        "RUN "
            + ProcessHandle.current().pid()
            + " 1 2 7\nrun\0-d\0--name\0intruder\0"
            + image
            + "\0sleep\0"
            + "300\0";
    // a wrong key, no key (the request straight away) and an oversized first line: each connection
    // gets the daemon's hello, then is closed without an answer, and nothing runs
    String key = endpoint.clientKeyHex();
    String wrongKey = (key.charAt(0) == '0' ? "1" : "0") + key.substring(1);
    for (String intrusion :
        List.of("AUTH " + wrongKey + "\n" + request, request, "AUTH " + "0".repeat(1024) + "\n")) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), endpoint.port())) {
        socket.setSoTimeout(10_000);
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        assertThat(in.readLine()).isEqualTo("BERTH " + endpoint.daemonKeyHex());
        socket.getOutputStream().write(intrusion.getBytes(StandardCharsets.UTF_8));
        assertThat(in.readLine()).as("the daemon's answer to an intruder").isNull();
      }
    }
    Result all = client("ps", "-a");
    assertThat(all.exit()).as("the daemon still serves its own clients").isZero();
    assertThat(all.out()).doesNotContain("intruder");
  }

  @Test
  @Order(1)
  void descriptorsTheDaemonCannotTake_unserved_nothingRuns() throws Exception {
    // this JVM has no descriptors 900 and 901: the daemon says it cannot serve the request
    // (bin/berth
    // then runs the command itself) and runs nothing
    DaemonEndpoint endpoint = DaemonEndpoint.read(endpointFile());
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), endpoint.port())) {
      socket.setSoTimeout(10_000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      assertThat(in.readLine()).startsWith("BERTH ");
      String request =
          "AUTH "
              + endpoint.clientKeyHex()
              + "\nRUN "
              + ProcessHandle.current().pid()
              + " 900 901 4\nrun\0-d\0--name\0unserved-request\0"
              + image
              + "\0";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      assertThat(in.readLine()).startsWith("UNSERVED ").contains("pidfd_getfd");
      assertThat(in.readLine()).isNull();
    }
    assertThat(client("ps", "-a").out()).doesNotContain("unserved-request");
  }

  @Test
  @Order(2)
  void client_stdoutStderr_exitStatus() {
    Result result = client("run", "--rm", image, "sh", "-c", "echo out; echo err >&2; exit 42");
    assertThat(result.exit()).as(result.err()).isEqualTo(42);
    assertThat(result.out()).isEqualTo("out\n");
    assertThat(result.err()).isEqualTo("err\n");
  }

  @Test
  @Order(3)
  void badArguments_picocliError_125() {
    Result result = client("run", "--no-such-option", image);
    assertThat(result.exit()).isEqualTo(125);
    assertThat(result.err()).contains("Unknown option: '--no-such-option'").contains("Usage:");
    Result missing = client("run", "--rm", image, "no-such-command");
    assertThat(missing.exit()).isEqualTo(127);
    assertThat(missing.err()).contains("not found");
  }

  @Test
  @Order(4)
  void clientEnvironmentAndDirectory_reachTheContainer() throws IOException {
    Files.writeString(elsewhere.resolve("env.list"), "FROM_FILE=file value\n");
    Result result =
        finish(
            start(
                command(
                    "run",
                    "--rm",
                    "-e",
                    "FOO",
                    "--env-file",
                    "env.list",
                    image,
                    "sh",
                    "-c",
                    "echo $FOO $FROM_FILE"),
                Map.of("FOO", "from the client"),
                elsewhere));
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out()).as(result.err() + log()).isEqualTo("from the client file value\n");
  }

  @Test
  @Order(4)
  void output_goesToTheClientsOwnStreams_atTheClientsOffset() throws Exception {
    // the daemon writes to the very file description the client writes to (pidfd_getfd), so the
    // shell's lines and the container's follow each other in one file (stdout only: the order of a
    // container's stdout against its stderr is the order their two pumps get to them)
    Path file = elsewhere.resolve("shared.txt");
    Process shell =
        start(
            List.of(
                "bash",
                "-c",
                "{ echo before; \"$0\" run --rm \"$1\" sh -c 'echo inside; echo again';"
                    + " echo \"status $?\"; } >\"$2\" 2>&1",
                BerthProcess.BERTH.toString(),
                image,
                file.toString()),
            Map.of(),
            null);
    Result result = finish(shell);
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(Files.readString(file)).isEqualTo("before\ninside\nagain\nstatus 0\n");
  }

  @Test
  @Order(4)
  void clientWithoutAStdout_isNotServed_andRunsTheCommandItself() throws Exception {
    // the daemon cannot take a descriptor the client does not have: it says so, and bin/berth runs
    // the command in a JVM of its own, as without a daemon
    Result result =
        finish(
            start(
                List.of(
                    "bash",
                    "-c",
                    "\"$0\" run -d --name unserved \"$1\" sleep 300 >&-",
                    BerthProcess.BERTH.toString(),
                    image),
                Map.of(),
                null));
    assertThat(result.exit()).as(result.err()).isZero();
    String records;
    try (var files = Files.list(root.resolve("containers"))) {
      records =
          files
              .map(directory -> directory.resolve("container.json"))
              .filter(Files::exists)
              .map(
                  json -> {
                    try {
                      return Files.readString(json);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  })
              .filter(json -> json.contains("\"unserved\""))
              .findFirst()
              .orElseThrow();
    }
    assertThat(records)
        .as("a monitor of its own, not the daemon, waits for it")
        .doesNotContain("\"MonitorPid\":" + daemon.pid());
    assertThat(client("rm", "-f", "unserved").exit()).isZero();
  }

  @Test
  @Order(4)
  void logsFollow_intoAReaderThatLeaves_endsQuietlyWith141_withAndWithoutTheDaemon() {
    Result run =
        client(
            "run",
            "-d",
            "--name",
            "ticker",
            image,
            "sh",
            "-c",
            "while :; do echo tick; sleep 0.1; done");
    assertThat(run.exit()).as(run.err()).isZero();
    for (Map<String, String> env :
        List.of(
            Map.<String, String>of(),
            Map.of(DaemonEndpoint.FILE_ENV, elsewhere.resolve("absent.endpoint").toString()))) {
      // head leaves after one line; the next write finds no reader (EPIPE), as SIGPIPE would
      Result piped =
          finish(
              start(
                  List.of(
                      "bash",
                      "-c",
                      "\"$0\" logs -f ticker | head -1; echo \"status ${PIPESTATUS[0]}\"",
                      BerthProcess.BERTH.toString()),
                  env,
                  null));
      assertThat(piped.out()).as(env.toString()).isEqualTo("tick\nstatus 141\n");
      assertThat(piped.err()).as(env.toString()).isEmpty();
    }
    assertThat(client("rm", "-f", "ticker").exit()).isZero();
  }

  @Test
  @Order(5)
  void clientSignal_reachesTheContainer() throws Exception {
    Process run =
        start(
            command(
                "run",
                "--rm",
                image,
                "sh",
                "-c",
                "trap 'echo got TERM; exit 3' TERM; echo ready; while :; do sleep 0.1; done"),
            Map.of(),
            null);
    byte[] ready = run.getInputStream().readNBytes(6);
    assertThat(new String(ready, StandardCharsets.UTF_8)).isEqualTo("ready\n");
    run.toHandle()
        .destroy(); // SIGTERM to the client, which sends it to the daemon, which signals PID 1
    Result result = finish(run);
    assertThat(result.exit()).as(result.err()).isEqualTo(3);
    assertThat(result.out()).isEqualTo("got TERM\n");
  }

  @Test
  @Order(6)
  void detached_survivesTheClient_daemonWaitsForIt_stopThroughBinBerth() throws IOException {
    Result run =
        finish(
            start(
                command("run", "-d", "--name", "sleeper", image, "sleep", "300"), Map.of(), null));
    assertThat(run.exit()).as(run.err()).isZero();
    String id = run.out().trim();
    assertThat(id).hasSize(64);
    String record =
        Files.readString(root.resolve("containers").resolve(id).resolve("container.json"));
    assertThat(record)
        .as("the daemon, not a monitor process, waits for the container")
        .contains("\"MonitorPid\":" + daemon.pid());
    assertThat(finish(start(command("ps"), Map.of(), null)).out())
        .contains("sleeper")
        .contains("Up");

    Result stop = finish(start(command("stop", "-t", "1", "sleeper"), Map.of(), null));
    assertThat(stop.exit()).as(stop.err()).isZero();
    Result all = client("ps", "-a");
    assertThat(all.out()).contains("sleeper").contains("Exited (137)");
    assertThat(client("rm", "sleeper").exit()).isZero();
  }

  @Test
  @Order(7)
  void secondDaemon_onTheSameRoot_refused() {
    Result second = finish(start(command("daemon"), Map.of(), null));
    assertThat(second.exit()).isEqualTo(125);
    assertThat(second.err()).contains("another berth daemon serves");
  }

  @Test
  @Order(8)
  void noDaemon_clientRunsTheCommandItself() throws Exception {
    // an endpoint nobody listens on (a daemon that died): bin/berth runs the command itself
    Path stale = elsewhere.resolve("stale.endpoint");
    int freePort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      freePort = probe.getLocalPort();
    }
    DaemonEndpoint.withNewKeys(freePort).write(stale);
    Result viaStale =
        finish(
            start(
                command("run", "--rm", image, "sh", "-c", "echo alone; exit 5"),
                Map.of(DaemonEndpoint.FILE_ENV, stale.toString()),
                null));
    assertThat(viaStale.exit()).as(viaStale.err()).isEqualTo(5);
    assertThat(viaStale.out()).isEqualTo("alone\n");
    // another program on that port, which cannot know the daemon key: the client sends it nothing
    // (no key, no arguments, no environment) and runs the command itself
    try (ServerSocket impostor = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path taken = elsewhere.resolve("taken.endpoint");
      DaemonEndpoint.withNewKeys(impostor.getLocalPort()).write(taken);
      CompletableFuture<byte[]> heard =
          CompletableFuture.supplyAsync(
              () -> {
                try (Socket socket = impostor.accept()) {
                  socket.setSoTimeout(30_000);
                  String wrong = DaemonEndpoint.withNewKeys(1).daemonKeyHex();
                  socket
                      .getOutputStream()
                      .write(("BERTH " + wrong + "\n").getBytes(StandardCharsets.US_ASCII));
                  return socket.getInputStream().readAllBytes();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      Result viaImpostor =
          finish(
              start(
                  command("run", "--rm", image, "sh", "-c", "echo alone; exit 6"),
                  Map.of(DaemonEndpoint.FILE_ENV, taken.toString(), "SECRET", "s3cr3t"),
                  null));
      assertThat(viaImpostor.exit()).as(viaImpostor.err()).isEqualTo(6);
      assertThat(viaImpostor.out()).isEqualTo("alone\n");
      assertThat(heard.get(30, TimeUnit.SECONDS)).as("what the impostor heard").isEmpty();
    }
    // no endpoint file at all: bin/berth runs the full command line in-process, as without a daemon
    Result viaScript =
        finish(
            start(
                command("run", "-d", image, "sleep", "300"),
                Map.of(DaemonEndpoint.FILE_ENV, elsewhere.resolve("absent.endpoint").toString()),
                null));
    assertThat(viaScript.exit()).as(viaScript.err()).isZero();
    String id = viaScript.out().trim();
    String record =
        Files.readString(root.resolve("containers").resolve(id).resolve("container.json"));
    assertThat(record).doesNotContain("\"MonitorPid\":" + daemon.pid());
    assertThat(client("rm", "-f", id).exit()).isZero();
  }

  @Test
  @Order(9)
  void daemonStop_stopsItsContainers_removesItsEndpointFile() throws Exception {
    Result run =
        client(
            "run",
            "-d",
            "--name",
            "left",
            image,
            "sh",
            "-c",
            "trap 'exit 143' TERM; while :; do sleep 0.1; done");
    assertThat(run.exit()).as(run.err()).isZero();
    daemon.destroy(); // SIGTERM
    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(endpointFile()).doesNotExist();
    // the endpoint file is gone, so bin/berth runs in-process again
    Result all = finish(start(command("ps", "-a"), Map.of(), null));
    assertThat(all.out()).contains("left").contains("Exited (143)");
  }

  @Test
  @Order(10)
  void restartedDaemon_adoptsWhatAKilledDaemonLeftRunning() throws Exception {
    Process killed = startDaemon();
    daemon = killed;
    Result run =
        client(
            "run",
            "-d",
            "--name",
            "orphan",
            image,
            "sh",
            "-c",
            "trap 'exit 0' TERM; while :; do sleep 0.1; done");
    assertThat(run.exit()).as(run.err()).isZero();
    String id = run.out().trim();
    killed.destroyForcibly();
    assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(endpointFile()).as("left behind by the killed daemon").exists();

    daemon = startDaemon(); // replaces the stale endpoint file and adopts the container
    Path record = root.resolve("containers").resolve(id).resolve("container.json");
    assertThat(Files.readString(record)).contains("\"MonitorPid\":" + daemon.pid());
    assertThat(client("ps").out()).contains("orphan").contains("Up");

    Result stop = client("stop", "-t", "5", "orphan");
    assertThat(stop.exit()).as(stop.err()).isZero();
    assertThat(client("ps", "-a").out()).contains("orphan").contains("Exited (-1)");
    try (var found =
        Files.find(
            Path.of("/sys/fs/cgroup"),
            3,
            (path, attributes) -> path.endsWith(Path.of("berth", id)))) {
      assertThat(found.toList()).as("the container's cgroups are removed").isEmpty();
    }
    assertThat(client("rm", "orphan").exit()).isZero();
  }
}
