package dev.berth.agent.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import java.util.List;
import java.util.Objects;

/**
 * What the agent remembers about a pulled image, stored as {@code images/ID-HEX.json}. The config
 * and manifest themselves are in the content store under their digests.
 *
 * @param id the image ID (config digest)
 * @param manifest the platform manifest's descriptor
 * @param names the references that name this image, such as {@code 127.0.0.1:5000/app:1}
 * @param layers the layers, lowest first
 * @param size the sum of the uncompressed layer sizes
 * @param pulled when the image was last pulled (ISO-8601)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageRecord(
    Digest id,
    Descriptor manifest,
    List<String> names,
    List<Layer> layers,
    long size,
    String pulled) {
  public ImageRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(manifest, "manifest");
    names = List.copyOf(names);
    layers = List.copyOf(layers);
  }

  /** The same image under a different list of names. */
  public ImageRecord withNames(List<String> newNames) {
    return new ImageRecord(id, manifest, newNames, layers, size, pulled);
  }

  /**
   * One layer of the image.
   *
   * @param blob the compressed blob's descriptor, as in the manifest
   * @param diffId the digest of the uncompressed tar
   * @param chainId the snapshot's key
   * @param size the uncompressed size
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Layer(Descriptor blob, Digest diffId, Digest chainId, long size) {}
}
