package dev.berth.registry.e2e;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageIndex;
import dev.berth.oci.ImageManifest;
import dev.berth.oci.MediaType;
import dev.berth.oci.OciJson;
import dev.berth.oci.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * An OCI image layout directory, written in code for tests (so clients such as skopeo can copy from
 * it) and read back (to compare what a client copied out of the registry).
 *
 * <pre>
 * ROOT/oci-layout                  {"imageLayoutVersion":"1.0.0"}
 * ROOT/index.json                  the tagged manifests, tag in org.opencontainers.image.ref.name
 * ROOT/blobs/sha256/HEX            layers, configs, manifests and indexes, named by digest
 * </pre>
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">image-spec
 *     image layout</a>
 */
final class OciLayout {
  static final String REF_NAME = "org.opencontainers.image.ref.name";

  private final Path root;
  private final List<Descriptor> tagged = new ArrayList<>();

  private OciLayout(Path root) {
    this.root = root;
  }

  /** A new, empty layout at {@code root}. */
  static OciLayout create(Path root) {
    OciLayout layout = new OciLayout(root);
    try {
      Files.createDirectories(root.resolve("blobs/sha256"));
      Files.writeString(root.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    layout.writeIndex();
    return layout;
  }

  /** An existing layout (for example one a client wrote), for reading. */
  static OciLayout open(Path root) {
    return new OciLayout(root);
  }

  Path root() {
    return root;
  }

  /** Writes a single-platform image (layers, config, manifest) and returns its descriptor. */
  Descriptor addImage(Platform platform, List<TarLayer> layers) {
    List<Descriptor> layerDescriptors = new ArrayList<>();
    List<Digest> diffIds = new ArrayList<>();
    for (TarLayer layer : layers) {
      layerDescriptors.add(writeBlob(MediaType.OCI_LAYER_GZIP, layer.compressed()));
      diffIds.add(layer.diffId());
    }
    ImageConfig config =
        new ImageConfig(
            "2024-01-01T00:00:00Z",
            null,
            platform.architecture(),
            platform.os(),
            platform.variant(),
            new ImageConfig.Config(
                null, null, List.of("PATH=/bin"), null, List.of("/bin/sh"), null, "/", null, null),
            new ImageConfig.RootFs("layers", diffIds),
            null);
    Descriptor configDescriptor =
        writeBlob(MediaType.OCI_CONFIG, OciJson.mapper().writeValueAsBytes(config));
    ImageManifest manifest =
        new ImageManifest(
            2, MediaType.OCI_MANIFEST, null, configDescriptor, layerDescriptors, null, null);
    return writeBlob(MediaType.OCI_MANIFEST, OciJson.mapper().writeValueAsBytes(manifest))
        .withPlatform(platform);
  }

  /** Writes an image index over {@code images} (descriptors from {@link #addImage}). */
  Descriptor addIndex(List<Descriptor> images) {
    ImageIndex index = new ImageIndex(2, MediaType.OCI_INDEX, null, images, null, null);
    return writeBlob(MediaType.OCI_INDEX, OciJson.mapper().writeValueAsBytes(index));
  }

  /** Names {@code target} as {@code tag} in index.json. */
  OciLayout tag(String tag, Descriptor target) {
    tagged.add(
        new Descriptor(
            target.mediaType(),
            target.digest(),
            target.size(),
            null,
            Map.of(REF_NAME, tag),
            null,
            null,
            null));
    writeIndex();
    return this;
  }

  /** The descriptor index.json gives {@code tag}. */
  Descriptor tagged(String tag) {
    ImageIndex index = readJson(root.resolve("index.json"), ImageIndex.class);
    return index.manifests().stream()
        .filter(d -> tag.equals(d.annotations().get(REF_NAME)))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no tag " + tag + " in " + root));
  }

  /** Every blob digest in the layout, sorted. */
  Set<Digest> blobDigests() {
    try (Stream<Path> files = Files.list(root.resolve("blobs/sha256"))) {
      return files
          .map(path -> Digest.parse("sha256:" + path.getFileName()))
          .collect(TreeSet::new, TreeSet::add, TreeSet::addAll);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path blobPath(Digest digest) {
    return root.resolve("blobs").resolve(digest.algorithm().id()).resolve(digest.hex());
  }

  byte[] blob(Digest digest) {
    try {
      return Files.readAllBytes(blobPath(digest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Descriptor writeBlob(String mediaType, byte[] bytes) {
    Digest digest = Digest.sha256(bytes);
    try {
      Files.write(blobPath(digest), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Descriptor.of(mediaType, digest, bytes.length);
  }

  private void writeIndex() {
    ImageIndex index = new ImageIndex(2, MediaType.OCI_INDEX, null, tagged, null, null);
    try {
      Files.write(root.resolve("index.json"), OciJson.mapper().writeValueAsBytes(index));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T readJson(Path file, Class<T> type) {
    try {
      return OciJson.mapper().readValue(Files.readString(file, StandardCharsets.UTF_8), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
