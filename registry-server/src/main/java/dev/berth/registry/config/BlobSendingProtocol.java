package dev.berth.registry.config;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's HTTP/1.1 connector, except that a file handed to it for {@code sendfile} (a blob: see
 * {@code BlobHandler}) is copied to the socket in writes of 1 MiB from the request's thread while
 * fewer than four other files are being copied ({@link BlobSendingEndpoint}). Named in {@link
 * TomcatConfiguration}.
 */
public class BlobSendingProtocol extends Http11NioProtocol {
  /**
   * Fewer, larger writes: {@code curl -o /dev/null} got 2.85 GB/s with 1 MiB against 2.25 with 256
   * KiB (src/bench/NOTES.md); the pull was the same with either.
   */
  static final int BUFFER_SIZE = 1024 * 1024;

  /** At most this many files are copied at once (and threads held); the rest go by sendfile. */
  static final int BUFFERS = 4;

  public BlobSendingProtocol() {
    this(new SendBuffers(BUFFER_SIZE, BUFFERS));
  }

  BlobSendingProtocol(SendBuffers buffers) {
    super(new BlobSendingEndpoint(buffers));
  }
}
