package dev.berth.testkit;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageIndex;
import dev.berth.oci.MediaType;
import dev.berth.oci.OciJson;
import dev.berth.oci.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * An OCI image layout directory, written in code for tests (so that clients such as skopeo, podman
 * and umoci can read it) and read back (to compare what a client wrote).
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
public final class OciLayout {
  public static final String REF_NAME = "org.opencontainers.image.ref.name";
  private static final String CREATED = "2024-01-01T00:00:00Z";

  private final Path root;
  private final List<Descriptor> tagged = new ArrayList<>();

  private OciLayout(Path root) {
    this.root = root;
  }

  /** A new, empty layout at {@code root}. */
  public static OciLayout create(Path root) {
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
  public static OciLayout open(Path root) {
    return new OciLayout(root);
  }

  public Path root() {
    return root;
  }

  /** Stores a blob (once) and returns its descriptor. */
  public Descriptor blob(String mediaType, byte[] content) {
    Digest digest = Digest.sha256(content);
    Path file = blobPath(digest);
    try {
      if (!Files.exists(file)) {
        Files.write(file, content);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Descriptor.of(mediaType, digest, content.length);
  }

  /** Stores a layer's blob and returns its descriptor. */
  public Descriptor layer(Layer layer) {
    return blob(Layer.MEDIA_TYPE, layer.compressed());
  }

  /**
   * Writes a single-platform image (layers, a config running {@code /bin/sh}, manifest) and returns
   * its manifest's descriptor, carrying the platform.
   */
  public Descriptor addImage(Platform platform, List<Layer> layers) {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("Env", List.of("PATH=/bin"));
    run.put("Cmd", List.of("/bin/sh"));
    run.put("WorkingDir", "/");
    return addImage(platform, layers, run, List.of(), Map.of());
  }

  /**
   * Writes a single-platform image and returns its manifest's descriptor, carrying the platform.
   *
   * @param runConfig the config's {@code config} object ({@code Env}, {@code Cmd}…)
   * @param history the config's {@code history} (see {@link #historyStep})
   * @param annotations the manifest's annotations
   */
  public Descriptor addImage(
      Platform platform,
      List<Layer> layers,
      Map<String, Object> runConfig,
      List<Map<String, Object>> history,
      Map<String, String> annotations) {
    List<Descriptor> layerDescriptors = new ArrayList<>();
    List<String> diffIds = new ArrayList<>();
    for (Layer layer : layers) {
      layerDescriptors.add(layer(layer));
      diffIds.add(layer.diffId().toString());
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("created", CREATED);
    config.put("architecture", platform.architecture());
    config.put("os", platform.os());
    if (platform.variant() != null) {
      config.put("variant", platform.variant());
    }
    config.put("config", runConfig);
    config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
    if (!history.isEmpty()) {
      config.put("history", history);
    }
    Descriptor configDescriptor = blob(MediaType.OCI_CONFIG, json(config));
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaType.OCI_MANIFEST);
    manifest.put("config", configDescriptor);
    manifest.put("layers", layerDescriptors);
    if (!annotations.isEmpty()) {
      manifest.put("annotations", annotations);
    }
    return blob(MediaType.OCI_MANIFEST, json(manifest)).withPlatform(platform);
  }

  /** Writes an image index over {@code manifests} (each carrying its platform). */
  public Descriptor addIndex(List<Descriptor> manifests) {
    ImageIndex index = new ImageIndex(2, MediaType.OCI_INDEX, null, manifests, null, null);
    return blob(MediaType.OCI_INDEX, json(index));
  }

  /** Names {@code target} as {@code tag} in index.json, for {@code oci:DIR:TAG}. */
  public OciLayout tag(String tag, Descriptor target) {
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
  public Descriptor tagged(String tag) {
    ImageIndex index;
    try {
      index =
          OciJson.mapper()
              .readValue(
                  Files.readString(root.resolve("index.json"), StandardCharsets.UTF_8),
                  ImageIndex.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return index.manifests().stream()
        .filter(d -> d.annotations() != null && tag.equals(d.annotations().get(REF_NAME)))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no tag " + tag + " in " + root));
  }

  /** Every blob digest in the layout, sorted. */
  public Set<Digest> blobDigests() {
    try (Stream<Path> files = Files.list(root.resolve("blobs/sha256"))) {
      return files
          .map(path -> Digest.parse("sha256:" + path.getFileName()))
          .collect(TreeSet::new, TreeSet::add, TreeSet::addAll);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path blobPath(Digest digest) {
    return root.resolve("blobs").resolve(digest.algorithm().id()).resolve(digest.hex());
  }

  /** The bytes of a stored blob. */
  public byte[] blob(Digest digest) {
    try {
      return Files.readAllBytes(blobPath(digest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** JSON as the layout writes it. */
  public static byte[] json(Object value) {
    return OciJson.mapper().writeValueAsBytes(value);
  }

  /** One entry of a config's {@code history}. */
  public static Map<String, Object> historyStep(String createdBy, boolean emptyLayer) {
    Map<String, Object> step = new LinkedHashMap<>();
    step.put("created", CREATED);
    step.put("created_by", createdBy);
    if (emptyLayer) {
      step.put("empty_layer", true);
    }
    return step;
  }

  private void writeIndex() {
    ImageIndex index = new ImageIndex(2, MediaType.OCI_INDEX, null, tagged, null, null);
    try {
      Files.write(root.resolve("index.json"), json(index));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
