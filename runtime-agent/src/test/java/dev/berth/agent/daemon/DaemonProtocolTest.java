package dev.berth.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protocol's lines and requests, through in-memory streams, as bin/berth writes them. */
class DaemonProtocolTest {
  private static DaemonProtocol receiving(String wire) {
    return receiving(wire.getBytes(StandardCharsets.UTF_8));
  }

  private static DaemonProtocol receiving(byte[] wire) {
    return new DaemonProtocol(new ByteArrayInputStream(wire), OutputStream.nullOutputStream());
  }

  @Test
  void request_withArgumentsOfAnyContent() throws IOException {
    // what `printf 'AUTH %s\nRUN %d %d\n%s\0%s\0...'` writes in bin/berth
    DaemonProtocol protocol =
        receiving(
            "AUTH k\nRUN 4242 11 12 5\nrun\0--rm\0\0line one\nline two\0grüß %s\0SIGNAL 15\n");
    assertThat(protocol.receiveLine()).isEqualTo("AUTH k");
    DaemonProtocol.Request request = protocol.receiveRequest();
    assertThat(request.pid()).isEqualTo(4242);
    assertThat(request.stdout()).isEqualTo(11);
    assertThat(request.stderr()).isEqualTo(12);
    assertThat(request.args()).containsExactly("run", "--rm", "", "line one\nline two", "grüß %s");
    assertThat(DaemonProtocol.numberAfter(DaemonProtocol.SIGNAL, protocol.receiveLine()))
        .hasValue(15);
    assertThat(protocol.receiveLine()).as("the end of the connection").isNull();
  }

  @Test
  void request_withoutArguments() throws IOException {
    DaemonProtocol.Request request = receiving("RUN 7 1 2 0\n").receiveRequest();
    assertThat(request.args()).isEmpty();
  }

  @Test
  void malformedRequests_areRefused() {
    for (String wire :
        List.of(
            "RUN 7 1\n",
            "RUN 7 1 2\n",
            "RUN x 1 2 1\nps\0",
            "RUN -3 1 2 1\nps\0",
            "RUN 0 1 2 1\nps\0",
            "RUN 7 -1 2 1\nps\0",
            "GO 7 1 2 1\nps\0")) {
      assertThatThrownBy(() -> receiving(wire).receiveRequest())
          .as(wire)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("request");
    }
    assertThatThrownBy(() -> receiving("RUN 7 1 2 2\nps\0").receiveRequest())
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("inside its arguments");
    assertThatThrownBy(() -> receiving("").receiveRequest()).isInstanceOf(EOFException.class);
  }

  @Test
  void arguments_beyondTheLimit_areRefused() {
    byte[] header = "RUN 7 1 2 1\n".getBytes(StandardCharsets.US_ASCII);
    byte[] wire = new byte[header.length + DaemonProtocol.MAX_ARGUMENT_BYTES + 2];
    System.arraycopy(header, 0, wire, 0, header.length);
    java.util.Arrays.fill(wire, header.length, wire.length, (byte) 'a');
    assertThatThrownBy(() -> receiving(wire).receiveRequest())
        .hasMessageContaining("arguments longer than");
  }

  @Test
  void lines_areBounded_printableAscii_andWhole() {
    assertThatThrownBy(() -> receiving("AUTH " + "0".repeat(100) + "\n").receiveLine(69))
        .hasMessageContaining("longer than 69 bytes");
    assertThatThrownBy(() -> receiving("AUTH \0\n").receiveLine())
        .hasMessageContaining("not a line");
    assertThatThrownBy(() -> receiving(new byte[] {'A', (byte) 0xc3, '\n'}).receiveLine())
        .hasMessageContaining("not a line");
    assertThatThrownBy(() -> receiving("AUTH").receiveLine())
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("inside a line");
  }

  @Test
  void send_writesOneLine_withNewlinesInTheArgumentFlattened() throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    DaemonProtocol protocol = new DaemonProtocol(new ByteArrayInputStream(new byte[0]), wire);
    protocol.send(DaemonProtocol.ERROR, "no such image\nsecond line");
    protocol.send(DaemonProtocol.EXIT, "125");
    assertThat(wire.toString(StandardCharsets.UTF_8))
        .isEqualTo("ERROR no such image second line\nEXIT 125\n");
  }

  @Test
  void numberAfter_readsOnlyWellFormedLines() {
    assertThat(DaemonProtocol.numberAfter("EXIT", "EXIT 137")).hasValue(137);
    assertThat(DaemonProtocol.numberAfter("EXIT", "EXIT")).isEmpty();
    assertThat(DaemonProtocol.numberAfter("EXIT", "EXIT x")).isEmpty();
    assertThat(DaemonProtocol.numberAfter("EXIT", "SIGNAL 2")).isEmpty();
    assertThat(DaemonProtocol.numberAfter("EXIT", null)).isEmpty();
  }
}
