package dev.berth.registry.files;

import dev.berth.oci.Digest;
import dev.berth.registry.config.RegistryProperties;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps each layer's file index as a small file beside the blobs, so it is built once per layer and
 * survives restarts. A layer blob never changes, so an index never goes stale.
 *
 * <pre>
 * DATA_DIR/file-index/
 *   sha256/ab/ab12…ef.idx          gzip of the {@link LayerIndexCodec} form, named by layer digest
 *   sha256/ab/ab12…ef.idx.tmp-UUID  being written; renamed into place when complete
 * </pre>
 */
@Component
public class LayerIndexStore {
  private static final Logger log = LoggerFactory.getLogger(LayerIndexStore.class);

  private final Path root;

  @Autowired
  public LayerIndexStore(RegistryProperties properties) {
    this(properties.dataDir().resolve("file-index"));
  }

  LayerIndexStore(Path root) {
    this.root = root;
  }

  /** The stored index of the layer, or empty when none was stored (or it is unreadable). */
  public Optional<LayerIndex> load(Digest layer) {
    Path file = pathOf(layer);
    try (InputStream in =
        new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file)), 64 * 1024)) {
      return Optional.of(LayerIndexCodec.read(in));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      log.warn("ignoring unreadable layer index {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  /** Stores the index of the layer; readers see the old file or the whole new one. */
  public void save(Digest layer, LayerIndex index) throws IOException {
    Path file = pathOf(layer);
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      try (OutputStream out =
          new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)))) {
        LayerIndexCodec.write(index, out);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private Path pathOf(Digest layer) {
    return root.resolve(layer.algorithm().id())
        .resolve(layer.hex().substring(0, 2))
        .resolve(layer.hex() + ".idx");
  }
}
