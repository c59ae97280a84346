package dev.berth.agent.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
  @TempDir Path dir;

  private static final byte[] BLOB = "hello content store".getBytes(StandardCharsets.UTF_8);
  private static final Descriptor DESCRIPTOR =
      Descriptor.of("application/octet-stream", Digest.sha256(BLOB), BLOB.length);

  private long ingestFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("ingest"))) {
      return files.count();
    }
  }

  @Test
  void write_verifiesAndStoresByDigest() throws IOException {
    ContentStore store = new ContentStore(dir);
    Path path = store.write(DESCRIPTOR, BLOB);

    assertThat(path).isEqualTo(dir.resolve("blobs/sha256/" + DESCRIPTOR.digest().hex()));
    assertThat(store.find(DESCRIPTOR.digest())).contains(path);
    assertThat(store.read(DESCRIPTOR.digest())).isEqualTo(BLOB);
    assertThat(store.list()).containsExactly(DESCRIPTOR.digest());
    assertThat(ingestFiles()).isZero();
  }

  @Test
  void write_rejectsMismatchAndStoresNothing() throws IOException {
    ContentStore store = new ContentStore(dir);
    byte[] wrong = "not the same".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> store.write(DESCRIPTOR, wrong))
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining(DESCRIPTOR.digest().toString());
    assertThat(store.find(DESCRIPTOR.digest())).isEmpty();
    assertThat(ingestFiles()).isZero();
  }

  @Test
  void ingest_resumesFromPartialBytesAndCommits() throws IOException {
    ContentStore store = new ContentStore(dir);
    try (Ingest first = store.openIngest(DESCRIPTOR)) {
      first.append(BLOB, 0, 5);
    } // connection lost: partial kept

    try (Ingest second = store.openIngest(DESCRIPTOR)) {
      assertThat(second.offset()).isEqualTo(5);
      try (InputStream existing = second.readExisting()) {
        assertThat(existing.readAllBytes()).isEqualTo(java.util.Arrays.copyOf(BLOB, 5));
      }
      second.append(BLOB, 5, BLOB.length - 5);
      second.commit(DESCRIPTOR.digest(), BLOB.length);
    }

    assertThat(store.read(DESCRIPTOR.digest())).isEqualTo(BLOB);
    assertThat(ingestFiles()).isZero();
  }

  @Test
  void ingest_commitWithWrongDigestDiscards() throws IOException {
    ContentStore store = new ContentStore(dir);
    try (Ingest ingest = store.openIngest(DESCRIPTOR)) {
      ingest.append(BLOB, 0, BLOB.length);
      Digest wrong = Digest.sha256(new byte[] {1});
      assertThatThrownBy(() -> ingest.commit(wrong, BLOB.length))
          .isInstanceOf(DigestMismatchException.class);
    }
    assertThat(store.find(DESCRIPTOR.digest())).isEmpty();
    assertThat(ingestFiles()).isZero();
  }

  @Test
  void ingest_partialLongerThanBlobIsDropped() throws IOException {
    ContentStore store = new ContentStore(dir);
    Files.write(
        dir.resolve("ingest/sha256-" + DESCRIPTOR.digest().hex()), new byte[BLOB.length + 10]);
    try (Ingest ingest = store.openIngest(DESCRIPTOR)) {
      assertThat(ingest.offset()).isZero();
    }
  }

  @Test
  void deleteIdleIngests_removesAbandonedPartials() throws IOException {
    ContentStore store = new ContentStore(dir);
    try (Ingest ingest = store.openIngest(DESCRIPTOR)) {
      ingest.append(BLOB, 0, 3);
    }
    assertThat(store.deleteIdleIngests()).isEqualTo(1);
    assertThat(ingestFiles()).isZero();
  }
}
