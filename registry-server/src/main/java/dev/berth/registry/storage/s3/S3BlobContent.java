package dev.berth.registry.storage.s3;

import dev.berth.registry.storage.BlobContent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** A committed blob in the bucket, streamed with ranged GETs. */
record S3BlobContent(S3Client s3, S3Presigner presigner, String bucket, String key, long size)
    implements BlobContent {
  /** How long a redirect URL stays valid (as distribution's S3 driver). */
  static final Duration REDIRECT_TTL = Duration.ofMinutes(20);

  @Override
  public Optional<URI> redirect() {
    if (presigner == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          presigner
              .presignGetObject(
                  request ->
                      request
                          .signatureDuration(REDIRECT_TTL)
                          .getObjectRequest(get -> get.bucket(bucket).key(key)))
              .url()
              .toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("the store signed an invalid URL", e);
    }
  }

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
