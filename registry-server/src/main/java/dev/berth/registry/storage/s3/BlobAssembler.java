package dev.berth.registry.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.commons.io.input.BoundedInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Turns an upload's part objects into one blob object.
 *
 * <p>The bytes stay in the store whenever S3's rules allow: one part is copied server-side; several
 * parts become a multipart upload whose parts are server-side copies, which S3 allows when every
 * part but the last holds at least 5 MiB. Uploads of many small chunks are the exception: their
 * bytes are concatenated through a local spool file and uploaded again.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html">S3 multipart
 *     upload limits</a>
 */
final class BlobAssembler {
  static final long MIN_PART = 5L * 1024 * 1024;
  static final long MAX_SINGLE = 5L * 1024 * 1024 * 1024;
  private static final long COPY_RANGE = 4L * 1024 * 1024 * 1024;
  private static final long UPLOAD_PART = 256L * 1024 * 1024;
  private static final int MAX_PARTS = 10_000;

  private final S3Client s3;
  private final String bucket;
  private final Path spool;

  BlobAssembler(S3Client s3, String bucket, Path spool) {
    this.s3 = s3;
    this.bucket = bucket;
    this.spool = spool;
  }

  /** Writes the concatenation of {@code parts} (in order) to {@code target}. */
  Void assemble(List<S3Object> parts, String target) throws IOException {
    if (parts.isEmpty()) {
      s3.putObject(request -> request.bucket(bucket).key(target), RequestBody.empty());
    } else if (parts.size() == 1 && parts.get(0).size() <= MAX_SINGLE) {
      String source = parts.get(0).key();
      s3.copyObject(
          request ->
              request
                  .sourceBucket(bucket)
                  .sourceKey(source)
                  .destinationBucket(bucket)
                  .destinationKey(target));
    } else if (copyable(parts)) {
      copyParts(parts, target);
    } else {
      concatenate(parts, target);
    }
    return null;
  }

  private static boolean copyable(List<S3Object> parts) {
    long ranges = 0;
    for (int i = 0; i < parts.size(); i++) {
      long size = parts.get(i).size();
      if (i < parts.size() - 1 && size < MIN_PART) {
        return false;
      }
      ranges += Math.max(1, (size + COPY_RANGE - 1) / COPY_RANGE);
    }
    return ranges <= MAX_PARTS;
  }

  private void copyParts(List<S3Object> parts, String target) {
    MultipartWrite write = new MultipartWrite(target);
    try {
      for (S3Object part : parts) {
        long pieces = Math.max(1, (part.size() + COPY_RANGE - 1) / COPY_RANGE);
        long pieceSize = (part.size() + pieces - 1) / pieces;
        for (long start = 0; start < part.size(); start += pieceSize) {
          long end = Math.min(part.size(), start + pieceSize) - 1;
          String range = "bytes=" + start + "-" + end;
          int number = write.nextNumber();
          String etag =
              s3.uploadPartCopy(
                      request ->
                          request
                              .sourceBucket(bucket)
                              .sourceKey(part.key())
                              .copySourceRange(range)
                              .destinationBucket(bucket)
                              .destinationKey(target)
                              .uploadId(write.id)
                              .partNumber(number))
                  .copyPartResult()
                  .eTag();
          write.done(number, etag);
        }
      }
      write.complete();
    } catch (RuntimeException e) {
      write.abort();
      throw e;
    }
  }

  private void concatenate(List<S3Object> parts, String target) throws IOException {
    Path file = spool.resolve("assemble." + UUID.randomUUID());
    try {
      try (FileChannel out =
          FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        for (S3Object part : parts) {
          try (InputStream in = s3.getObject(request -> request.bucket(bucket).key(part.key()))) {
            in.transferTo(Channels.newOutputStream(out));
          }
        }
      }
      long size = Files.size(file);
      if (size <= MAX_SINGLE) {
        s3.putObject(
            request -> request.bucket(bucket).key(target).contentLength(size),
            RequestBody.fromFile(file));
      } else {
        uploadInParts(file, size, target);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private void uploadInParts(Path file, long size, String target) throws IOException {
    MultipartWrite write = new MultipartWrite(target);
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      for (long start = 0; start < size; start += UPLOAD_PART) {
        long length = Math.min(UPLOAD_PART, size - start);
        in.position(start);
        int number = write.nextNumber();
        InputStream piece =
            BoundedInputStream.builder()
                .setInputStream(Channels.newInputStream(in))
                .setMaxCount(length)
                .setPropagateClose(false)
                .get();
        String etag =
            s3.uploadPart(
                    request ->
                        request
                            .bucket(bucket)
                            .key(target)
                            .uploadId(write.id)
                            .partNumber(number)
                            .contentLength(length),
                    RequestBody.fromInputStream(piece, length))
                .eTag();
        write.done(number, etag);
      }
      write.complete();
    } catch (IOException | RuntimeException e) {
      write.abort();
      throw e;
    }
  }

  /** One multipart upload of {@code target}, completed or aborted. */
  private final class MultipartWrite {
    final String id;
    private final String target;
    private final List<CompletedPart> done = new ArrayList<>();

    MultipartWrite(String target) {
      this.target = target;
      this.id = s3.createMultipartUpload(request -> request.bucket(bucket).key(target)).uploadId();
    }

    int nextNumber() {
      return done.size() + 1;
    }

    void done(int number, String etag) {
      done.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
    }

    void complete() {
      s3.completeMultipartUpload(
          request ->
              request
                  .bucket(bucket)
                  .key(target)
                  .uploadId(id)
                  .multipartUpload(upload -> upload.parts(done)));
    }

    void abort() {
      try {
        s3.abortMultipartUpload(request -> request.bucket(bucket).key(target).uploadId(id));
      } catch (RuntimeException e) {
        // The store expires incomplete multipart uploads by its lifecycle rules.
      }
    }
  }
}
