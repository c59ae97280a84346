package dev.berth.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Writes through a raw descriptor, on a real pipe. */
class DescriptorOutputStreamTest {
  private final Linux linux = LinuxKernel.instance();

  @Test
  void writesEveryByte_fromAnOffset_thenClosesTheDescriptorOnce() throws IOException {
    int[] pipe = linux.pipe();
    try {
      DescriptorOutputStream out = new DescriptorOutputStream(linux, pipe[1]);
      byte[] text = "..hello, pipe".getBytes(StandardCharsets.US_ASCII);
      out.write(text, 2, text.length - 2);
      out.write('!');
      out.close();
      out.close(); // once only: a second close(2) could hit a descriptor reused meanwhile
      byte[] buffer = new byte[64];
      int n = linux.read(pipe[0], buffer);
      assertThat(new String(buffer, 0, n, StandardCharsets.US_ASCII)).isEqualTo("hello, pipe!");
      assertThat(linux.read(pipe[0], buffer)).as("end of file: the write end is closed").isZero();
      assertThatThrownBy(() -> out.write(1)).hasMessageContaining("is closed");
    } finally {
      linux.close(pipe[0]);
    }
  }

  @Test
  void aReaderThatWentAway_isAnIOException() {
    int[] pipe = linux.pipe();
    linux.close(pipe[0]);
    DescriptorOutputStream out = new DescriptorOutputStream(linux, pipe[1]);
    try {
      byte[] bytes = new byte[1024];
      Arrays.fill(bytes, (byte) 'x');
      assertThatThrownBy(() -> out.write(bytes))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("EPIPE");
    } finally {
      out.close();
    }
  }
}
