package dev.berth.agent.cli;

import java.io.IOException;

/**
 * The reader of the caller's stdout went away (EPIPE: {@code berth logs -f c | head -1}). A command
 * ends on it quietly with 141, as a C program ends on the SIGPIPE a JVM ignores.
 */
final class OutputClosedException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The exit status of a process ended by SIGPIPE (128 + 13). */
  static final int STATUS = 141;

  OutputClosedException(IOException cause) {
    super("the reader of stdout went away", cause);
  }

  /** Whether {@code e}, or one of its causes, is this exception. */
  static boolean in(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OutputClosedException) {
        return true;
      }
    }
    return false;
  }
}
