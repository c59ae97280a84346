package dev.berth.testkit;

import com.github.luben.zstd.Zstd;
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
import java.util.zip.GZIPOutputStream;

/**
 * An image built in memory: layer blobs in a chosen compression, a config with their diff IDs, a
 * manifest. Writes itself as an OCI image layout (for skopeo and umoci) or serves as the content of
 * a fake registry.
 */
public final class TestImage {
  /** How a layer blob is compressed. */
  public enum Compression {
    NONE(MediaType.OCI_LAYER_TAR),
    GZIP(MediaType.OCI_LAYER_GZIP),
    ZSTD(MediaType.OCI_LAYER_ZSTD);

    final String mediaType;

    Compression(String mediaType) {
      this.mediaType = mediaType;
    }
  }

  /** One layer: its blob descriptor, blob bytes and diff ID. */
  public record Layer(Descriptor descriptor, byte[] blob, Digest diffId) {}

  private final List<Layer> layers = new ArrayList<>();
  private final Map<Digest, byte[]> blobs = new LinkedHashMap<>();
  private String architecture = "amd64";
  private String os = "linux";
  private String variant;
  private String stopSignal;
  private List<Digest> diffIdsOverride;
  private Descriptor config;
  private Descriptor manifest;

  public TestImage layer(byte[] tar, Compression compression) {
    byte[] blob = compress(tar, compression);
    Descriptor descriptor = Descriptor.of(compression.mediaType, Digest.sha256(blob), blob.length);
    layers.add(new Layer(descriptor, blob, Digest.sha256(tar)));
    blobs.put(descriptor.digest(), blob);
    return this;
  }

  /** Adds a layer whose blob is {@code blob} but whose descriptor claims {@code claimed}. */
  public TestImage lyingLayer(byte[] tar, byte[] servedInstead) {
    Descriptor descriptor =
        Descriptor.of(MediaType.OCI_LAYER_TAR, Digest.sha256(tar), servedInstead.length);
    layers.add(new Layer(descriptor, servedInstead, Digest.sha256(tar)));
    blobs.put(descriptor.digest(), servedInstead);
    return this;
  }

  public TestImage platform(String os, String architecture, String variant) {
    this.os = os;
    this.architecture = architecture;
    this.variant = variant;
    return this;
  }

  /** Sets the config's {@code StopSignal}. */
  public TestImage stopSignal(String signal) {
    this.stopSignal = signal;
    return this;
  }

  /** Makes the config list these diff IDs instead of the real ones. */
  public TestImage diffIds(List<Digest> diffIds) {
    this.diffIdsOverride = List.copyOf(diffIds);
    return this;
  }

  public List<Layer> layers() {
    return layers;
  }

  /** Builds config and manifest; call after the last layer. */
  public TestImage build() {
    List<String> diffIds = new ArrayList<>();
    for (Layer layer : layers) {
      diffIds.add(layer.diffId().toString());
    }
    if (diffIdsOverride != null) {
      diffIds = diffIdsOverride.stream().map(Digest::toString).toList();
    }
    Map<String, Object> configJson = new LinkedHashMap<>();
    configJson.put("created", "2024-01-02T03:04:05Z");
    configJson.put("architecture", architecture);
    configJson.put("os", os);
    if (variant != null) {
      configJson.put("variant", variant);
    }
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("Cmd", List.of("/bin/sh"));
    run.put("Env", List.of("PATH=/bin"));
    if (stopSignal != null) {
      run.put("StopSignal", stopSignal);
    }
    configJson.put("config", run);
    configJson.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
    byte[] configBytes = json(configJson);
    config = Descriptor.of(MediaType.OCI_CONFIG, Digest.sha256(configBytes), configBytes.length);
    blobs.put(config.digest(), configBytes);
    Map<String, Object> manifestJson = new LinkedHashMap<>();
    manifestJson.put("schemaVersion", 2);
    manifestJson.put("mediaType", MediaType.OCI_MANIFEST);
    manifestJson.put("config", descriptorJson(config, null));
    manifestJson.put(
        "layers", layers.stream().map(l -> descriptorJson(l.descriptor(), null)).toList());
    byte[] manifestBytes = json(manifestJson);
    manifest =
        Descriptor.of(MediaType.OCI_MANIFEST, Digest.sha256(manifestBytes), manifestBytes.length);
    blobs.put(manifest.digest(), manifestBytes);
    return this;
  }

  public Descriptor config() {
    return config;
  }

  public Descriptor manifest() {
    return manifest;
  }

  public Platform platform() {
    return Platform.of(os, architecture, variant);
  }

  /** Every blob of the image (layers, config, manifest) by digest. */
  public Map<Digest, byte[]> blobs() {
    return blobs;
  }

  /** An OCI index over several built images, one per platform. */
  public static byte[] index(List<TestImage> images) {
    Map<String, Object> indexJson = new LinkedHashMap<>();
    indexJson.put("schemaVersion", 2);
    indexJson.put("mediaType", MediaType.OCI_INDEX);
    indexJson.put(
        "manifests", images.stream().map(i -> descriptorJson(i.manifest, i.platform())).toList());
    return json(indexJson);
  }

  /**
   * Writes an OCI image layout holding {@code images}; {@code index.json} names the single image
   * {@code tag} (or, with several images, a nested multi-platform index under {@code tag}).
   */
  public static void writeLayout(Path dir, String tag, List<TestImage> images) {
    try {
      Files.createDirectories(dir.resolve("blobs/sha256"));
      Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
      Descriptor top;
      for (TestImage image : images) {
        for (Map.Entry<Digest, byte[]> blob : image.blobs.entrySet()) {
          Files.write(dir.resolve("blobs/sha256").resolve(blob.getKey().hex()), blob.getValue());
        }
      }
      if (images.size() == 1) {
        top = images.get(0).manifest;
      } else {
        byte[] nested = index(images);
        top = Descriptor.of(MediaType.OCI_INDEX, Digest.sha256(nested), nested.length);
        Files.write(dir.resolve("blobs/sha256").resolve(top.digest().hex()), nested);
      }
      Map<String, Object> entry = descriptorJson(top, null);
      entry.put("annotations", Map.of("org.opencontainers.image.ref.name", tag));
      Map<String, Object> indexJson = new LinkedHashMap<>();
      indexJson.put("schemaVersion", 2);
      indexJson.put("mediaType", MediaType.OCI_INDEX);
      indexJson.put("manifests", List.of(entry));
      Files.write(dir.resolve("index.json"), json(indexJson));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> descriptorJson(Descriptor d, Platform platform) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mediaType", d.mediaType());
    out.put("digest", d.digest().toString());
    out.put("size", d.size());
    if (platform != null) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("architecture", platform.architecture());
      p.put("os", platform.os());
      if (platform.variant() != null) {
        p.put("variant", platform.variant());
      }
      out.put("platform", p);
    }
    return out;
  }

  static byte[] json(Object value) {
    return OciJson.mapper().writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] compress(byte[] tar, Compression compression) {
    try {
      return switch (compression) {
        case NONE -> tar;
        case GZIP -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(tar);
          }
          yield out.toByteArray();
        }
        case ZSTD -> Zstd.compress(tar, 3);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
