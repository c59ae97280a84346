package dev.berth.agent.unpack;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails once more than a limit of bytes has been read: the decompression-bomb guard. */
final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private long count;

  LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      add(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      add(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(n);
    add(skipped);
    return skipped;
  }

  private void add(long n) throws InvalidLayerException {
    count += n;
    if (count > limit) {
      throw new InvalidLayerException(
          "layer expands to more than " + limit + " bytes (limit exceeded)");
    }
  }
}
