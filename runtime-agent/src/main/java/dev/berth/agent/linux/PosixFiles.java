package dev.berth.agent.linux;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The file operations a layer needs that {@code java.nio} cannot do: device nodes, set-id bits,
 * ownership, xattrs outside the {@code user.} namespace with binary values, and the inode flag that
 * steers ext4's allocator. None of them follow a final symlink except {@link #chmod}, which is
 * never called on one.
 *
 * <p>Every failing call throws {@link ErrnoException} naming the operation, the path and the errno.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/mknod.2.html">mknod(2)</a>
 * @see <a href="https://man7.org/linux/man-pages/man7/xattr.7.html">xattr(7)</a>
 */
public interface PosixFiles {
  /** File type bits of {@code st_mode}. */
  int S_IFIFO = 0010000;

  int S_IFCHR = 0020000;
  int S_IFBLK = 0060000;

  /** Creates a device node or fifo; {@code mode} carries the type bits. */
  void mknod(Path path, int mode, int major, int minor);

  /** Changes the numeric owner without following a final symlink. */
  void lchown(Path path, int uid, int gid);

  /** Sets all twelve permission bits, set-user-ID, set-group-ID and sticky included. */
  void chmod(Path path, int mode);

  /** Sets an extended attribute on the path itself, never on a symlink's target. */
  void lsetxattr(Path path, String name, byte[] value);

  /** Reads an extended attribute of the path itself; empty when it is not set. */
  Optional<byte[]> lgetxattr(Path path, String name);

  /** The names of the path's own extended attributes, in the order the file system keeps them. */
  List<String> llistxattr(Path path);

  /** Sets access and modification time, with nanoseconds, without following a final symlink. */
  void lutimes(Path path, long epochSecond, int nanos);

  /**
   * Asks the file system to place each new subdirectory of {@code directory} in its own region, as
   * ext4 does for the top-level directories of a disk ({@code chattr +T}, {@code FS_TOPDIR_FL}).
   *
   * @return false when the file system has no such flag (anything but ext2/3/4)
   * @see <a href="https://man7.org/linux/man-pages/man2/ioctl_iflags.2.html">ioctl_iflags(2)</a>
   */
  boolean spreadSubdirectories(Path directory);

  /** The implementation for this host. */
  static PosixFiles system() {
    return LinuxFiles.INSTANCE;
  }
}
