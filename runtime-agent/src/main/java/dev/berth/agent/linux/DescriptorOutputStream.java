package dev.berth.agent.linux;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream on a raw descriptor, such as one taken from another process with {@link
 * Linux#pidfdGetfd}: each write goes to the kernel at once, unbuffered, and {@link #close} closes
 * the descriptor once, after any write in progress (a descriptor closed under a write could be
 * reused by the next open and receive its bytes).
 */
public final class DescriptorOutputStream extends OutputStream {
  private final Linux linux;
  private final int fd;
  private boolean closed;

  public DescriptorOutputStream(Linux linux, int fd) {
    this.linux = linux;
    this.fd = fd;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    if (closed) {
      throw new IOException("descriptor " + fd + " is closed");
    }
    int written = 0;
    try {
      while (written < length) {
        written += linux.write(fd, bytes, offset + written, length - written);
      }
    } catch (ErrnoException e) {
      // EPIPE above all: whoever read the other end went away
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      linux.close(fd);
    }
  }
}
