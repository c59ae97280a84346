package dev.berth.registry.proxy;

import dev.berth.oci.Digest;
import dev.berth.registry.storage.BlobStorage;
import dev.berth.registry.storage.UploadWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.UUID;

/**
 * A blob streaming from the remote registry to a client, written to storage as it passes. When its
 * last byte has passed and the bytes match the digest, {@code publisher} makes the upload the blob;
 * if the stream ends early, carries other bytes, or is closed before its end (the client went
 * away), nothing is kept.
 */
final class FetchingInputStream extends FilterInputStream {
  /** Commits the verified upload as the blob (and links it where it was fetched for). */
  interface Publisher {
    void publish(String uploadId, Digest digest, long size) throws IOException;
  }

  private final BlobStorage storage;
  private final Digest digest;
  private final long size;
  private final Publisher publisher;
  private final String uploadId = UUID.randomUUID().toString();
  private final UploadWriter writer;
  private final MessageDigest hash;
  private long count;
  private boolean done;

  FetchingInputStream(
      InputStream remote, BlobStorage storage, Digest digest, long size, Publisher publisher)
      throws IOException {
    super(remote);
    this.storage = storage;
    this.digest = digest;
    this.size = size;
    this.publisher = publisher;
    this.hash = digest.algorithm().newMessageDigest();
    this.writer = storage.append(uploadId);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (done) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    int n;
    try {
      n = in.read(b, off, (int) Math.min(len, size - count));
      if (n < 0) {
        throw new IOException(
            "the remote registry ended " + digest + " after " + count + " of " + size + " bytes");
      }
      hash.update(b, off, n);
      writer.write(ByteBuffer.wrap(b, off, n));
      count += n;
      if (count == size) {
        finish();
      }
    } catch (IOException | RuntimeException e) {
      discard();
      throw e;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[(int) Math.min(n, 64 * 1024)];
    int read = read(buffer, 0, buffer.length);
    return Math.max(read, 0);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() throws IOException {
    try {
      in.close();
    } finally {
      discard();
    }
  }

  private void finish() throws IOException {
    done = true;
    writer.close();
    Digest actual = Digest.fromBytes(digest.algorithm(), hash.digest());
    if (!actual.equals(digest)) {
      storage.cancel(uploadId);
      throw new IOException("the remote registry sent " + actual + " for " + digest);
    }
    publisher.publish(uploadId, digest, size);
  }

  private void discard() throws IOException {
    if (done) {
      return;
    }
    done = true;
    try {
      writer.close();
    } finally {
      storage.cancel(uploadId);
    }
  }
}
