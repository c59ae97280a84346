package dev.berth.agent.unpack;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The file operations a layer needs that {@code java.nio} cannot do: device nodes, set-id bits,
 * ownership and xattrs outside the {@code user.} namespace. None of them follow a final symlink
 * except {@link #chmod}, which is never called on one.
 *
 * <p>Every failing call throws {@link NativeCallException} naming the operation, the path and the
 * errno.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/mknod.2.html">mknod(2)</a>
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

  /** Sets access and modification time, with nanoseconds, without following a final symlink. */
  void lutimes(Path path, long epochSecond, int nanos);

  /** The implementation for this host. */
  static PosixFiles system() {
    return NativeFiles.INSTANCE;
  }
}
