package dev.berth.e2e;

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

/** The registry server as a real process, started from the boot jar the build produced. */
final class Registry implements AutoCloseable {
  static final Path BOOT_JAR =
      Repository.ROOT.resolve("registry-server/target/registry-server.jar");

  private final Process process;
  private final int port;
  private final Path log;

  private Registry(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts the registry on a free loopback port, with extra {@code --key=value} arguments. */
  static Registry start(Path dataDir, String... arguments)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(BOOT_JAR)) {
      throw new IllegalStateException(BOOT_JAR + " is missing: build registry-server first");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                BOOT_JAR.toString(),
                "--server.address=127.0.0.1",
                "--server.port=" + port,
                "--berth.data-dir=" + dataDir));
    command.addAll(List.of(arguments));
    Path log = dataDir.resolve("registry.log");
    Files.createDirectories(dataDir);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    Registry registry = new Registry(process, port, log);
    registry.awaitReady();
    return registry;
  }

  /** {@code 127.0.0.1:PORT}, as image references name it. */
  String host() {
    return "127.0.0.1:" + port;
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  private void awaitReady() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("registry exited:\n" + log());
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/")).build(),
                HttpResponse.BodyHandlers.discarding());
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
