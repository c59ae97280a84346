package dev.berth.registry.blob;

import dev.berth.registry.storage.BlobContent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** A blob opened for reading in a repository: its size and a way to stream it. */
public final class OpenBlob {
  private final BlobContent content;

  public OpenBlob(BlobContent content) {
    this.content = content;
  }

  /** Size in bytes. */
  public long size() {
    return content.size();
  }

  /** The bytes from {@code offset} on; the caller closes the stream. */
  public InputStream openStream(long offset) throws IOException {
    return content.openStream(offset);
  }

  /** The blob's local file, when it has one (lets the server send it from the file). */
  public Optional<Path> localFile() {
    return content.localFile();
  }

  /** A URL the client may fetch the bytes from directly, when storage offers one. */
  public Optional<URI> redirect() {
    return content.redirect();
  }
}
