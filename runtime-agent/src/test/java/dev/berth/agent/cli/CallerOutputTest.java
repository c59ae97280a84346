package dev.berth.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** Which failures of the caller's stdout end a command quietly. */
class CallerOutputTest {
  private static OutputStream failing(IOException failure) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw failure;
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        throw failure;
      }
    };
  }

  @Test
  void aBrokenPipe_isTheReaderGone_fromTheJdkOrFromADaemonsDescriptor() {
    IOException jdk = new IOException("Broken pipe");
    assertThatThrownBy(() -> new CallerOutput(failing(jdk)).write(new byte[3], 0, 3))
        .isInstanceOf(OutputClosedException.class)
        .hasCause(jdk);
    IOException daemon =
        new IOException(
            "write(27): EPIPE (Broken pipe)",
            new dev.berth.agent.linux.ErrnoException("write", "27", 32));
    assertThatThrownBy(() -> new CallerOutput(failing(daemon)).write(1))
        .isInstanceOf(OutputClosedException.class);
  }

  @Test
  void otherFailures_passUnchanged() {
    IOException full = new IOException("No space left on device");
    assertThatThrownBy(() -> new CallerOutput(failing(full)).write(new byte[1], 0, 1))
        .isSameAs(full);
  }

  @Test
  void foundInACauseChain() {
    OutputClosedException closed = new OutputClosedException(new IOException("Broken pipe"));
    assertThat(OutputClosedException.in(new UncheckedIOException(closed))).isTrue();
    assertThat(OutputClosedException.in(new UncheckedIOException(new IOException("x")))).isFalse();
  }
}
