package dev.berth.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
  @TempDir Path dir;

  @Test
  void deletesATreeButNotWhatItsLinksPointTo() throws IOException {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("keep"), "kept");
    Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
    Files.writeString(tree.resolve("file"), "x");
    Files.createSymbolicLink(dir.resolve("tree/a/to-outside"), outside);
    Files.createSymbolicLink(dir.resolve("tree/a/b/to-keep"), outside.resolve("keep"));

    FileTrees.delete(dir.resolve("tree"));

    assertThat(dir.resolve("tree")).doesNotExist();
    assertThat(outside.resolve("keep")).hasContent("kept");
  }

  @Test
  void deletesALinkItselfNotItsTarget() throws IOException {
    Path target = Files.createDirectories(dir.resolve("target"));
    Files.writeString(target.resolve("keep"), "kept");
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);

    FileTrees.delete(link);

    assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(target.resolve("keep")).hasContent("kept");
  }

  @Test
  void deletesAPlainFileAndIgnoresAMissingPath() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");

    FileTrees.delete(file);
    FileTrees.delete(dir.resolve("never-there"));

    assertThat(file).doesNotExist();
  }

  @Test
  void deletesDirectoriesWithNoPermissionsLikeOverlayfsWorkDirectories() throws IOException {
    Path work = Files.createDirectories(dir.resolve("c/work/work"));
    Files.writeString(work.resolve("f"), "x");
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("---------"));
    boolean root = "root".equals(System.getProperty("user.name"));

    if (root) {
      FileTrees.delete(dir.resolve("c"));
      assertThat(dir.resolve("c")).doesNotExist();
    } else {
      // Only root opens a mode-000 directory; anyone else gets the error, not a silent half-delete.
      assertThatThrownBy(() -> FileTrees.delete(dir.resolve("c"))).isInstanceOf(IOException.class);
      Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx------"));
    }
  }
}
