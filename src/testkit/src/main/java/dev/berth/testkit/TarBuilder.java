package dev.berth.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds layer tars in memory, including the malformed and hostile ones tests need. */
public final class TarBuilder {
  /** A fixed mtime so that layers (and their digests) are reproducible. */
  public static final Instant MTIME = Instant.parse("2024-01-02T03:04:05Z");

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;

  public TarBuilder() {
    tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
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

  /** The finished tar; the builder cannot be used afterwards. */
  public byte[] build() {
    try {
      tar.finish();
      tar.close();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
