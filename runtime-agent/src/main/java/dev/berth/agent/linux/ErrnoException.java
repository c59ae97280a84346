package dev.berth.agent.linux;

import java.util.Map;

/**
 * A kernel call failed: carries the operation, its subject and the errno, and prints them as {@code
 * mount(/x): EPERM (Operation not permitted)}.
 *
 * @see <a href="https://man7.org/linux/man-pages/man3/errno.3.html">errno(3)</a>
 */
public final class ErrnoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Names and texts of the errno values a runtime meets; others print as their number. */
  private static final Map<Integer, String[]> ERRNOS =
      Map.ofEntries(
          Map.entry(1, new String[] {"EPERM", "Operation not permitted"}),
          Map.entry(2, new String[] {"ENOENT", "No such file or directory"}),
          Map.entry(3, new String[] {"ESRCH", "No such process"}),
          Map.entry(4, new String[] {"EINTR", "Interrupted system call"}),
          Map.entry(5, new String[] {"EIO", "Input/output error"}),
          Map.entry(7, new String[] {"E2BIG", "Argument list too long"}),
          Map.entry(8, new String[] {"ENOEXEC", "Exec format error"}),
          Map.entry(9, new String[] {"EBADF", "Bad file descriptor"}),
          Map.entry(10, new String[] {"ECHILD", "No child processes"}),
          Map.entry(11, new String[] {"EAGAIN", "Resource temporarily unavailable"}),
          Map.entry(12, new String[] {"ENOMEM", "Cannot allocate memory"}),
          Map.entry(13, new String[] {"EACCES", "Permission denied"}),
          Map.entry(14, new String[] {"EFAULT", "Bad address"}),
          Map.entry(16, new String[] {"EBUSY", "Device or resource busy"}),
          Map.entry(17, new String[] {"EEXIST", "File exists"}),
          Map.entry(18, new String[] {"EXDEV", "Invalid cross-device link"}),
          Map.entry(19, new String[] {"ENODEV", "No such device"}),
          Map.entry(20, new String[] {"ENOTDIR", "Not a directory"}),
          Map.entry(21, new String[] {"EISDIR", "Is a directory"}),
          Map.entry(22, new String[] {"EINVAL", "Invalid argument"}),
          Map.entry(24, new String[] {"EMFILE", "Too many open files"}),
          Map.entry(25, new String[] {"ENOTTY", "Inappropriate ioctl for device"}),
          Map.entry(26, new String[] {"ETXTBSY", "Text file busy"}),
          Map.entry(28, new String[] {"ENOSPC", "No space left on device"}),
          Map.entry(30, new String[] {"EROFS", "Read-only file system"}),
          Map.entry(32, new String[] {"EPIPE", "Broken pipe"}),
          Map.entry(34, new String[] {"ERANGE", "Numerical result out of range"}),
          Map.entry(36, new String[] {"ENAMETOOLONG", "File name too long"}),
          Map.entry(38, new String[] {"ENOSYS", "Function not implemented"}),
          Map.entry(39, new String[] {"ENOTEMPTY", "Directory not empty"}),
          Map.entry(40, new String[] {"ELOOP", "Too many levels of symbolic links"}),
          Map.entry(61, new String[] {"ENODATA", "No data available"}),
          Map.entry(95, new String[] {"EOPNOTSUPP", "Operation not supported"}),
          Map.entry(122, new String[] {"EDQUOT", "Disk quota exceeded"}));

  private final String operation;
  private final String subject;
  private final int errno;

  public ErrnoException(String operation, String subject, int errno) {
    super(operation + "(" + subject + "): " + describe(errno));
    this.operation = operation;
    this.subject = subject;
    this.errno = errno;
  }

  /** {@code EPERM (Operation not permitted)}, or {@code errno 200} when unknown. */
  public static String describe(int errno) {
    String[] known = ERRNOS.get(errno);
    return known == null ? "errno " + errno : known[0] + " (" + known[1] + ")";
  }

  public String operation() {
    return operation;
  }

  public String subject() {
    return subject;
  }

  public int errno() {
    return errno;
  }
}
