package dev.berth.agent.unpack;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The one class that calls libc through JNA (direct mapping, for speed: a layer may have tens of
 * thousands of entries). Paths are passed as bytes in the JVM's file-name encoding so that they
 * name the same file {@code java.nio} does.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/utimensat.2.html">utimensat(2)</a>
 */
final class NativeFiles implements PosixFiles {
  static final NativeFiles INSTANCE = new NativeFiles();

  private static final int AT_FDCWD = -100;
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;
  private static final int ENODATA = 61;
  private static final int ERANGE = 34;

  private static final Charset FILE_NAMES =
      Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));

  /** errno names for the errors a layer apply can meet; others print as their number. */
  private static final Map<Integer, String> ERRNO_NAMES =
      Map.ofEntries(
          Map.entry(1, "EPERM"),
          Map.entry(2, "ENOENT"),
          Map.entry(5, "EIO"),
          Map.entry(13, "EACCES"),
          Map.entry(16, "EBUSY"),
          Map.entry(17, "EEXIST"),
          Map.entry(18, "EXDEV"),
          Map.entry(20, "ENOTDIR"),
          Map.entry(21, "EISDIR"),
          Map.entry(22, "EINVAL"),
          Map.entry(28, "ENOSPC"),
          Map.entry(30, "EROFS"),
          Map.entry(ERANGE, "ERANGE"),
          Map.entry(36, "ENAMETOOLONG"),
          Map.entry(40, "ELOOP"),
          Map.entry(ENODATA, "ENODATA"),
          Map.entry(95, "EOPNOTSUPP"),
          Map.entry(122, "EDQUOT"));

  static {
    Native.register(NativeFiles.class, NativeLibrary.getInstance("c"));
  }

  private NativeFiles() {}

  private static native int mknod(byte[] path, int mode, long dev) throws LastErrorException;

  private static native int lchown(byte[] path, int uid, int gid) throws LastErrorException;

  private static native int chmod(byte[] path, int mode) throws LastErrorException;

  private static native int lsetxattr(byte[] path, String name, byte[] value, long size, int flags)
      throws LastErrorException;

  private static native long lgetxattr(byte[] path, String name, byte[] value, long size)
      throws LastErrorException;

  private static native int utimensat(int dirfd, byte[] path, long[] times, int flags)
      throws LastErrorException;

  private static native String strerror(int errnum);

  @Override
  public void mknod(Path path, int mode, int major, int minor) {
    try {
      mknod(bytes(path), mode, makedev(major, minor));
    } catch (LastErrorException e) {
      throw failure("mknod", path, e);
    }
  }

  @Override
  public void lchown(Path path, int uid, int gid) {
    try {
      lchown(bytes(path), uid, gid);
    } catch (LastErrorException e) {
      throw failure("lchown", path, e);
    }
  }

  @Override
  public void chmod(Path path, int mode) {
    try {
      chmod(bytes(path), mode & 07777);
    } catch (LastErrorException e) {
      throw failure("chmod", path, e);
    }
  }

  @Override
  public void lsetxattr(Path path, String name, byte[] value) {
    try {
      lsetxattr(bytes(path), name, value, value.length, 0);
    } catch (LastErrorException e) {
      throw failure("lsetxattr", path + " " + name, e);
    }
  }

  @Override
  public Optional<byte[]> lgetxattr(Path path, String name) {
    byte[] buffer = new byte[256];
    while (true) {
      try {
        long size = lgetxattr(bytes(path), name, buffer, buffer.length);
        return Optional.of(Arrays.copyOf(buffer, (int) size));
      } catch (LastErrorException e) {
        if (e.getErrorCode() == ENODATA) {
          return Optional.empty();
        }
        if (e.getErrorCode() == ERANGE && buffer.length < 65536) {
          buffer = new byte[buffer.length * 16];
          continue;
        }
        throw failure("lgetxattr", path + " " + name, e);
      }
    }
  }

  @Override
  public void lutimes(Path path, long epochSecond, int nanos) {
    long[] times = {epochSecond, nanos, epochSecond, nanos};
    try {
      utimensat(AT_FDCWD, bytes(path), times, AT_SYMLINK_NOFOLLOW);
    } catch (LastErrorException e) {
      throw failure("utimensat", path, e);
    }
  }

  /** glibc's {@code makedev}: the 64-bit dev_t layout with split major and minor fields. */
  static long makedev(int major, int minor) {
    long ma = major & 0xffffffffL;
    long mi = minor & 0xffffffffL;
    return ((ma & 0xfffff000L) << 32)
        | ((ma & 0x00000fffL) << 8)
        | ((mi & 0xffffff00L) << 12)
        | (mi & 0x000000ffL);
  }

  private static byte[] bytes(Path path) {
    byte[] name = path.toString().getBytes(FILE_NAMES);
    return Arrays.copyOf(name, name.length + 1);
  }

  private static NativeCallException failure(
      String operation, Object subject, LastErrorException e) {
    int errno = e.getErrorCode();
    return new NativeCallException(
        operation,
        String.valueOf(subject),
        errno,
        ERRNO_NAMES.getOrDefault(errno, "errno " + errno),
        strerror(errno));
  }
}
