package dev.berth.oci;

/**
 * Media types of the OCI image-spec and of Docker's image manifest v2, schema 2.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/media-types.md">image-spec
 *     media types</a>
 */
public final class MediaType {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
  public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  public static final String OCI_LAYER_NONDISTRIBUTABLE_GZIP =
      "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";

  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER_GZIP =
      "application/vnd.docker.image.rootfs.diff.tar.gzip";
  public static final String DOCKER_FOREIGN_LAYER_GZIP =
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

  private MediaType() {}

  /** True for the media types of a single-image manifest (OCI or Docker). */
  public static boolean isImageManifest(String mediaType) {
    return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
  }

  /** True for the media types of an index or manifest list (OCI or Docker). */
  public static boolean isIndex(String mediaType) {
    return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
  }

  /** True for any manifest media type this project stores as a manifest. */
  public static boolean isManifest(String mediaType) {
    return isImageManifest(mediaType) || isIndex(mediaType);
  }

  /** The compression of a layer media type. */
  public static Compression layerCompression(String mediaType) {
    if (mediaType == null) {
      return Compression.NONE;
    }
    if (mediaType.endsWith("+zstd") || mediaType.endsWith(".zstd")) {
      return Compression.ZSTD;
    }
    if (mediaType.endsWith("+gzip") || mediaType.endsWith(".gzip")) {
      return Compression.GZIP;
    }
    return Compression.NONE;
  }

  /** How a layer blob is compressed. */
  public enum Compression {
    NONE,
    GZIP,
    ZSTD
  }
}
