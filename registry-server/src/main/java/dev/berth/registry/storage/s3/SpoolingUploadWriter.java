package dev.berth.registry.storage.s3;

import dev.berth.registry.storage.UploadWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Appends one chunk to an upload in object storage. S3 objects cannot be appended to and a streamed
 * chunk has no length up front, so the chunk is spooled to a local file and stored as one part
 * object when the writer closes. Memory use stays flat whatever the chunk size.
 */
final class SpoolingUploadWriter implements UploadWriter {
  private final S3Client s3;
  private final String bucket;
  private final String partKey;
  private final long startSize;
  private final Path spoolFile;
  private final FileChannel channel;

  SpoolingUploadWriter(S3Client s3, String bucket, String partKey, long startSize, Path spoolFile)
      throws IOException {
    this.s3 = s3;
    this.bucket = bucket;
    this.partKey = partKey;
    this.startSize = startSize;
    this.spoolFile = spoolFile;
    this.channel =
        FileChannel.open(spoolFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  @Override
  public long size() {
    try {
      return startSize + channel.size();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void write(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      long length = channel.size();
      channel.close();
      if (length > 0) {
        s3.putObject(
            request -> request.bucket(bucket).key(partKey).contentLength(length),
            RequestBody.fromFile(spoolFile));
      }
    } finally {
      channel.close();
      Files.deleteIfExists(spoolFile);
    }
  }
}
