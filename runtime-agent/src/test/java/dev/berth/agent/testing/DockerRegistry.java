package dev.berth.agent.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Assumptions;

/** The CNCF reference registry ({@code /usr/bin/docker-registry}) on a free loopback port. */
public final class DockerRegistry implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/docker-registry");

  private final Process process;
  private final int port;

  private DockerRegistry(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts a registry storing into {@code dir}; skips the test when the binary is absent. */
  public static DockerRegistry start(Path dir) throws IOException, InterruptedException {
    Assumptions.assumeTrue(
        Files.isExecutable(BINARY),
        "docker-registry is not installed (Debian package docker-registry)");
    int port = freePort();
    Path config = dir.resolve("config.yml");
    Files.createDirectories(dir.resolve("storage"));
    Files.writeString(
        config,
        """
        version: 0.1
        log:
          level: error
          accesslog:
            disabled: true
        storage:
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:%d
        """
            .formatted(dir.resolve("storage"), port));
    Process process =
        new ProcessBuilder(BINARY.toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    DockerRegistry registry = new DockerRegistry(process, port);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException(
            "docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
      }
      try {
        HttpURLConnection c =
            (HttpURLConnection)
                URI.create("http://127.0.0.1:" + port + "/v2/").toURL().openConnection();
        if (c.getResponseCode() == 200) {
          return registry;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(50);
    }
    registry.close();
    throw new IOException("docker-registry did not start on port " + port);
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** host:port of the registry. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
