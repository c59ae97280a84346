package dev.berth.oci;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Hashes and counts the bytes read through it. Skipped bytes are read, so they count too. */
public final class DigestingInputStream extends FilterInputStream {
  private final DigestAlgorithm algorithm;
  private final MessageDigest messageDigest;
  private long count;

  public DigestingInputStream(InputStream in, DigestAlgorithm algorithm) {
    super(in);
    this.algorithm = algorithm;
    this.messageDigest = algorithm.newMessageDigest();
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      messageDigest.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      messageDigest.update(b, off, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Bytes read so far. */
  public long count() {
    return count;
  }

  /** The digest of everything read; call once, after the last read. */
  public Digest digest() {
    return Digest.fromBytes(algorithm, messageDigest.digest());
  }
}
