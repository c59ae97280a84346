package dev.berth.agent.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageIndex;
import dev.berth.oci.MediaType;
import dev.berth.oci.Platform;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformSelectorTest {
  /**
   * Index entries: linux/amd64, linux/arm64/v8, linux/arm/v6, linux/arm/v7, windows/amd64,
   * attestation.
   */
  private static final List<Platform> OFFERED =
      List.of(
          Platform.of("linux", "amd64", null),
          Platform.of("linux", "arm64", "v8"),
          Platform.of("linux", "arm", "v6"),
          Platform.of("linux", "arm", "v7"),
          Platform.of("windows", "amd64", null),
          Platform.of("unknown", "unknown", null));

  private static ImageIndex index(List<Platform> platforms) {
    List<Descriptor> entries = new ArrayList<>();
    for (int i = 0; i < platforms.size(); i++) {
      entries.add(
          Descriptor.of(MediaType.OCI_MANIFEST, Digest.sha256(new byte[] {(byte) i}), 10)
              .withPlatform(platforms.get(i)));
    }
    return new ImageIndex(2, MediaType.OCI_INDEX, null, entries, null, null);
  }

  @ParameterizedTest
  @CsvSource({
    "linux/amd64, 0",
    "linux/arm64, 1",
    "linux/arm64/v8, 1",
    "linux/arm, 3",
    "linux/arm/v6, 2",
    "linux/arm/v7, 3",
    "windows/amd64, 4",
  })
  void select_matchesOsArchVariant(String wanted, int expectedIndex) {
    ImageIndex index = index(OFFERED);
    assertThat(PlatformSelector.select(index, Platform.parse(wanted)))
        .isEqualTo(index.manifests().get(expectedIndex));
  }

  @org.junit.jupiter.api.Test
  void select_arm64WithoutVariantInIndex() {
    ImageIndex index = index(List.of(Platform.of("linux", "arm64", null)));
    assertThat(PlatformSelector.select(index, Platform.parse("linux/arm64/v8")))
        .isEqualTo(index.manifests().get(0));
  }

  @org.junit.jupiter.api.Test
  void select_noMatchNamesWhatIsOffered() {
    assertThatThrownBy(() -> PlatformSelector.select(index(OFFERED), Platform.parse("linux/s390x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("linux/s390x")
        .hasMessageContaining("linux/arm64/v8");
    assertThatThrownBy(
            () -> PlatformSelector.select(index(OFFERED), Platform.parse("linux/arm/v5")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @org.junit.jupiter.api.Test
  void host_isLinux() {
    assertThat(PlatformSelector.host().os()).isEqualTo("linux");
    assertThat(PlatformSelector.host().architecture()).isNotBlank();
  }
}
