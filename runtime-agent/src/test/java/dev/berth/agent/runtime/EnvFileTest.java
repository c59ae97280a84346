package dev.berth.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvFileTest {
  @Test
  void parse_literalValuesCommentsAndHostPassThrough() {
    String file =
        "# comment\n\nA=1\nB=with spaces and \"quotes\"\n  C=trailing \r\nHOME\nUNSET\nD=x=y\nE=\n";
    assertThat(EnvFile.parse(file, Map.of("HOME", "/root")))
        .containsExactly(
            "A=1", "B=with spaces and \"quotes\"", "C=trailing ", "HOME=/root", "D=x=y", "E=");
  }

  @Test
  void parse_badNameNamesTheLine() {
    assertThatThrownBy(() -> EnvFile.parse("A=1\n=novalue\n", Map.of()))
        .hasMessageContaining("line 2");
  }

  @Test
  void merge_laterWinsFirstPositionKept() {
    assertThat(EnvFile.merge(List.of("PATH=/bin", "A=1"), List.of("B=2", "PATH=/usr/bin")))
        .containsExactly("PATH=/usr/bin", "A=1", "B=2");
  }
}
