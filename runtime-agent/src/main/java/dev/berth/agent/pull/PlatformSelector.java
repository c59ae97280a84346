package dev.berth.agent.pull;

import dev.berth.oci.Descriptor;
import dev.berth.oci.ImageIndex;
import dev.berth.oci.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Chooses the manifest for one platform from an image index or manifest list, as containerd's
 * default matcher does: OS and architecture must match; a wanted variant must match exactly, and
 * without one the host's default variant is preferred (arm64 → v8, arm → v7) over others.
 *
 * @see <a
 *     href="https://github.com/opencontainers/image-spec/blob/main/image-index.md#platform-variants">image-index
 *     platform variants</a>
 */
public final class PlatformSelector {
  private PlatformSelector() {}

  /** The platform of this JVM's host, in OCI names. */
  public static Platform host() {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "amd64", "x86_64" -> Platform.of("linux", "amd64", null);
      case "aarch64", "arm64" -> Platform.of("linux", "arm64", "v8");
      case "arm" -> Platform.of("linux", "arm", "v7");
      case "x86", "i386", "i686" -> Platform.of("linux", "386", null);
      default -> Platform.of("linux", arch, null);
    };
  }

  /**
   * The entry of {@code index} for {@code wanted}.
   *
   * @throws IllegalArgumentException naming the platforms the index offers when none matches
   */
  public static Descriptor select(ImageIndex index, Platform wanted) {
    Descriptor best = null;
    int bestScore = -1;
    for (Descriptor candidate : index.manifests()) {
      int score = score(wanted, candidate.platform());
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    if (best == null) {
      List<String> offered = new ArrayList<>();
      for (Descriptor candidate : index.manifests()) {
        if (candidate.platform() != null) {
          offered.add(candidate.platform().toString());
        }
      }
      throw new IllegalArgumentException(
          "no image for platform " + wanted + " in the index (it offers " + offered + ")");
    }
    return best;
  }

  /** -1 when {@code candidate} does not satisfy {@code wanted}; higher is a better match. */
  static int score(Platform wanted, Platform candidate) {
    if (candidate == null
        || !Objects.equals(wanted.os(), candidate.os())
        || !Objects.equals(wanted.architecture(), candidate.architecture())) {
      return -1;
    }
    String want = normaliseVariant(wanted.architecture(), wanted.variant());
    String have = normaliseVariant(candidate.architecture(), candidate.variant());
    if (wanted.variant() != null) {
      return Objects.equals(want, have) ? 2 : -1;
    }
    String hostDefault = normaliseVariant(wanted.architecture(), null);
    return Objects.equals(hostDefault, have) ? 1 : 0;
  }

  /** An absent variant means v8 for arm64 and v7 for arm, as containerd assumes. */
  private static String normaliseVariant(String architecture, String variant) {
    if (variant != null) {
      return variant;
    }
    return switch (architecture == null ? "" : architecture) {
      case "arm64" -> "v8";
      case "arm" -> "v7";
      default -> null;
    };
  }
}
