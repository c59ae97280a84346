package dev.berth.registry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.Digest;
import dev.berth.registry.storage.BlobStorage;
import dev.berth.registry.storage.filesystem.FilesystemBlobStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchingInputStreamTest {
  private static final byte[] BLOB = "layer bytes from the remote".getBytes(StandardCharsets.UTF_8);
  private static final Digest DIGEST = Digest.sha256(BLOB);

  @TempDir Path root;
  private BlobStorage storage;
  private final List<Digest> stored = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    storage = new FilesystemBlobStorage(root);
  }

  @Test
  void readToTheEnd_passesTheBytesOn_andStoresTheBlob() throws IOException {
    byte[] passed;
    try (InputStream in = fetching(BLOB, BLOB.length)) {
      passed = in.readAllBytes();
    }

    assertThat(passed).isEqualTo(BLOB);
    assertThat(stored).containsExactly(DIGEST);
    assertThat(storage.size(DIGEST)).hasValue((long) BLOB.length);
    assertThat(uploadsLeft()).isEmpty();
  }

  @Test
  void closedBeforeTheEnd_keepsNothing() throws IOException {
    try (InputStream in = fetching(BLOB, BLOB.length)) {
      assertThat(in.readNBytes(5)).hasSize(5);
    }

    assertThat(stored).isEmpty();
    assertThat(storage.size(DIGEST)).isEmpty();
    assertThat(uploadsLeft()).isEmpty();
  }

  @Test
  void otherBytes_thanTheDigest_failTheRead_andKeepNothing() throws IOException {
    byte[] tampered = BLOB.clone();
    tampered[3] ^= 1;

    try (InputStream in = fetching(tampered, tampered.length)) {
      assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("sent " + Digest.sha256(tampered) + " for " + DIGEST);
    }

    assertThat(stored).isEmpty();
    assertThat(storage.size(DIGEST)).isEmpty();
    assertThat(uploadsLeft()).isEmpty();
  }

  @Test
  void aStreamShorterThanTheSize_failsTheRead_andKeepsNothing() throws IOException {
    try (InputStream in = fetching(BLOB, BLOB.length + 10)) {
      assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("after " + BLOB.length + " of " + (BLOB.length + 10) + " bytes");
    }

    assertThat(stored).isEmpty();
    assertThat(uploadsLeft()).isEmpty();
  }

  private FetchingInputStream fetching(byte[] remote, long size) throws IOException {
    return new FetchingInputStream(
        new ByteArrayInputStream(remote),
        storage,
        DIGEST,
        size,
        (uploadId, digest, length) -> {
          storage.commit(uploadId, digest, length);
          stored.add(digest);
        });
  }

  private List<String> uploadsLeft() throws IOException {
    return storage.uploadsOlderThan(Instant.now().plusSeconds(60));
  }
}
