package dev.berth.testkit;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * A gzip-compressed layer: the blob a registry stores, its digest, and the digest of the tar inside
 * (the config's {@code diff_id}).
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">image-spec
 *     layer</a>
 */
public record Layer(byte[] compressed, Digest digest, Digest diffId) {
  public static final String MEDIA_TYPE = MediaType.OCI_LAYER_GZIP;

  /** Compresses {@code tar} (for example from {@link TarBuilder#build()}). */
  public static Layer gzip(byte[] tar) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(tar);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] compressed = out.toByteArray();
    return new Layer(compressed, Digest.sha256(compressed), Digest.sha256(tar));
  }

  /** A layer holding {@code files} (path → content) in path order, parent directories implied. */
  public static Layer of(Map<String, byte[]> files) {
    TarBuilder tar = new TarBuilder();
    new TreeMap<>(files).forEach((name, content) -> tar.file(name, content, 0644, 0, 0));
    return gzip(tar.build());
  }

  /**
   * A layer with one text file and one file of {@code randomBytes} bytes seeded by {@code seed}.
   */
  public static Layer random(String name, int randomBytes, long seed) {
    byte[] noise = new byte[randomBytes];
    new Random(seed).nextBytes(noise);
    return of(
        Map.of(
            "etc/" + name + ".txt",
            ("layer " + name + " seed " + seed + "\n").getBytes(StandardCharsets.UTF_8),
            "opt/" + name + ".bin",
            noise));
  }

  @Override
  public byte[] compressed() {
    return compressed.clone();
  }

  public long size() {
    return compressed.length;
  }
}
