package dev.berth.oci;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Hashes and counts the bytes written through it, so a copy and its digest take one pass. */
public final class DigestingOutputStream extends FilterOutputStream {
  private final DigestAlgorithm algorithm;
  private final MessageDigest messageDigest;
  private long count;

  public DigestingOutputStream(OutputStream out, DigestAlgorithm algorithm) {
    super(out);
    this.algorithm = algorithm;
    this.messageDigest = algorithm.newMessageDigest();
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    messageDigest.update((byte) b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    messageDigest.update(b, off, len);
    count += len;
  }

  /** Bytes written so far. */
  public long count() {
    return count;
  }

  /** The digest of everything written; call once, after the last write. */
  public Digest digest() {
    return Digest.fromBytes(algorithm, messageDigest.digest());
  }
}
