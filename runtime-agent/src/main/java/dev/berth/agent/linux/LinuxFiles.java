package dev.berth.agent.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The file system calls of layer unpacking, through JNA direct mapping (no reflection per call: a
 * layer may have tens of thousands of entries). Kept apart from {@link LinuxKernel}, which holds
 * the process, namespace and mount calls, so that each stays one concern. Paths are passed as bytes
 * in the JVM's file-name encoding so that they name the same file {@code java.nio} does.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/utimensat.2.html">utimensat(2)</a>
 * @see <a href="https://man7.org/linux/man-pages/man2/ioctl_iflags.2.html">ioctl_iflags(2)</a>
 */
public final class LinuxFiles implements PosixFiles {
  static final LinuxFiles INSTANCE = new LinuxFiles();

  private static final int AT_FDCWD = -100;
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;
  private static final int O_RDONLY = 0;
  private static final int O_NOFOLLOW = 0400000;
  private static final int O_DIRECTORY = 0200000;
  private static final int O_CLOEXEC = 02000000;
  private static final int ENOTTY = 25;
  private static final int ENODATA = 61;
  private static final int ERANGE = 34;
  private static final int EINVAL = 22;
  private static final int EOPNOTSUPP = 95;

  /** {@code _IOR('f', 1, long)} and {@code _IOW('f', 2, long)}; the kernel moves an int. */
  private static final long FS_IOC_GETFLAGS = 0x80086601L;

  private static final long FS_IOC_SETFLAGS = 0x40086602L;
  private static final int FS_TOPDIR_FL = 0x00020000;

  private static final int MAX_XATTR_SIZE = 65536;

  private static final Charset FILE_NAMES =
      Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));

  static {
    Native.register(LinuxFiles.class, NativeLibrary.getInstance("c"));
  }

  private LinuxFiles() {}

  private static native int mknod(byte[] path, int mode, long dev) throws LastErrorException;

  private static native int lchown(byte[] path, int uid, int gid) throws LastErrorException;

  private static native int chmod(byte[] path, int mode) throws LastErrorException;

  private static native int lsetxattr(byte[] path, String name, byte[] value, long size, int flags)
      throws LastErrorException;

  private static native long lgetxattr(byte[] path, String name, byte[] value, long size)
      throws LastErrorException;

  private static native long llistxattr(byte[] path, byte[] list, long size)
      throws LastErrorException;

  private static native int utimensat(int dirfd, byte[] path, long[] times, int flags)
      throws LastErrorException;

  private static native int open(byte[] path, int flags, int mode) throws LastErrorException;

  private static native int ioctl(int fd, long request, int[] argument) throws LastErrorException;

  private static native int close(int fd) throws LastErrorException;

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
        if (e.getErrorCode() == ERANGE && buffer.length < MAX_XATTR_SIZE) {
          buffer = new byte[buffer.length * 16];
          continue;
        }
        throw failure("lgetxattr", path + " " + name, e);
      }
    }
  }

  @Override
  public List<String> llistxattr(Path path) {
    byte[] buffer = new byte[1024];
    long size;
    while (true) {
      try {
        size = llistxattr(bytes(path), buffer, buffer.length);
        break;
      } catch (LastErrorException e) {
        if (e.getErrorCode() == ERANGE && buffer.length < MAX_XATTR_SIZE) {
          buffer = new byte[buffer.length * 8];
          continue;
        }
        throw failure("llistxattr", path, e);
      }
    }
    List<String> names = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < size; i++) {
      if (buffer[i] == 0) {
        names.add(new String(buffer, start, i - start, FILE_NAMES));
        start = i + 1;
      }
    }
    return names;
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

  @Override
  public boolean spreadSubdirectories(Path directory) {
    int fd;
    try {
      fd = open(bytes(directory), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
    } catch (LastErrorException e) {
      throw failure("open", directory, e);
    }
    try {
      int[] flags = new int[1];
      ioctl(fd, FS_IOC_GETFLAGS, flags);
      if ((flags[0] & FS_TOPDIR_FL) == 0) {
        flags[0] |= FS_TOPDIR_FL;
        ioctl(fd, FS_IOC_SETFLAGS, flags);
      }
      return true;
    } catch (LastErrorException e) {
      int errno = e.getErrorCode();
      if (errno == ENOTTY || errno == EOPNOTSUPP || errno == EINVAL) {
        return false; // a file system without inode flags, or without this one
      }
      throw failure("ioctl(FS_IOC_SETFLAGS)", directory, e);
    } finally {
      close(fd);
    }
  }

  /** glibc's {@code makedev}: the 64-bit dev_t layout with split major and minor fields. */
  public static long makedev(int major, int minor) {
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

  private static ErrnoException failure(String operation, Object subject, LastErrorException e) {
    return new ErrnoException(operation, String.valueOf(subject), e.getErrorCode());
  }
}
