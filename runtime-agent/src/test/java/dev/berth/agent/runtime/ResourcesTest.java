package dev.berth.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResourcesTest {
  @ParameterizedTest
  @CsvSource({
    "1024, 1024",
    "4k, 4096",
    "512m, 536870912",
    "512mb, 536870912",
    "1g, 1073741824",
    "1.5g, 1610612736",
    "100b, 100",
    "2M, 2097152"
  })
  void parseMemory(String text, long bytes) {
    assertThat(Resources.parseMemory(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "m", "-1m", "12x", "0", "1 g"})
  void parseMemory_rejects(String text) {
    assertThatThrownBy(() -> Resources.parseMemory(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"1, 100000", "0.5, 50000", "2.25, 225000", "0.001, 1000"})
  void cpus_toQuota(String cpus, long quota) {
    assertThat(new Resources(0, Resources.parseCpus(cpus), 0).cpuQuotaMicros()).isEqualTo(quota);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "abc", "NaN"})
  void parseCpus_rejects(String text) {
    assertThatThrownBy(() -> Resources.parseCpus(text))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
