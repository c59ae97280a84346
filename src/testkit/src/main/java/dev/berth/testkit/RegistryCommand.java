package dev.berth.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts the registry's boot jar for a test: on loopback, with its own data
 * directory, a small serial-collected heap and C1 only (tests want a quick start, not peak speed).
 */
public final class RegistryCommand {
  private RegistryCommand() {}

  /** {@code java … -jar BOOT_JAR --server.port=PORT --berth.data-dir=DIR ARGUMENTS…}. */
  public static List<String> of(Path bootJar, int port, Path dataDir, List<String> arguments) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                bootJar.toString(),
                "--server.address=127.0.0.1",
                "--server.port=" + port,
                "--berth.data-dir=" + dataDir));
    command.addAll(arguments);
    return command;
  }
}
