package dev.berth.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds layer tars in memory, including the malformed and hostile ones tests need. */
public final class TarBuilder {
  /** A fixed mtime so that layers (and their digests) are reproducible. */
  public static final Instant MTIME = Instant.parse("2024-01-02T03:04:05Z");

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;

  /** Placeholder → binary value, patched in by {@link #build}. */
  private final Map<String, byte[]> binaryValues = new LinkedHashMap<>();

  public TarBuilder() {
    tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  /** The host's static busybox (Debian package busybox-static), for images that run commands. */
  public static final Path BUSYBOX = Path.of("/bin/busybox");

  /** Adds {@code bin/busybox} (the host's static busybox) and {@code bin/APPLET} links to it. */
  public TarBuilder busybox(String... applets) {
    try {
      dir("bin", 0755).file("bin/busybox", Files.readAllBytes(BUSYBOX), 0755, 0, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String applet : applets) {
      symlink("bin/" + applet, "busybox");
    }
    return this;
  }

  public TarBuilder dir(String name) {
    return dir(name, 0755);
  }

  public TarBuilder dir(String name, int mode) {
    return dir(name, mode, 0, 0);
  }

  public TarBuilder dir(String name, int mode, int uid, int gid) {
    TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
    return put(e, mode, uid, gid, null);
  }

  public TarBuilder file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8), 0644, 0, 0);
  }

  public TarBuilder file(String name, String content, int mode) {
    return file(name, content.getBytes(StandardCharsets.UTF_8), mode, 0, 0);
  }

  public TarBuilder file(String name, byte[] content, int mode, int uid, int gid) {
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setSize(content.length);
    return put(e, mode, uid, gid, content);
  }

  public TarBuilder fileWithXattr(String name, String content, String xattr, String value) {
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    e.setSize(data.length);
    e.addPaxHeader("SCHILY.xattr." + xattr, value);
    return put(e, 0644, 0, 0, data);
  }

  /**
   * A file with an xattr whose value is arbitrary bytes. commons-compress writes PAX values as
   * UTF-8 text, so the entry is written with an ASCII placeholder of the same length, which {@link
   * #build} replaces with the bytes.
   */
  public TarBuilder fileWithXattr(
      String name, String content, int mode, int uid, int gid, String xattr, byte[] value) {
    String marker = "\u007fxattr" + binaryValues.size() + "\u007f";
    if (value.length < marker.length()) {
      throw new IllegalArgumentException("binary xattr values need " + marker.length() + " bytes");
    }
    String placeholder = marker + "\u007f".repeat(value.length - marker.length());
    binaryValues.put(placeholder, value.clone());
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    e.setSize(data.length);
    e.addPaxHeader("SCHILY.xattr." + xattr, placeholder);
    return put(e, mode, uid, gid, data);
  }

  /** A file with PAX records as given, such as libarchive's {@code LIBARCHIVE.xattr.*}. */
  public TarBuilder fileWithPaxHeaders(String name, String content, Map<String, String> headers) {
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    e.setSize(data.length);
    headers.forEach(e::addPaxHeader);
    return put(e, 0644, 0, 0, data);
  }

  public TarBuilder symlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
    e.setLinkName(target);
    return put(e, 0777, 0, 0, null);
  }

  public TarBuilder hardlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
    e.setLinkName(target);
    return put(e, 0644, 0, 0, null);
  }

  public TarBuilder fifo(String name, int mode) {
    return put(new TarArchiveEntry(name, TarConstants.LF_FIFO, true), mode, 0, 0, null);
  }

  public TarBuilder charDevice(String name, int mode, int major, int minor) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR, true);
    e.setDevMajor(major);
    e.setDevMinor(minor);
    return put(e, mode, 0, 0, null);
  }

  public TarBuilder blockDevice(String name, int mode, int major, int minor) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_BLK, true);
    e.setDevMajor(major);
    e.setDevMinor(minor);
    return put(e, mode, 0, 0, null);
  }

  /** A {@code .wh.NAME} entry hiding {@code path} of a lower layer. */
  public TarBuilder whiteout(String path) {
    int slash = path.lastIndexOf('/');
    String name = path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1);
    return file(name, new byte[0], 0644, 0, 0);
  }

  /** The marker that makes {@code dir} opaque. */
  public TarBuilder opaque(String dir) {
    return file(dir + "/.wh..wh..opq", new byte[0], 0644, 0, 0);
  }

  private TarBuilder put(TarArchiveEntry e, int mode, int uid, int gid, byte[] content) {
    try {
      e.setMode(mode); // permission bits only, as GNU tar writes them
      e.setUserId(uid);
      e.setGroupId(gid);
      if (uid == 0) {
        e.setUserName("root"); // as in images built by real tools
      }
      if (gid == 0) {
        e.setGroupName("root");
      }
      e.setModTime(Date.from(MTIME));
      tar.putArchiveEntry(e);
      if (content != null) {
        tar.write(content);
      }
      tar.closeArchiveEntry();
      return this;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static void patch(byte[] tar, String placeholder, byte[] value) {
    byte[] needle = placeholder.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i + needle.length <= tar.length; i++) {
      if (Arrays.equals(tar, i, i + needle.length, needle, 0, needle.length)) {
        System.arraycopy(value, 0, tar, i, value.length);
        return;
      }
    }
    throw new IllegalStateException("placeholder of a binary xattr not found in the tar");
  }

  public byte[] build() {
    try {
      tar.finish();
      tar.close();
      byte[] out = bytes.toByteArray();
      binaryValues.forEach((placeholder, value) -> patch(out, placeholder, value));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
