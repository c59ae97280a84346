package dev.berth.registry.files;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageManifest;
import dev.berth.oci.MediaType;
import dev.berth.oci.OciJson;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.blob.BlobService;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.files.LayerEntry.Type;
import dev.berth.registry.manifest.ManifestService;
import dev.berth.registry.manifest.StoredManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Looks inside an image without pulling it: its merged filesystem, what each layer changed, and
 * single files. Each layer is indexed once (streamed from the blob store) and the index kept by
 * {@link LayerIndexStore}; merged trees are kept in memory for the images people are browsing.
 */
@Service
public class ImageFileService {
  private static final Logger log = LoggerFactory.getLogger(ImageFileService.class);

  private final ManifestService manifests;
  private final BlobService blobs;
  private final LayerIndexStore store;
  private final Cache<Digest, LayerIndex> indexes =
      Caffeine.newBuilder()
          .maximumWeight(2_000_000)
          .<Digest, LayerIndex>weigher((digest, index) -> index.entries().size() + 1)
          .build();
  private final Cache<Digest, MergedTree> trees =
      Caffeine.newBuilder()
          .maximumWeight(2_000_000)
          .<Digest, MergedTree>weigher((digest, tree) -> tree.size())
          .build();

  public ImageFileService(ManifestService manifests, BlobService blobs, LayerIndexStore store) {
    this.manifests = manifests;
    this.blobs = blobs;
    this.store = store;
  }

  /** The layers of the image manifest {@code digest}, bottom first. */
  public List<Descriptor> layers(RepositoryName repository, Digest digest) {
    StoredManifest stored = manifests.get(repository, digest.toString());
    if (!MediaType.isImageManifest(stored.mediaType())) {
      throw new RegistryException(
          ErrorCode.UNSUPPORTED,
          "only an image manifest has files; " + digest + " is " + stored.mediaType());
    }
    return OciJson.mapper().readValue(stored.content(), ImageManifest.class).layers();
  }

  /** The filesystem a container of the image would start with. */
  public MergedTree tree(RepositoryName repository, Digest digest) {
    List<Descriptor> layers = layers(repository, digest);
    return trees.get(digest, key -> MergedTree.of(indexes(repository, layers)));
  }

  /** What the layer at {@code position} (0 = bottom) adds, changes and deletes. */
  public LayerChanges changes(RepositoryName repository, Digest digest, int position) {
    List<Descriptor> layers = layers(repository, digest);
    if (position < 0 || position >= layers.size()) {
      throw new RegistryException(
          ErrorCode.NOT_FOUND, "the image has no layer " + (position + 1) + " (1-based)");
    }
    List<LayerIndex> below = indexes(repository, layers.subList(0, position));
    LayerIndex layer = index(repository, layers.get(position));
    return LayerChanges.of(MergedTree.of(below), layer);
  }

  /** The index of one layer blob, built on first use. */
  public LayerIndex index(RepositoryName repository, Descriptor layer) {
    return indexes.get(layer.digest(), digest -> loadOrBuild(repository, digest));
  }

  /**
   * A regular file of the merged filesystem, ready to stream.
   *
   * @throws RegistryException NOT_FOUND when the path is not visible or not a regular file
   */
  public FileDownload file(RepositoryName repository, Digest digest, String path) {
    String normalised =
        LayerIndexer.normalise(path).orElseThrow(() -> notAFile(path, "a path may not contain .."));
    MergedTree tree = tree(repository, digest);
    MergedTree.Node node =
        tree.get(normalised).orElseThrow(() -> notAFile(path, "no such path in the image"));
    MergedTree.Node content =
        tree.resolveHardlink(node).orElseThrow(() -> notAFile(path, "dangling hardlink"));
    if (content.entry().type() != Type.FILE) {
      throw notAFile(
          path, "it is a " + node.entry().type().name().toLowerCase(java.util.Locale.ROOT));
    }
    Descriptor layer = layers(repository, digest).get(content.layer());
    return new FileDownload(
        node.entry().name(), content.entry().size(), repository, layer, content.entry().path());
  }

  /** Copies the file's bytes to {@code out}, streaming its layer until the entry is reached. */
  public void write(FileDownload file, OutputStream out) throws IOException {
    try (InputStream blob = blobs.open(file.repository(), file.layer().digest()).openStream(0);
        TarArchiveInputStream tar = LayerIndexer.openTar(blob)) {
      TarArchiveEntry header;
      while ((header = tar.getNextEntry()) != null) {
        if (header.isFile()
            && header.getSize() == file.size()
            && LayerIndexer.normalise(header.getName())
                .map(file.pathInLayer()::equals)
                .orElse(false)) {
          tar.transferTo(out);
          return;
        }
      }
    }
    throw new IOException(
        "entry " + file.pathInLayer() + " vanished from " + file.layer().digest());
  }

  private List<LayerIndex> indexes(RepositoryName repository, List<Descriptor> layers) {
    List<LayerIndex> result = new ArrayList<>();
    for (Descriptor layer : layers) {
      result.add(index(repository, layer));
    }
    return result;
  }

  private LayerIndex loadOrBuild(RepositoryName repository, Digest digest) {
    return store
        .load(digest)
        .orElseGet(
            () -> {
              long start = System.nanoTime();
              try (InputStream blob = blobs.open(repository, digest).openStream(0)) {
                LayerIndex built = LayerIndexer.index(blob);
                store.save(digest, built);
                log.info(
                    "indexed layer {}: {} entries in {} ms",
                    digest,
                    built.entries().size(),
                    (System.nanoTime() - start) / 1_000_000);
                return built;
              } catch (IOException e) {
                throw new UncheckedIOException("cannot index layer " + digest, e);
              }
            });
  }

  private static RegistryException notAFile(String path, String why) {
    return new RegistryException(ErrorCode.NOT_FOUND, "cannot download " + path + ": " + why);
  }

  /**
   * A file to download.
   *
   * @param name the file name to offer
   * @param size its size in bytes
   * @param repository the repository the layer is read through
   * @param layer the layer that holds the bytes
   * @param pathInLayer the entry's normalised path in that layer
   */
  public record FileDownload(
      String name, long size, RepositoryName repository, Descriptor layer, String pathInLayer) {}
}
