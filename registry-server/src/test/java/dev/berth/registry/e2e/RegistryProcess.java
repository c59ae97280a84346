package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.RegistryCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The registry as a real operating-system process, started from the boot jar that {@code package}
 * built: what a test needs to crash the server ({@code kill -9}) and start it again.
 */
final class RegistryProcess implements AutoCloseable {
  static final Path BOOT_JAR = Path.of("target", "registry-server.jar");
  private static final Duration STARTUP = Duration.ofMinutes(3);

  private final Process process;
  private final int port;
  private final Path log;

  private RegistryProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts the registry on a free loopback port with {@code dataDir} and waits until it serves. */
  static RegistryProcess start(Path dataDir, Path log) {
    return start(dataDir, log, freePort(), List.of());
  }

  /**
   * Starts the registry on {@code port} with {@code dataDir} and further arguments ({@code
   * --berth.…=…}), and waits until it serves.
   */
  static RegistryProcess start(Path dataDir, Path log, int port, List<String> arguments) {
    assertThat(BOOT_JAR)
        .as("the boot jar, built by the package phase before integration tests")
        .isRegularFile();
    try {
      Process process =
          new ProcessBuilder(RegistryCommand.of(BOOT_JAR, port, dataDir, arguments))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      RegistryProcess registry = new RegistryProcess(process, port, log);
      registry.awaitReady();
      return registry;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook, no graceful close of files or the database. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the killed registry exits").isTrue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  private void awaitReady() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the registry exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(uri("/v2/")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding());
        // 401: serving, and asking for credentials (berth.auth.mode=token or basic)
        if (response.statusCode() == 200 || response.statusCode() == 401) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    process.destroyForcibly();
    throw new AssertionError("the registry did not answer within " + STARTUP + ":\n" + log());
  }

  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
