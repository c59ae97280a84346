package dev.berth.agent.unpack;

/**
 * A libc call failed; the message reads like {@code mknod(/x): EPERM (Operation not permitted)}.
 */
public class NativeCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int errno;

  public NativeCallException(
      String operation, String subject, int errno, String errnoName, String text) {
    super(operation + "(" + subject + "): " + errnoName + " (" + text + ")");
    this.errno = errno;
  }

  /** The errno the call failed with. */
  public int errno() {
    return errno;
  }
}
