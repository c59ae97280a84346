package dev.berth.agent.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records as files, and the parsed records the store keeps: a record rewritten or deleted, by this
 * store or by another process, is never served from memory.
 */
class ImageStoreTest {
  @TempDir Path directory;

  private static ImageRecord record(String name) {
    Digest id = Digest.sha256("config".getBytes(StandardCharsets.UTF_8));
    Descriptor manifest =
        Descriptor.of(
            "application/vnd.oci.image.manifest.v1+json",
            Digest.sha256("manifest".getBytes(StandardCharsets.UTF_8)),
            8);
    return new ImageRecord(id, manifest, List.of(name), List.of(), 0, "2026-11-29T12:00:00Z");
  }

  @Test
  void rewrittenRecord_isReadAgain() throws IOException {
    ImageStore store = new ImageStore(directory);
    store.put(record("a:1"));
    assertThat(store.list()).extracting(ImageRecord::names).containsExactly(List.of("a:1"));

    store.put(record("a:1").withNames(List.of("a:1", "a:2")));
    assertThat(store.list()).extracting(ImageRecord::names).containsExactly(List.of("a:1", "a:2"));
  }

  @Test
  void recordChangedOrDeletedByAnotherProcess_isNotServedFromMemory() throws IOException {
    ImageStore store = new ImageStore(directory);
    ImageRecord original = record("b:1");
    store.put(original);
    assertThat(store.get(original.id())).contains(original);

    // another process (a berth command without the daemon) renames a new record into place
    new ImageStore(directory).put(original.withNames(List.of("b:2")));
    assertThat(store.get(original.id()).orElseThrow().names()).containsExactly("b:2");

    Path file = directory.resolve(original.id().hex() + ".json");
    Files.delete(file);
    assertThat(store.get(original.id())).isEmpty();
    assertThat(store.list()).isEmpty();
  }

  @Test
  void deletedRecord_isGone() throws IOException {
    ImageStore store = new ImageStore(directory);
    ImageRecord record = record("c:1");
    store.put(record);
    store.list();
    store.delete(record.id());
    assertThat(store.list()).isEmpty();
    assertThat(store.get(record.id())).isEmpty();
  }
}
