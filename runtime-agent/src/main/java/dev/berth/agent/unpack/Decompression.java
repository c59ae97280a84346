package dev.berth.agent.unpack;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.berth.oci.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Opens the uncompressed tar stream of a layer blob by its media type: plain tar, gzip (zlib, with
 * multi-member support) or zstd (zstd-jni, without finalizer). Media types that need something we
 * cannot do, such as encrypted layers, are refused by name.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">image-spec layer
 *     media types</a>
 */
public final class Decompression {
  private static final int BUFFER = 64 * 1024;

  private static final Set<String> LAYER_TYPES =
      Set.of(
          MediaType.OCI_LAYER_TAR,
          MediaType.OCI_LAYER_GZIP,
          MediaType.OCI_LAYER_ZSTD,
          "application/vnd.oci.image.layer.nondistributable.v1.tar",
          MediaType.OCI_LAYER_NONDISTRIBUTABLE_GZIP,
          "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
          MediaType.DOCKER_LAYER_GZIP,
          MediaType.DOCKER_FOREIGN_LAYER_GZIP);

  private Decompression() {}

  /** True when {@link #open} can read layers of this media type. */
  public static boolean supports(String mediaType) {
    return LAYER_TYPES.contains(mediaType);
  }

  /** Wraps a compressed layer stream so that reading it yields the tar. */
  public static InputStream open(InputStream compressed, String mediaType) throws IOException {
    if (!supports(mediaType)) {
      throw new InvalidLayerException("unsupported layer media type " + mediaType);
    }
    return switch (MediaType.layerCompression(mediaType)) {
      case NONE -> compressed;
      case GZIP -> new GZIPInputStream(compressed, BUFFER);
      case ZSTD -> new ZstdInputStreamNoFinalizer(compressed);
    };
  }
}
