package dev.berth.registry.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.util.FileSystemUtils;

/**
 * Temporary directories for what outlives a test class: a Spring context that the test framework
 * caches for other classes, or a server shared by several. Each is deleted when the JVM exits.
 */
public final class TempDirectories {
  private TempDirectories() {}

  /** A new directory in {@code java.io.tmpdir}, deleted with all it holds at exit. */
  public static Path deletedAtExit(String prefix) {
    try {
      Path directory = Files.createTempDirectory(prefix);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory)));
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path directory) {
    try {
      FileSystemUtils.deleteRecursively(directory);
    } catch (IOException e) {
      // best effort at exit
    }
  }
}
