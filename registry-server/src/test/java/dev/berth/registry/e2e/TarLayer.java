package dev.berth.registry.e2e;

import dev.berth.oci.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A gzip-compressed tar layer built in memory, with the two digests an image needs: the blob's
 * ({@code digest}, in the manifest) and the uncompressed tar's ({@code diffId}, in the config).
 *
 * <p>Entries have a fixed time and owner so that the same files always give the same bytes.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">image-spec
 *     layer</a>
 */
final class TarLayer {
  private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

  private final byte[] compressed;
  private final Digest digest;
  private final Digest diffId;

  private TarLayer(byte[] compressed, Digest digest, Digest diffId) {
    this.compressed = compressed;
    this.digest = digest;
    this.diffId = diffId;
  }

  /** The gzip-compressed tar, as stored in the registry. */
  byte[] compressed() {
    return compressed.clone();
  }

  /** The digest of the compressed blob. */
  Digest digest() {
    return digest;
  }

  /** The digest of the uncompressed tar. */
  Digest diffId() {
    return diffId;
  }

  /** A layer holding {@code files} (path → content), directories implied. */
  static TarLayer of(Map<String, byte[]> files) {
    SortedMap<String, byte[]> sorted = new TreeMap<>(files);
    try {
      ByteArrayOutputStream tar = new ByteArrayOutputStream();
      try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
        out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (Map.Entry<String, byte[]> file : sorted.entrySet()) {
          TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
          entry.setSize(file.getValue().length);
          entry.setMode(0644);
          entry.setModTime(EPOCH.toEpochMilli());
          out.putArchiveEntry(entry);
          out.write(file.getValue());
          out.closeArchiveEntry();
        }
      }
      byte[] uncompressed = tar.toByteArray();
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
        out.write(uncompressed);
      }
      byte[] compressed = gz.toByteArray();
      return new TarLayer(compressed, Digest.sha256(compressed), Digest.sha256(uncompressed));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A layer with one text file and one file of {@code randomBytes} bytes seeded by {@code seed}.
   */
  static TarLayer random(String name, int randomBytes, long seed) {
    byte[] noise = new byte[randomBytes];
    new Random(seed).nextBytes(noise);
    return of(
        Map.of(
            "etc/" + name + ".txt",
            ("layer " + name + " seed " + seed + "\n").getBytes(StandardCharsets.UTF_8),
            "opt/" + name + ".bin",
            noise));
  }
}
