package dev.berth.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checked-out repository is, found from the module's working directory. */
final class Repository {
  static final Path ROOT = find();

  private Repository() {}

  private static Path find() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("bin/berth"))
          && Files.isDirectory(dir.resolve("registry-server"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "cannot find the repository root from " + Path.of("").toAbsolutePath());
  }
}
