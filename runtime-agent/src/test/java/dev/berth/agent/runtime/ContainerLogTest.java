package dev.berth.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogTest {
  @TempDir Path dir;

  @Test
  void writesCriEntries_splitsChunksIntoLines_marksPartialEnds() {
    Path file = dir.resolve("log");
    try (ContainerLog.Writer log = new ContainerLog.Writer(file)) {
      append(log, ContainerLog.Stream.STDOUT, "one\ntw");
      append(log, ContainerLog.Stream.STDERR, "err\n");
      append(log, ContainerLog.Stream.STDOUT, "o\nthree");
    }
    List<ContainerLog.Entry> entries = ContainerLog.read(file, -1);
    assertThat(entries)
        .extracting(e -> e.stream() + ":" + e.text() + (e.partial() ? "(P)" : ""))
        .containsExactly("STDOUT:one", "STDERR:err", "STDOUT:two", "STDOUT:three(P)");
    assertThat(ContainerLog.read(file, 2)).hasSize(2);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    for (ContainerLog.Entry entry : entries) {
      ContainerLog.print(entry, out, err);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\nthree");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("err\n");
  }

  @Test
  void parse_ignoresForeignLines() {
    assertThat(ContainerLog.parse("garbage")).isNull();
    assertThat(ContainerLog.parse("2026-01-01T00:00:00Z stdin F x")).isNull();
    assertThat(ContainerLog.parse("2026-01-01T00:00:00Z stdout F has  two  spaces").text())
        .isEqualTo("has  two  spaces");
  }

  private static void append(ContainerLog.Writer log, ContainerLog.Stream stream, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    log.append(stream, bytes, bytes.length);
  }
}
