package dev.berth.registry.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drops the pages of a real mapping of this JVM and reads them again. */
class StartupPageReleaseTest {
  private static final int SIZE = 8 << 20;
  private static final int PAGE = 4096;

  private Path file;
  private byte[] content;

  @BeforeEach
  void writeFile() throws IOException {
    assumeTrue(
        Files.isReadable(Path.of("/proc/self/smaps")), "needs Linux's /proc/self/smaps to check");
    // Under the build directory, not /tmp, which may be a tmpfs: its pages have no file to come
    // back
    // from, and the kernel keeps them.
    Path directory = Files.createDirectories(Path.of("target", "page-release"));
    file = Files.createTempFile(directory, "mapped", ".bin");
    content = new byte[SIZE];
    new Random(7).nextBytes(content);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(content));
      channel.force(true); // clean in the page cache: a dirty page cannot be dropped
    }
  }

  @AfterEach
  void deleteFile() throws IOException {
    if (file != null) {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void pagesOfACleanFileMappingAreDroppedAndReadAgainUnchanged() throws Exception {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, SIZE);
      mapped.load();
      assertThat(mapping().residentKib()).isGreaterThanOrEqualTo(SIZE / 1024 - 64);

      StartupPageRelease.Released released = StartupPageRelease.release(List.of(mapping()));

      assertThat(released.failure()).isNull();
      assertThat(released.mappings()).isEqualTo(1);
      assertThat(mapping().residentKib()).as("resident after the release").isLessThan(64);
      assertThat(vmFlags()).as("advised to read only the page touched").contains(" rr");

      mapped.get(SIZE / 2);
      assertThat(mapping().residentKib())
          .as("one page touched, one page read: neither read-around nor cached neighbours")
          .isLessThanOrEqualTo(2 * PAGE / 1024);

      byte[] again = new byte[SIZE];
      mapped.get(0, again);
      assertThat(MessageDigest.getInstance("SHA-256").digest(again))
          .isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
      assertThat(mapping().residentKib()).isGreaterThanOrEqualTo(SIZE / 1024 - 64);
    }
  }

  @Test
  void writtenAndAnonymousMappingsAreLeftAsTheyAre() throws Exception {
    ByteBuffer anonymous = ByteBuffer.allocateDirect(SIZE);
    for (int i = 0; i < SIZE; i += PAGE) {
      anonymous.put(i, (byte) 1);
    }
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      MappedByteBuffer writable = channel.map(FileChannel.MapMode.PRIVATE, 0, SIZE);
      writable.put(0, (byte) 42);
      writable.load();
      MemoryMapping written = mapping();
      assertThat(written.isCleanFile()).isFalse();

      StartupPageRelease.Released released = StartupPageRelease.release(List.of(written));

      assertThat(released.mappings()).isZero();
      assertThat(mapping().residentKib()).isGreaterThanOrEqualTo(SIZE / 1024 - 64);
      assertThat(writable.get(0)).isEqualTo((byte) 42);
    }
  }

  private MemoryMapping mapping() throws IOException {
    String path = file.toRealPath().toString();
    return MemoryMapping.parseSmaps(Files.readAllLines(Path.of("/proc/self/smaps"))).stream()
        .filter(m -> m.path().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError(path + " is not mapped"));
  }

  private String vmFlags() throws IOException {
    String path = file.toRealPath().toString();
    boolean inMapping = false;
    for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
      if (line.matches("[0-9a-f]+-[0-9a-f]+ .*")) {
        inMapping = line.endsWith(" " + path);
      } else if (inMapping && line.startsWith("VmFlags:")) {
        return line;
      }
    }
    throw new AssertionError("no VmFlags for " + path);
  }
}
