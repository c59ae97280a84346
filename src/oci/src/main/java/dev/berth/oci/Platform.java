package dev.berth.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * The platform an image runs on, as named in an index entry.
 *
 * @see <a
 *     href="https://github.com/opencontainers/image-spec/blob/main/image-index.md#image-index-property-descriptions">image-index
 *     platform</a>
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Platform(
    String architecture,
    String os,
    @JsonProperty("os.version") String osVersion,
    @JsonProperty("os.features") List<String> osFeatures,
    String variant) {

  public Platform {
    osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
  }

  /** A platform with only OS and architecture (and optional variant). */
  public static Platform of(String os, String architecture, String variant) {
    return new Platform(architecture, os, null, null, variant);
  }

  /**
   * Parses {@code os/arch[/variant]} as used by {@code --platform}.
   *
   * @throws IllegalArgumentException when the text has fewer than two or more than three parts
   */
  public static Platform parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "platform must be os/arch[/variant], for example linux/amd64: " + text);
    }
    for (String part : parts) {
      if (part.isEmpty()) {
        throw new IllegalArgumentException("empty component in platform " + text);
      }
    }
    return of(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
  }

  /**
   * True when {@code candidate} satisfies this (wanted) platform; a missing variant matches any.
   */
  public boolean matches(Platform candidate) {
    if (candidate == null) {
      return false;
    }
    return Objects.equals(os, candidate.os)
        && Objects.equals(architecture, candidate.architecture)
        && (variant == null || Objects.equals(variant, candidate.variant));
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}
