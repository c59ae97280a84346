package dev.berth.registry.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatsTest {
  private final Formats formats = new Formats();

  @Test
  void bytes_usesDecimalUnitsWithThreeSignificantDigits() {
    assertThat(formats.bytes(0)).isEqualTo("0 B");
    assertThat(formats.bytes(999)).isEqualTo("999 B");
    assertThat(formats.bytes(2359)).isEqualTo("2.36 KB");
    assertThat(formats.bytes(73_400_000)).isEqualTo("73.4 MB");
    assertThat(formats.bytes(734_000_000)).isEqualTo("734 MB");
    assertThat(formats.bytes(5_000_000_000_000L)).isEqualTo("5.00 TB");
  }

  @Test
  void ago_picksTheLargestSensibleUnit() {
    Instant now = Instant.parse("2024-06-01T12:00:00Z");
    assertThat(formats.ago(null, now)).isEqualTo("—");
    assertThat(formats.ago(now.minusSeconds(10), now)).isEqualTo("just now");
    assertThat(formats.ago(now.minusSeconds(60), now)).isEqualTo("1 minute ago");
    assertThat(formats.ago(now.minus(Duration.ofHours(5)), now)).isEqualTo("5 hours ago");
    assertThat(formats.ago(now.minus(Duration.ofDays(3)), now)).isEqualTo("3 days ago");
    assertThat(formats.ago(now.minus(Duration.ofDays(400)), now)).isEqualTo("1 year ago");
  }

  @Test
  void shortDigest_isTheFirstTwelveHexCharacters() {
    assertThat(formats.shortDigest("sha256:" + "0123456789abcdef".repeat(4)))
        .isEqualTo("0123456789ab");
  }

  @Test
  void pageNumbers_showTheEndsAndTheNeighbourhoodWithGaps() {
    assertThat(QueryLinks.pageNumbers(1, 1)).containsExactly(1);
    assertThat(QueryLinks.pageNumbers(10, 20)).containsExactly(1, 0, 8, 9, 10, 11, 12, 0, 20);
    assertThat(QueryLinks.pageNumbers(2, 5)).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void span_isInItsLargestWholeUnit_daysFromThreeOn() {
    assertThat(formats.span(Duration.ofSeconds(20))).isEqualTo("20 seconds");
    assertThat(formats.span(Duration.ofSeconds(60))).isEqualTo("1 minute");
    assertThat(formats.span(Duration.ofMinutes(59))).isEqualTo("59 minutes");
    assertThat(formats.span(Duration.ofMinutes(60))).isEqualTo("1 hour");
    assertThat(formats.span(Duration.ofHours(27))).isEqualTo("27 hours");
    assertThat(formats.span(Duration.ofDays(14))).isEqualTo("14 days");
  }
}
