package dev.berth.agent.runtime;

/**
 * A container could not be started; carries the exit status {@code berth run} reports, as podman
 * does: 125 for an error of the runtime, 126 when the command cannot be invoked, 127 when it is not
 * found.
 */
public final class LaunchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public static final int AGENT_ERROR = 125;
  public static final int CANNOT_INVOKE = 126;
  public static final int NOT_FOUND = 127;

  private final int exitCode;

  public LaunchException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public LaunchException(int exitCode, String message) {
    this(exitCode, message, null);
  }

  public int exitCode() {
    return exitCode;
  }
}
