package dev.berth.registry.support;

import dev.berth.registry.storage.StorageProperties;
import dev.berth.registry.storage.s3.S3Clients;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server for tests: <a href="https://github.com/gaul/s3proxy">S3Proxy</a> on a free
 * loopback port, storing objects in a temporary directory, started once per JVM as its own process
 * (the build copies its jar to {@code target/test-tools}) and stopped at exit.
 */
public final class S3Proxy {
  static final Path JAR = Path.of("target", "test-tools", "s3proxy.jar");
  private static final String ACCESS_KEY = "berth-test";
  private static final String SECRET_KEY = "berth-test-secret";
  private static S3Proxy instance;

  private final Process process;
  private final URI endpoint;

  private S3Proxy(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** The shared server, started on first use. */
  public static synchronized S3Proxy shared() {
    if (instance == null) {
      try {
        instance = start();
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException("could not start S3Proxy: " + e.getMessage(), e);
      }
      Process process = instance.process;
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    }
    return instance;
  }

  private static S3Proxy start() throws IOException, InterruptedException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(
          JAR.toAbsolutePath() + " is missing; the generate-test-resources phase copies it");
    }
    Path directory = TempDirectories.deletedAtExit("berth-s3proxy");
    Path data = Files.createDirectories(directory.resolve("data"));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    Path properties = directory.resolve("s3proxy.conf");
    Files.write(
        properties,
        List.of(
            "s3proxy.endpoint=" + endpoint,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=filesystem-nio2",
            "jclouds.identity=" + ACCESS_KEY,
            "jclouds.credential=" + SECRET_KEY,
            "jclouds.filesystem.basedir=" + data));
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                JAR.toAbsolutePath().toString(),
                "--properties",
                properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("s3proxy.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "S3Proxy exited: " + Files.readString(directory.resolve("s3proxy.log")));
      }
      try (Socket probe = new Socket("127.0.0.1", port)) {
        return new S3Proxy(process, endpoint);
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    process.destroyForcibly();
    throw new IOException("S3Proxy did not listen on " + endpoint + " within 60 s");
  }

  /** Settings for a new, empty bucket of its own. */
  public StorageProperties.S3 newBucket(String prefix) {
    String bucket =
        "berth-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    StorageProperties.S3 settings =
        new StorageProperties.S3(
            bucket, endpoint, "us-east-1", prefix, true, ACCESS_KEY, SECRET_KEY, true);
    try (S3Client s3 = S3Clients.create(settings)) {
      s3.createBucket(request -> request.bucket(bucket));
    }
    return settings;
  }

  public URI endpoint() {
    return endpoint;
  }

  public String accessKey() {
    return ACCESS_KEY;
  }

  public String secretKey() {
    return SECRET_KEY;
  }
}
