package dev.berth.agent.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The caller's stdout as commands write to it: a write that fails because its reader went away
 * (EPIPE, whether from the JDK's own streams or from a daemon writing to the client's descriptor)
 * fails with {@link OutputClosedException}, which ends the command quietly.
 */
final class CallerOutput extends FilterOutputStream {
  CallerOutput(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    try {
      out.write(b);
    } catch (IOException e) {
      throw translate(e);
    }
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    try {
      out.write(bytes, offset, length);
    } catch (IOException e) {
      throw translate(e);
    }
  }

  @Override
  public void flush() throws IOException {
    try {
      out.flush();
    } catch (IOException e) {
      throw translate(e);
    }
  }

  static IOException translate(IOException e) {
    return brokenPipe(e) && !(e instanceof OutputClosedException)
        ? new OutputClosedException(e)
        : e;
  }

  private static boolean brokenPipe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("Broken pipe")) {
        return true;
      }
    }
    return false;
  }
}
