package dev.berth.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxFilesTest {
  @TempDir Path dir;

  private final PosixFiles files = PosixFiles.system();

  private static String lsattr(Path path) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("lsattr", "-d", path.toString()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    return out.substring(0, out.indexOf(' '));
  }

  @Test
  void spreadSubdirectories_setsTheTopDirectoryFlagOnceAndKeepsTheOthers() throws Exception {
    Path directory = Files.createDirectory(dir.resolve("scratch"));
    String before = lsattr(directory);

    boolean supported = files.spreadSubdirectories(directory);
    assumeThat(supported).as("the file system of %s has no inode flags", dir).isTrue();

    String after = lsattr(directory);
    assertThat(after).contains("T");
    assertThat(after.replace("T", "-")).isEqualTo(before);
    assertThat(files.spreadSubdirectories(directory)).isTrue();
    assertThat(lsattr(directory)).isEqualTo(after);
  }

  @Test
  void spreadSubdirectories_refusesASymlink() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("link"), dir);

    // O_NOFOLLOW | O_DIRECTORY: the link itself is opened, and it is no directory
    assertThatThrownBy(() -> files.spreadSubdirectories(link))
        .isInstanceOf(ErrnoException.class)
        .hasMessage("open(" + link + "): ENOTDIR (Not a directory)");
  }

  @Test
  void xattrs_binaryValuesRoundTripAndAreListed() throws IOException {
    Path file = Files.writeString(dir.resolve("f"), "x");
    byte[] value = {0, (byte) 0xff, (byte) 0x80, '\n'};

    files.lsetxattr(file, "user.one", value);
    files.lsetxattr(file, "user.two", new byte[0]);

    assertThat(files.lgetxattr(file, "user.one"))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(value));
    assertThat(files.lgetxattr(file, "user.two")).hasValueSatisfying(v -> assertThat(v).isEmpty());
    assertThat(files.lgetxattr(file, "user.none")).isEmpty();
    assertThat(files.llistxattr(file)).contains("user.one", "user.two");
  }
}
