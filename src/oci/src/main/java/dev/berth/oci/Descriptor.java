package dev.berth.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A content descriptor: what a manifest says about a blob or child manifest it references.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md">image-spec
 *     descriptor</a>
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    List<String> urls,
    Map<String, String> annotations,
    String data,
    String artifactType,
    Platform platform) {

  public Descriptor {
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    urls = urls == null ? List.of() : List.copyOf(urls);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /** A plain descriptor with a media type, digest and size. */
  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, null, null, null, null, null);
  }

  /** This descriptor with a platform attached (for index entries). */
  public Descriptor withPlatform(Platform newPlatform) {
    return new Descriptor(
        mediaType, digest, size, urls, annotations, data, artifactType, newPlatform);
  }
}
