package dev.berth.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link BlobStorage} implementation must have. */
public abstract class BlobStorageContract {
  protected BlobStorage storage;

  /** A fresh, empty storage. */
  protected abstract BlobStorage createStorage() throws IOException;

  /** Number of upload/temporary objects the implementation currently holds. */
  protected abstract long leftoverTemporaryObjects() throws IOException;

  @BeforeEach
  void setUp() throws IOException {
    storage = createStorage();
  }

  @AfterEach
  void noTemporaryObjectsLeft() throws IOException {
    assertThat(leftoverTemporaryObjects()).as("leftover upload files").isZero();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private String upload(byte[]... chunks) throws IOException {
    String id = UUID.randomUUID().toString();
    for (byte[] chunk : chunks) {
      try (UploadWriter writer = storage.append(id)) {
        writer.write(ByteBuffer.wrap(chunk));
      }
    }
    return id;
  }

  /** The bytes of a stored blob from {@code offset} on. */
  protected final byte[] read(Digest digest, long size, long offset) throws IOException {
    BlobContent content = storage.open(digest, size).orElseThrow();
    try (InputStream in = content.openStream(offset)) {
      return in.readAllBytes();
    }
  }

  @Test
  void commit_publishesAppendedBytes() throws IOException {
    byte[] data = bytes("hello world");
    String id = upload(bytes("hello "), bytes("world"));
    assertThat(storage.uploadSize(id)).contains(11L);
    Digest digest = Digest.sha256(data);
    assertThat(storage.size(digest)).isEmpty();

    storage.commit(id, digest, data.length);

    assertThat(storage.size(digest)).contains(11L);
    assertThat(read(digest, 11, 0)).isEqualTo(data);
    assertThat(read(digest, 11, 6)).isEqualTo(bytes("world"));
    assertThat(storage.uploadSize(id)).isEmpty();
  }

  @Test
  void commit_withWrongSize_publishesNothing() throws IOException {
    String id = upload(bytes("abc"));
    Digest digest = Digest.sha256(bytes("abc"));
    assertThatThrownBy(() -> storage.commit(id, digest, 4)).isInstanceOf(IOException.class);
    assertThat(storage.size(digest)).isEmpty();
  }

  @Test
  void commit_keepsAnExistingBlob() throws IOException {
    byte[] data = bytes("same");
    Digest digest = Digest.sha256(data);
    storage.commit(upload(data), digest, 4);
    storage.commit(upload(data), digest, 4);
    assertThat(read(digest, 4, 0)).isEqualTo(data);
  }

  @Test
  void open_withUnexpectedSize_readsAsAbsent() throws IOException {
    byte[] data = bytes("12345");
    Digest digest = Digest.sha256(data);
    storage.commit(upload(data), digest, 5);
    assertThat(storage.open(digest, 4)).isEmpty();
    assertThat(storage.open(digest, 5)).isPresent();
  }

  @Test
  void cancel_discardsUpload() throws IOException {
    String id = upload(bytes("partial"));
    storage.cancel(id);
    assertThat(storage.uploadSize(id)).isEmpty();
    storage.cancel(id);
  }

  @Test
  void delete_removesBlob() throws IOException {
    byte[] data = bytes("gone");
    Digest digest = Digest.sha256(data);
    storage.commit(upload(data), digest, 4);
    storage.delete(digest);
    assertThat(storage.size(digest)).isEmpty();
    storage.delete(digest);
  }

  @Test
  void uploadsOlderThan_listsAbandonedUploads() throws IOException {
    String id = upload(bytes("old"));
    assertThat(storage.uploadsOlderThan(Instant.now().minusSeconds(60))).doesNotContain(id);
    assertThat(storage.uploadsOlderThan(Instant.now().plusSeconds(60))).contains(id);
    storage.cancel(id);
  }

  @Test
  void append_rejectsIdsThatAreNotUuids() {
    assertThatThrownBy(() -> storage.append("../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
