package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

  @ParameterizedTest
  @CsvSource({
    "bytes=0-9,0,9",
    "bytes=2-5,2,5",
    "bytes=5-,5,9",
    "bytes=5-100,5,9",
    "bytes=-3,7,9",
    "bytes=-100,0,9",
    "bytes=9-9,9,9"
  })
  void parse_satisfiableRanges(String header, long start, long end) {
    ByteRange range = ByteRange.parse(header, 10).orElseThrow();
    assertThat(range.start()).isEqualTo(start);
    assertThat(range.end()).isEqualTo(end);
    assertThat(range.length()).isEqualTo(end - start + 1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bytes=10-",
        "bytes=10-20",
        "bytes=5-2",
        "bytes=-0",
        "bytes=-",
        "bytes=a-b",
        "bytes=99999999999999999999-"
      })
  void parse_unsatisfiableRanges(String header) {
    assertThatThrownBy(() -> ByteRange.parse(header, 10))
        .isInstanceOf(ByteRange.Unsatisfiable.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "items=0-1", "bytes=0-1,3-4"})
  void parse_servesWholeBlobForAbsentOrUnsupportedForms(String header) {
    assertThat(ByteRange.parse(header, 10)).isEmpty();
  }
}
