package dev.berth.registry.manifest;

import dev.berth.oci.Descriptor;
import dev.berth.oci.MediaType;
import java.util.List;

/**
 * What the registry needs to know of a pushed manifest; the manifest's bytes themselves are kept
 * exactly as pushed.
 *
 * @param mediaType the effective media type (from the body, else from Content-Type)
 * @param artifactType the manifest's {@code artifactType}, or null
 * @param config the config descriptor of an image manifest, or null for an index
 * @param layers the layer descriptors of an image manifest
 * @param manifests the child manifests of an index
 * @param subject the manifest this one refers to, or null
 * @param annotationsJson the {@code annotations} object as JSON, or null
 */
public record ParsedManifest(
    String mediaType,
    String artifactType,
    Descriptor config,
    List<Descriptor> layers,
    List<Descriptor> manifests,
    Descriptor subject,
    String annotationsJson) {

  public ParsedManifest {
    layers = List.copyOf(layers);
    manifests = List.copyOf(manifests);
  }

  /** True for an index or manifest list. */
  public boolean isIndex() {
    return MediaType.isIndex(mediaType);
  }

  /**
   * The artifact type a referrers response reports: {@code artifactType} when set, else the
   * config's media type, as the distribution-spec requires.
   */
  public String effectiveArtifactType() {
    if (artifactType != null) {
      return artifactType;
    }
    return config == null ? null : config.mediaType();
  }
}
