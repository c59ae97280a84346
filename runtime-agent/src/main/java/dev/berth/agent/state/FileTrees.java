package dev.berth.agent.state;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deletes a directory tree of the agent's state (a snapshot being discarded, a removed container, a
 * directory a layer whites out) without ever following a symbolic link out of it.
 */
public final class FileTrees {
  private FileTrees() {}

  /**
   * Deletes {@code path} and, when it is a directory, everything below it; nothing when it does not
   * exist. A symbolic link is deleted, never its target. Root opens directories whatever their mode
   * (overlayfs leaves {@code work/work} with mode 000).
   *
   * @throws IOException when an entry cannot be deleted, or when a directory fills up again while
   *     it is being emptied
   */
  public static void delete(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            try {
              Files.delete(dir);
            } catch (DirectoryNotEmptyException race) {
              throw new IOException(
                  "could not empty " + dir + ": it was written to meanwhile", race);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
