package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GcPropertiesTest {
  @Test
  void defaults_collectHourly_letGoAfterADay_andKeepUntaggedManifests() {
    GcProperties gc = new GcProperties(null, null, null, null, null);
    assertThat(gc.interval()).isEqualTo(Duration.ofHours(1));
    assertThat(gc.grace()).isEqualTo(Duration.ofHours(1));
    assertThat(gc.linkGrace()).isEqualTo(Duration.ofHours(24));
    assertThat(gc.untaggedAfter()).isNull();
    assertThat(gc.reclaimWithin()).isEqualTo(Duration.ofHours(27));
    assertThat(gc.batchSize()).isEqualTo(10_000);
  }

  @Test
  void negativeAges_andANonPositiveInterval_stopTheStart() {
    Duration minus = Duration.ofSeconds(-1);
    assertThatThrownBy(() -> new GcProperties(Duration.ZERO, null, null, null, null))
        .hasMessageContaining("berth.gc.interval must be positive");
    assertThatThrownBy(() -> new GcProperties(null, minus, null, null, null))
        .hasMessageContaining("berth.gc.grace cannot be negative");
    assertThatThrownBy(() -> new GcProperties(null, null, minus, null, null))
        .hasMessageContaining("berth.gc.link-grace cannot be negative");
    assertThatThrownBy(() -> new GcProperties(null, null, null, minus, null))
        .hasMessageContaining("berth.gc.untagged-after cannot be negative");
    assertThatThrownBy(() -> new GcProperties(null, null, null, null, 0))
        .hasMessageContaining("berth.gc.batch-size must be positive");
    assertThat(new GcProperties(null, Duration.ZERO, Duration.ZERO, Duration.ZERO, null).grace())
        .isZero();
  }
}
