package dev.berth.registry.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.registry.storage.BlobStorage;
import dev.berth.registry.storage.BlobStorageContract;
import dev.berth.registry.storage.StorageProperties;
import dev.berth.registry.storage.UploadWriter;
import dev.berth.registry.support.S3Proxy;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The storage contract on a real S3 API server, plus the ways an upload's parts are joined. */
class S3BlobStorageIT extends BlobStorageContract {
  @TempDir Path spool;
  private S3Client s3;
  private StorageProperties.S3 bucket;

  @Override
  protected BlobStorage createStorage() throws IOException {
    bucket = S3Proxy.shared().newBucket("registry/");
    s3 = S3Clients.create(bucket);
    return new S3BlobStorage(
        s3, S3Clients.presigner(bucket), bucket.bucket(), bucket.prefix(), spool);
  }

  @Override
  protected long leftoverTemporaryObjects() throws IOException {
    long objects =
        s3
            .listObjectsV2Paginator(
                request -> request.bucket(bucket.bucket()).prefix(bucket.prefix() + "uploads/"))
            .contents()
            .stream()
            .count();
    try (Stream<Path> files = Files.list(spool)) {
      return objects + files.count();
    }
  }

  @AfterEach
  void closeClient() {
    s3.close();
  }

  private static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  private String upload(byte[] data, int... chunkSizes) throws IOException {
    String id = UUID.randomUUID().toString();
    int offset = 0;
    for (int size : chunkSizes) {
      try (UploadWriter writer = storage.append(id)) {
        assertThat(writer.size()).isEqualTo(offset);
        writer.write(ByteBuffer.wrap(data, offset, size));
      }
      offset += size;
    }
    assertThat(offset).isEqualTo(data.length);
    return id;
  }

  @Test
  void bigChunks_areJoinedByServerSideCopies() throws IOException {
    int mib = 1024 * 1024;
    byte[] data = random(13 * mib + 7, 1);
    String id = upload(data, 6 * mib, 7 * mib, 7);
    Digest digest = Digest.sha256(data);

    storage.commit(id, digest, data.length);

    assertThat(read(digest, data.length, 0)).isEqualTo(data);
    byte[] tail = read(digest, data.length, 12L * mib);
    assertThat(tail).hasSize(mib + 7);
    assertThat(tail[0]).isEqualTo(data[12 * mib]);
  }

  @Test
  void smallChunks_areJoinedThroughTheSpool() throws IOException {
    byte[] data = random(300_000, 2);
    String id = upload(data, 100_000, 100_000, 100_000);
    Digest digest = Digest.sha256(data);

    try (InputStream in = storage.readUpload(id)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    storage.commit(id, digest, data.length);

    assertThat(read(digest, data.length, 0)).isEqualTo(data);
  }

  @Test
  void readingAtTheEnd_givesNoBytes() throws IOException {
    byte[] data = random(10, 3);
    Digest digest = Digest.sha256(data);
    storage.commit(upload(data, 10), digest, 10);
    assertThat(read(digest, 10, 10)).isEmpty();
  }

  @Test
  void blobsLiveUnderThePrefix_namedByDigest() throws IOException {
    byte[] data = random(10, 4);
    Digest digest = Digest.sha256(data);
    storage.commit(upload(data, 10), digest, 10);
    String key = "registry/blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex();
    assertThat(s3.headObject(request -> request.bucket(bucket.bucket()).key(key)).contentLength())
        .isEqualTo(10);
  }

  @Test
  void chunksSpooledBeforeACrash_arePurgedWithAbandonedUploads() throws IOException {
    Path stale = Files.writeString(spool.resolve(UUID.randomUUID() + ".crashed"), "half a chunk");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(3600)));

    storage.uploadsOlderThan(Instant.now().minusSeconds(60));

    assertThat(stale).doesNotExist();
  }

  @Test
  void redirect_isAPresignedUrlThatServesTheBlob() throws Exception {
    byte[] data = random(1000, 5);
    Digest digest = Digest.sha256(data);
    storage.commit(upload(data, 1000), digest, 1000);
    URI url = storage.open(digest, 1000).orElseThrow().redirect().orElseThrow();

    HttpResponse<byte[]> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(data);
    assertThat(url.getQuery()).contains("X-Amz-Signature=").contains("X-Amz-Expires=1200");
  }
}
