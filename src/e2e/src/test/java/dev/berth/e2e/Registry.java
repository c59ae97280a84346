package dev.berth.e2e;

import dev.berth.testkit.RegistryCommand;
import dev.berth.testkit.TestCa;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The registry server as a real process, started from the boot jar the build produced. */
final class Registry implements AutoCloseable {
  static final Path BOOT_JAR =
      Repository.ROOT.resolve("registry-server/target/registry-server.jar");

  private final Process process;
  private final int port;
  private final Path log;
  private final URI base;
  private final HttpClient http;

  private Registry(Process process, int port, Path log, String scheme, HttpClient http) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.base = URI.create(scheme + "://127.0.0.1:" + port + "/v2/");
    this.http = http;
  }

  /** Starts the registry on a free loopback port, with extra {@code --key=value} arguments. */
  static Registry start(Path dataDir, String... arguments)
      throws IOException, InterruptedException {
    return start(dataDir, "http", HttpClient.newHttpClient(), arguments);
  }

  /** Starts the registry serving HTTPS with a server certificate that {@code ca} signed. */
  static Registry startWithTls(Path dataDir, TestCa ca, String... arguments)
      throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of(arguments));
    all.add("--berth.tls.certificate=" + ca.serverCertificate());
    all.add("--berth.tls.private-key=" + ca.serverKey());
    return start(
        dataDir,
        "https",
        HttpClient.newBuilder().sslContext(ca.sslContext()).build(),
        all.toArray(String[]::new));
  }

  private static Registry start(Path dataDir, String scheme, HttpClient http, String... arguments)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(BOOT_JAR)) {
      throw new IllegalStateException(BOOT_JAR + " is missing: build registry-server first");
    }
    int port = freePort();
    List<String> command = RegistryCommand.of(BOOT_JAR, port, dataDir, List.of(arguments));
    return launch(command, Map.of(), dataDir, port, scheme, http);
  }

  /**
   * Starts the registry the way the README does, with {@code bin/registry} (its JVM flags and
   * allocator settings), on a free loopback port given by {@code BERTH_PORT}, its data under {@code
   * BERTH_DATA_DIR}.
   */
  static Registry startWithScript(Path dataDir) throws IOException, InterruptedException {
    int port = freePort();
    List<String> command =
        List.of(Repository.ROOT.resolve("bin/registry").toString(), "--server.address=127.0.0.1");
    return launch(
        command,
        Map.of("BERTH_DATA_DIR", dataDir.toString(), "BERTH_PORT", Integer.toString(port)),
        dataDir,
        port,
        "http",
        HttpClient.newHttpClient());
  }

  private static Registry launch(
      List<String> command,
      Map<String, String> env,
      Path dataDir,
      int port,
      String scheme,
      HttpClient http)
      throws IOException, InterruptedException {
    Path log = dataDir.resolve("registry.log");
    Files.createDirectories(dataDir);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    Registry registry = new Registry(builder.start(), port, log, scheme, http);
    registry.awaitReady();
    return registry;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The process ID of the registry's JVM. */
  long pid() {
    return process.pid();
  }

  /** {@code 127.0.0.1:PORT}, as image references name it. */
  String host() {
    return "127.0.0.1:" + port;
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("registry exited:\n" + log());
      }
      try {
        HttpResponse<Void> response =
            http.send(HttpRequest.newBuilder(base).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200 || response.statusCode() == 401) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("registry did not start:\n" + log());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
