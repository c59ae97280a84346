package dev.berth.registry.manifest;

import dev.berth.oci.Descriptor;
import dev.berth.oci.ImageConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the image page shows of one manifest.
 *
 * @param repository the repository name
 * @param info the manifest's row and summary
 * @param size the manifest's own size in bytes
 * @param tags the tags pointing at it
 * @param annotations the manifest's annotations
 * @param subject the digest of the manifest this one refers to, or null
 * @param config the config descriptor of an image, or null
 * @param imageConfig the parsed image config, or null for an index or an artifact
 * @param layers an image's layers with the build step that made each
 * @param history every build step, including those that made no layer
 * @param children an index's entries
 * @param referrers manifests whose subject is this one, by artifact type
 */
public record ImageDetails(
    String repository,
    TagQueries.ManifestInfo info,
    long size,
    List<String> tags,
    Map<String, String> annotations,
    String subject,
    Descriptor config,
    ImageConfig imageConfig,
    List<Layer> layers,
    List<ImageConfig.History> history,
    List<Child> children,
    Map<String, List<Referrer>> referrers) {

  /** True for an index or manifest list. */
  public boolean isIndex() {
    return dev.berth.oci.MediaType.isIndex(info.mediaType());
  }

  /**
   * A layer.
   *
   * @param position 0-based, bottom first
   * @param descriptor the layer descriptor
   * @param createdBy the build step that produced it, or null when the history does not say
   * @param external true for a non-distributable layer stored elsewhere ({@code urls})
   */
  public record Layer(int position, Descriptor descriptor, String createdBy, boolean external) {}

  /**
   * An index entry.
   *
   * @param descriptor the entry's descriptor
   * @param platform the platform, or a description such as {@code attestation}
   * @param present true when the child manifest is stored in this repository
   */
  public record Child(Descriptor descriptor, String platform, boolean present) {}

  /**
   * A manifest referring to this one.
   *
   * @param digest its digest
   * @param mediaType its media type
   * @param size its size in bytes
   * @param pushed when it was pushed
   * @param annotations its annotations
   */
  public record Referrer(
      String digest,
      String mediaType,
      long size,
      Instant pushed,
      Map<String, String> annotations) {}
}
