package dev.berth.agent.image;

import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An image present on this host: pulled, verified and unpacked.
 *
 * @param reference the reference it was pulled as, normalised ({@code host:port/repo:tag})
 * @param manifestDigest digest of the platform-specific image manifest
 * @param id the image ID: the digest of its config
 * @param config the parsed image config
 * @param layers unpacked read-only snapshot directories, lowest layer first
 */
public record LocalImage(
    String reference, Digest manifestDigest, Digest id, ImageConfig config, List<Path> layers) {
  public LocalImage {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(manifestDigest, "manifestDigest");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(config, "config");
    layers = List.copyOf(layers);
  }
}
