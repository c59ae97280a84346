package dev.berth.registry.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A throwaway PostgreSQL server for tests: a fresh cluster in a temporary directory on a free
 * loopback port, started once per JVM from Debian's {@code postgresql} binaries and stopped at
 * exit. As root the cluster runs as the {@code postgres} user, since PostgreSQL refuses root.
 */
public final class EmbeddedPostgres {
  private static EmbeddedPostgres instance;

  private final Path directory;
  private final int port;
  private final Path binaries;

  private EmbeddedPostgres(Path binaries, Path directory, int port) {
    this.binaries = binaries;
    this.directory = directory;
    this.port = port;
  }

  /** The shared server, started on first use; skips the test when PostgreSQL is not installed. */
  public static synchronized EmbeddedPostgres shared() {
    if (instance == null) {
      Optional<Path> binaries = findBinaries();
      Assumptions.assumeTrue(
          binaries.isPresent(),
          "PostgreSQL server binaries (Debian package postgresql) are not installed;"
              + " bin/test installs them");
      try {
        instance = start(binaries.get());
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException("could not start PostgreSQL: " + e.getMessage(), e);
      }
      EmbeddedPostgres started = instance;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
    }
    return instance;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  public String username() {
    return "berth";
  }

  /**
   * Points the Spring context under test at a new, empty database on the shared server, named
   * {@code prefix} and a unique suffix; returns its JDBC URL.
   */
  public static String useNewDatabase(DynamicPropertyRegistry registry, String prefix) {
    EmbeddedPostgres postgres = shared();
    String url = postgres.createDatabase(prefix + "_" + System.nanoTime());
    registry.add("spring.datasource.url", () -> url);
    registry.add("spring.datasource.username", postgres::username);
    registry.add("spring.datasource.password", () -> "");
    return url;
  }

  /** A new, empty database on this server, so each test context starts clean. */
  public String createDatabase(String name) {
    try {
      run(
          List.of(
              binaries.resolve("psql").toString(),
              "-h",
              "127.0.0.1",
              "-p",
              String.valueOf(port),
              "-U",
              "berth",
              "-d",
              "postgres",
              "-c",
              "CREATE DATABASE " + name));
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
  }

  private static Optional<Path> findBinaries() {
    Path base = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(base)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(base)) {
      return versions
          .map(version -> version.resolve("bin"))
          .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
          .max(Comparator.naturalOrder());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static EmbeddedPostgres start(Path binaries) throws IOException, InterruptedException {
    Path directory = Files.createTempDirectory("berth-pg");
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      UserPrincipalLookupService users = directory.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(directory, users.lookupPrincipalByName("postgres"));
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    EmbeddedPostgres server = new EmbeddedPostgres(binaries, directory, port);
    Path data = directory.resolve("data");
    server.runAsOwner(
        List.of(
            binaries.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            "berth",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync"));
    server.runAsOwner(
        List.of(
            binaries.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            directory.resolve("server.log").toString(),
            "-o",
            "-p " + port + " -k " + directory + " -h 127.0.0.1 -F",
            "-w",
            "start"));
    return server;
  }

  private void stop() {
    try {
      runAsOwner(
          List.of(
              binaries.resolve("pg_ctl").toString(),
              "-D",
              directory.resolve("data").toString(),
              "-m",
              "immediate",
              "stop"));
      try (Stream<Path> paths = Files.walk(directory)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      // Best effort at JVM exit; the directory is in /tmp.
    }
  }

  private void runAsOwner(List<String> command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    run(full);
  }

  private void run(List<String> command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .directory(Path.of("/tmp").toFile())
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("command failed: " + command + "\n" + output);
    }
  }
}
