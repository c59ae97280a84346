package dev.berth.registry.api;

import dev.berth.oci.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the API tests look at, or break on purpose, in the blob store behind the registry, whichever
 * kind it is: a blob's presence, a lost or truncated blob, an upload's leftover data.
 */
interface StoredBlobs {
  boolean exists(Digest digest) throws IOException;

  void remove(Digest digest) throws IOException;

  void overwrite(Digest digest, byte[] content) throws IOException;

  /** How many stored objects (files, parts) belong to the upload {@code uploadId}. */
  long uploadObjects(String uploadId) throws IOException;

  /** The filesystem store under {@code root} ({@code <data-dir>/storage}). */
  static StoredBlobs filesystem(Path root) {
    return new StoredBlobs() {
      private Path file(Digest digest) {
        return root.resolve("blobs")
            .resolve(digest.algorithm().id())
            .resolve(digest.hex().substring(0, 2))
            .resolve(digest.hex());
      }

      @Override
      public boolean exists(Digest digest) {
        return Files.exists(file(digest));
      }

      @Override
      public void remove(Digest digest) throws IOException {
        Files.delete(file(digest));
      }

      @Override
      public void overwrite(Digest digest, byte[] content) throws IOException {
        Files.write(file(digest), content);
      }

      @Override
      public long uploadObjects(String uploadId) throws IOException {
        try (Stream<Path> uploads = Files.list(root.resolve("uploads"))) {
          return uploads.filter(p -> p.getFileName().toString().startsWith(uploadId)).count();
        }
      }
    };
  }

  /** An S3 bucket, with the registry's objects under {@code prefix}. */
  static StoredBlobs s3(S3Client s3, String bucket, String prefix) {
    return new StoredBlobs() {
      private String key(Digest digest) {
        return prefix
            + "blobs/"
            + digest.algorithm().id()
            + "/"
            + digest.hex().substring(0, 2)
            + "/"
            + digest.hex();
      }

      @Override
      public boolean exists(Digest digest) {
        return s3.listObjectsV2(request -> request.bucket(bucket).prefix(key(digest)))
            .hasContents();
      }

      @Override
      public void remove(Digest digest) {
        s3.deleteObject(request -> request.bucket(bucket).key(key(digest)));
      }

      @Override
      public void overwrite(Digest digest, byte[] content) {
        s3.putObject(
            request -> request.bucket(bucket).key(key(digest)), RequestBody.fromBytes(content));
      }

      @Override
      public long uploadObjects(String uploadId) {
        return s3
            .listObjectsV2Paginator(
                request -> request.bucket(bucket).prefix(prefix + "uploads/" + uploadId))
            .contents()
            .stream()
            .count();
      }
    };
  }
}
