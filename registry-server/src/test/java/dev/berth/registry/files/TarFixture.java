package dev.berth.registry.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/** Builds small layer tarballs in memory for tests. */
final class TarFixture {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;

  TarFixture() {
    tar = new TarArchiveOutputStream(bytes);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
  }

  TarFixture dir(String name) {
    return put(entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, 0755), null);
  }

  TarFixture file(String name, String content) {
    return file(name, content, 0644);
  }

  TarFixture file(String name, String content, int mode) {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = entry(name, TarConstants.LF_NORMAL, mode);
    entry.setSize(data.length);
    return put(entry, data);
  }

  TarFixture symlink(String name, String target) {
    TarArchiveEntry entry = entry(name, TarConstants.LF_SYMLINK, 0777);
    entry.setLinkName(target);
    return put(entry, null);
  }

  TarFixture hardlink(String name, String target) {
    TarArchiveEntry entry = entry(name, TarConstants.LF_LINK, 0644);
    entry.setLinkName(target);
    return put(entry, null);
  }

  TarFixture whiteout(String deletedPath) {
    int slash = deletedPath.lastIndexOf('/');
    String name =
        slash < 0
            ? ".wh." + deletedPath
            : deletedPath.substring(0, slash + 1) + ".wh." + deletedPath.substring(slash + 1);
    return file(name, "");
  }

  TarFixture opaque(String directory) {
    return file(directory + "/.wh..wh..opq", "");
  }

  byte[] tar() {
    try {
      tar.finish();
      tar.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  byte[] gzip() {
    return compress(tar(), false);
  }

  byte[] zstd() {
    return compress(tar(), true);
  }

  static byte[] compress(byte[] plain, boolean zstd) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream compressor =
        zstd ? new ZstdCompressorOutputStream(out) : new GzipCompressorOutputStream(out)) {
      compressor.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static TarArchiveEntry entry(String name, byte type, int mode) {
    TarArchiveEntry entry = new TarArchiveEntry(name, type);
    entry.setMode(mode);
    entry.setUserId(0);
    entry.setGroupId(0);
    entry.setUserName("root");
    entry.setGroupName("root");
    return entry;
  }

  private TarFixture put(TarArchiveEntry entry, byte[] data) {
    try {
      tar.putArchiveEntry(entry);
      if (data != null) {
        tar.write(data);
      }
      tar.closeArchiveEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }
}
