package dev.berth.registry.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Appends bytes to an upload. Not thread-safe; one writer per upload at a time. */
public interface UploadWriter extends Closeable {
  /** Bytes in the upload, including what was there before this writer opened it. */
  long size();

  /** Appends all remaining bytes of {@code buffer}. */
  void write(ByteBuffer buffer) throws IOException;
}
