package dev.berth.registry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** A committed blob ready to be read: its size, and a way to stream it from any offset. */
public interface BlobContent {
  /** Size in bytes. */
  long size();

  /** A stream of the blob's bytes starting at {@code offset}. The caller closes it. */
  InputStream openStream(long offset) throws IOException;

  /**
   * The blob's file on a local filesystem, when it has one: lets the web server send it from the
   * file itself (Tomcat's {@code sendfile} path) instead of through a stream.
   */
  default Optional<Path> localFile() {
    return Optional.empty();
  }

  /**
   * A short-lived URL the client may fetch the bytes from directly (an object store's presigned
   * URL), when the store offers one and redirects are enabled.
   */
  default Optional<URI> redirect() {
    return Optional.empty();
  }
}
