package dev.berth.registry.web;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaType;
import dev.berth.oci.OciJson;
import dev.berth.oci.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Writes small OCI image layouts for tests: layers built from tar entries in code, a config with
 * history, manifests and an index that {@code skopeo copy oci:DIR:REF} can push.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">image-spec
 *     image layout</a>
 */
final class TestImages {
  private final Path root;
  private final List<Map<String, Object>> indexEntries = new ArrayList<>();

  TestImages(Path root) throws IOException {
    this.root = root;
    Files.createDirectories(root.resolve("blobs/sha256"));
    Files.writeString(root.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    writeIndex();
  }

  Path root() {
    return root;
  }

  /** Stores a blob in the layout and returns its descriptor. */
  Descriptor blob(String mediaType, byte[] content) throws IOException {
    Digest digest = Digest.sha256(content);
    Path file = root.resolve("blobs/sha256").resolve(digest.hex());
    if (!Files.exists(file)) {
      Files.write(file, content);
    }
    return Descriptor.of(mediaType, digest, content.length);
  }

  /** A gzip layer from a tar builder. */
  Descriptor layer(Layer layer) throws IOException {
    return blob(MediaType.OCI_LAYER_GZIP, layer.gzip());
  }

  /**
   * Stores an image config and manifest; returns the manifest descriptor.
   *
   * @param runConfig the config's {@code config} object
   * @param history the config's history entries
   * @param annotations the manifest's annotations
   */
  Descriptor image(
      Platform platform,
      List<Descriptor> layers,
      Map<String, Object> runConfig,
      List<Map<String, Object>> history,
      Map<String, String> annotations)
      throws IOException {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("created", "2024-05-06T07:08:09Z");
    config.put("architecture", platform.architecture());
    config.put("os", platform.os());
    config.put("config", runConfig);
    List<String> diffIds = new ArrayList<>();
    for (Descriptor layer : layers) {
      diffIds.add(Digest.sha256(gunzip(layer)).toString());
    }
    config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
    config.put("history", history);
    Descriptor configDescriptor = blob(MediaType.OCI_CONFIG, json(config));
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaType.OCI_MANIFEST);
    manifest.put("config", configDescriptor);
    manifest.put("layers", layers);
    if (!annotations.isEmpty()) {
      manifest.put("annotations", annotations);
    }
    return blob(MediaType.OCI_MANIFEST, json(manifest)).withPlatform(platform);
  }

  /** Stores an index over {@code manifests} (each carrying its platform). */
  Descriptor index(List<Descriptor> manifests) throws IOException {
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaType.OCI_INDEX);
    index.put("manifests", manifests);
    return blob(MediaType.OCI_INDEX, json(index));
  }

  /** Names {@code manifest} in index.json as {@code ref}, for {@code oci:DIR:ref}. */
  void tag(String ref, Descriptor manifest) throws IOException {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("mediaType", manifest.mediaType());
    entry.put("digest", manifest.digest().toString());
    entry.put("size", manifest.size());
    entry.put("annotations", Map.of("org.opencontainers.image.ref.name", ref));
    indexEntries.add(entry);
    writeIndex();
  }

  /** The bytes of a stored blob. */
  byte[] read(Descriptor descriptor) throws IOException {
    return Files.readAllBytes(root.resolve("blobs/sha256").resolve(descriptor.digest().hex()));
  }

  private byte[] gunzip(Descriptor layer) throws IOException {
    try (var in =
        new java.util.zip.GZIPInputStream(
            Files.newInputStream(root.resolve("blobs/sha256").resolve(layer.digest().hex())))) {
      return in.readAllBytes();
    }
  }

  private void writeIndex() throws IOException {
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaType.OCI_INDEX);
    index.put("manifests", indexEntries);
    Files.write(root.resolve("index.json"), json(index));
  }

  static byte[] json(Object value) {
    return OciJson.mapper().writeValueAsBytes(value);
  }

  static Map<String, Object> step(String createdBy, boolean emptyLayer) {
    Map<String, Object> step = new LinkedHashMap<>();
    step.put("created", "2024-05-06T07:08:09Z");
    step.put("created_by", createdBy);
    if (emptyLayer) {
      step.put("empty_layer", true);
    }
    return step;
  }

  /** A layer tarball built entry by entry. */
  static final class Layer {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

    Layer() {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    Layer dir(String name) {
      return put(entry(name + "/", TarConstants.LF_DIR, 0755), null);
    }

    Layer file(String name, String content) {
      return file(name, content, 0644);
    }

    Layer file(String name, String content, int mode) {
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = entry(name, TarConstants.LF_NORMAL, mode);
      entry.setSize(data.length);
      return put(entry, data);
    }

    Layer symlink(String name, String target) {
      TarArchiveEntry entry = entry(name, TarConstants.LF_SYMLINK, 0777);
      entry.setLinkName(target);
      return put(entry, null);
    }

    Layer hardlink(String name, String target) {
      TarArchiveEntry entry = entry(name, TarConstants.LF_LINK, 0755);
      entry.setLinkName(target);
      return put(entry, null);
    }

    Layer whiteout(String directory, String name) {
      return file((directory.isEmpty() ? "" : directory + "/") + ".wh." + name, "");
    }

    Layer opaque(String directory) {
      return file(directory + "/.wh..wh..opq", "");
    }

    byte[] gzip() {
      try {
        tar.finish();
        tar.close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(out)) {
          gzip.write(bytes.toByteArray());
        }
        return out.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static TarArchiveEntry entry(String name, byte type, int mode) {
      TarArchiveEntry entry = new TarArchiveEntry(name, type);
      entry.setMode(mode);
      entry.setUserName("root");
      entry.setGroupName("root");
      entry.setModTime(1_715_000_000_000L);
      return entry;
    }

    private Layer put(TarArchiveEntry entry, byte[] data) {
      try {
        tar.putArchiveEntry(entry);
        if (data != null) {
          tar.write(data);
        }
        tar.closeArchiveEntry();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }
  }
}
