package dev.berth.registry.storage.s3;

import dev.berth.registry.storage.BlobContent;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/** A committed blob in the bucket, streamed with ranged GETs. */
record S3BlobContent(S3Client s3, String bucket, String key, long size) implements BlobContent {
  @Override
  public InputStream openStream(long offset) throws IOException {
    if (offset >= size) {
      return InputStream.nullInputStream(); // S3 answers 416 to an empty range
    }
    try {
      return s3.getObject(
          request -> {
            request.bucket(bucket).key(key);
            if (offset > 0) {
              request.range("bytes=" + offset + "-");
            }
          });
    } catch (SdkException e) {
      throw new IOException("object storage failed on " + key + ": " + e.getMessage(), e);
    }
  }
}
