package dev.berth.registry.files;

import dev.berth.registry.files.LayerEntry.Type;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * Reads a layer blob once, as a stream, and lists its entries: decompresses gzip, zstd or plain tar
 * (recognised by their magic bytes, since media types are often generic), never writes a file.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">image-spec layer:
 *     changesets, whiteouts and opaque whiteouts</a>
 */
public final class LayerIndexer {
  static final String WHITEOUT_PREFIX = ".wh.";
  static final String OPAQUE_MARKER = ".wh..wh..opq";

  private LayerIndexer() {}

  /** Indexes the layer whose (possibly compressed) bytes {@code blob} streams. */
  public static LayerIndex index(InputStream blob) throws IOException {
    Map<String, LayerEntry> entries = new LinkedHashMap<>();
    int skipped = 0;
    try (TarArchiveInputStream tar = openTar(blob)) {
      TarArchiveEntry header;
      while ((header = tar.getNextEntry()) != null) {
        Optional<LayerEntry> entry = toEntry(header);
        if (entry.isEmpty()) {
          skipped++;
          continue;
        }
        String key = keyOf(entry.get());
        entries.remove(key);
        entries.put(key, entry.get());
      }
    }
    return new LayerIndex(new ArrayList<>(entries.values()), skipped);
  }

  /** A tar stream over the decompressed layer; the caller closes it (which closes {@code blob}). */
  public static TarArchiveInputStream openTar(InputStream blob) throws IOException {
    BufferedInputStream in = new BufferedInputStream(blob, 64 * 1024);
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return new TarArchiveInputStream(new GzipCompressorInputStream(in, true));
    }
    if (magic.length == 4
        && (magic[0] & 0xff) == 0x28
        && (magic[1] & 0xff) == 0xb5
        && (magic[2] & 0xff) == 0x2f
        && (magic[3] & 0xff) == 0xfd) {
      return new TarArchiveInputStream(new ZstdCompressorInputStream(in));
    }
    return new TarArchiveInputStream(in);
  }

  /**
   * The normalised form of a path inside a layer: no leading {@code /} or {@code ./}, no {@code .}
   * or empty components, no trailing slash; empty when it names the root; absent when a {@code ..}
   * component would escape the root.
   */
  public static Optional<String> normalise(String name) {
    List<String> parts = new ArrayList<>();
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        return Optional.empty();
      }
      parts.add(part);
    }
    return Optional.of(String.join("/", parts));
  }

  private static Optional<LayerEntry> toEntry(TarArchiveEntry header) {
    Optional<String> normalised = normalise(header.getName());
    if (normalised.isEmpty()) {
      return Optional.empty();
    }
    String path = normalised.get();
    int slash = path.lastIndexOf('/');
    String parent = slash < 0 ? "" : path.substring(0, slash);
    String name = path.substring(slash + 1);
    Type type;
    String link = null;
    if (name.equals(OPAQUE_MARKER)) {
      path = parent;
      type = Type.OPAQUE;
    } else if (name.startsWith(WHITEOUT_PREFIX)) {
      String hidden = name.substring(WHITEOUT_PREFIX.length());
      if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
        return Optional.empty();
      }
      path = parent.isEmpty() ? hidden : parent + "/" + hidden;
      type = Type.WHITEOUT;
    } else if (header.isSymbolicLink()) {
      type = Type.SYMLINK;
      link = header.getLinkName();
    } else if (header.isLink()) {
      Optional<String> target = normalise(header.getLinkName());
      if (target.isEmpty() || target.get().isEmpty()) {
        return Optional.empty();
      }
      type = Type.HARDLINK;
      link = target.get();
    } else if (header.isDirectory()) {
      type = Type.DIRECTORY;
    } else if (header.isCharacterDevice()) {
      type = Type.CHAR_DEVICE;
    } else if (header.isBlockDevice()) {
      type = Type.BLOCK_DEVICE;
    } else if (header.isFIFO()) {
      type = Type.FIFO;
    } else if (header.isFile()) {
      type = Type.FILE;
    } else {
      return Optional.empty(); // PAX/GNU metadata entries are consumed by the tar reader
    }
    if (path.isEmpty() && type != Type.DIRECTORY && type != Type.OPAQUE) {
      return Optional.empty();
    }
    return Optional.of(
        new LayerEntry(
            path,
            type,
            header.getMode() & 07777,
            header.getLongUserId(),
            header.getLongGroupId(),
            header.getUserName(),
            header.getGroupName(),
            type == Type.FILE ? header.getSize() : 0,
            header.getLastModifiedTime() == null
                ? 0
                : header.getLastModifiedTime().toInstant().getEpochSecond(),
            link));
  }

  private static String keyOf(LayerEntry entry) {
    return switch (entry.type()) {
      case WHITEOUT -> "w" + entry.path();
      case OPAQUE -> "o" + entry.path();
      default -> "e" + entry.path();
    };
  }
}
