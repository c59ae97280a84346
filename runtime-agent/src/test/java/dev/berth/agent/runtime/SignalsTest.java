package dev.berth.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignalsTest {
  @ParameterizedTest
  @CsvSource({"TERM, 15", "SIGTERM, 15", "sigkill, 9", "9, 9", "HUP, 1", "USR1, 10", "64, 64"})
  void parse(String text, int number) {
    assertThat(Signals.parse(text)).isEqualTo(number);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0", "65", "SIGFOO", "-9"})
  void parse_rejects(String text) {
    assertThatThrownBy(() -> Signals.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
