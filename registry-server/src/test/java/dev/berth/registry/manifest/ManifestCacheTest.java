package dev.berth.registry.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ManifestCacheTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void contentBudget_isAnEighthOfASmallHeap() {
    assertThat(ManifestCache.contentBudget(72 * MIB)).isEqualTo(9 * MIB);
  }

  @Test
  void contentBudget_isCappedAt64MiBOnALargeHeap() {
    assertThat(ManifestCache.contentBudget(4096 * MIB)).isEqualTo(64 * MIB);
  }
}
