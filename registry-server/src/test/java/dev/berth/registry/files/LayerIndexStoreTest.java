package dev.berth.registry.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerIndexStoreTest {
  private static final Digest LAYER = Digest.sha256("layer".getBytes(StandardCharsets.UTF_8));

  @TempDir Path root;

  @Test
  void save_thenLoadFromANewStore_returnsTheSameIndexAndLeavesNoTempFiles() throws IOException {
    LayerIndex index =
        LayerIndexer.index(
            new ByteArrayInputStream(
                new TarFixture().dir("etc").file("etc/hosts", "127.0.0.1\n").whiteout("x").tar()));

    new LayerIndexStore(root).save(LAYER, index);

    assertThat(new LayerIndexStore(root).load(LAYER)).contains(index);
    try (Stream<Path> files = Files.walk(root)) {
      assertThat(files.filter(Files::isRegularFile).map(path -> path.getFileName().toString()))
          .containsExactly(LAYER.hex() + ".idx");
    }
  }

  @Test
  void load_ofAMissingOrDamagedIndex_isEmptySoTheLayerIsIndexedAgain() throws IOException {
    LayerIndexStore store = new LayerIndexStore(root);
    assertThat(store.load(LAYER)).isEmpty();

    Path file = root.resolve("sha256").resolve(LAYER.hex().substring(0, 2));
    Files.createDirectories(file);
    Files.writeString(file.resolve(LAYER.hex() + ".idx"), "not an index");

    assertThat(store.load(LAYER)).isEmpty();
  }
}
