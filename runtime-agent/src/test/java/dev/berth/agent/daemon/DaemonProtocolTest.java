package dev.berth.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The frames and the request layout, through in-memory streams. */
class DaemonProtocolTest {
  private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
  private final DaemonProtocol sender =
      new DaemonProtocol(new ByteArrayInputStream(new byte[0]), wire);

  private DaemonProtocol receiver() {
    return receiver(wire.toByteArray());
  }

  private static DaemonProtocol receiver(byte[] bytes) {
    return new DaemonProtocol(new ByteArrayInputStream(bytes), OutputStream.nullOutputStream());
  }

  @Test
  void request_roundTrips() throws IOException {
    DaemonProtocol.Request request =
        new DaemonProtocol.Request(
            List.of("run", "--rm", "ïmage", "", "sh -c 'x'"),
            Map.of("FOO", "bar=baz", "EMPTY", ""),
            "/home/ü",
            true,
            false);
    byte[] encoded = request.encode();
    sender.send(DaemonProtocol.REQUEST, encoded, 0, encoded.length);

    DaemonProtocol.Frame frame = receiver().receive();
    assertThat(frame.type()).isEqualTo(DaemonProtocol.REQUEST);
    assertThat(DaemonProtocol.Request.decode(frame.payload())).isEqualTo(request);
  }

  @Test
  void frames_keepTheirOrder_thenEndOfStream() throws IOException {
    sender.output(DaemonProtocol.STDOUT).write("out\n".getBytes());
    sender.output(DaemonProtocol.STDERR).write("err\n".getBytes());
    sender.sendNumber(DaemonProtocol.EXIT, 137);

    DaemonProtocol receiver = receiver();
    DaemonProtocol.Frame out = receiver.receive();
    assertThat(out.type()).isEqualTo(DaemonProtocol.STDOUT);
    assertThat(new String(out.payload())).isEqualTo("out\n");
    assertThat(receiver.receive().type()).isEqualTo(DaemonProtocol.STDERR);
    DaemonProtocol.Frame exit = receiver.receive();
    assertThat(exit.type()).isEqualTo(DaemonProtocol.EXIT);
    assertThat(exit.number()).isEqualTo(137);
    assertThat(receiver.receive()).isNull();
  }

  @Test
  void largeOutput_isCutIntoChunks() throws IOException {
    byte[] big = new byte[DaemonProtocol.CHUNK * 2 + 10];
    Arrays.fill(big, (byte) 'x');
    sender.output(DaemonProtocol.STDOUT).write(big);

    DaemonProtocol receiver = receiver();
    assertThat(receiver.receive().payload()).hasSize(DaemonProtocol.CHUNK);
    assertThat(receiver.receive().payload()).hasSize(DaemonProtocol.CHUNK);
    assertThat(receiver.receive().payload()).hasSize(10);
    assertThat(receiver.receive()).isNull();
  }

  @Test
  void truncatedFrame_isAnError() throws IOException {
    sender.sendNumber(DaemonProtocol.SIGNAL, 15);
    byte[] whole = wire.toByteArray();
    assertThatThrownBy(() -> receiver(Arrays.copyOf(whole, whole.length - 1)).receive())
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> receiver(Arrays.copyOf(whole, 3)).receive())
        .isInstanceOf(EOFException.class);
  }

  @Test
  void hugeLength_isRefusedBeforeReadingIt() {
    byte[] header =
        ByteBuffer.allocate(5).put(DaemonProtocol.STDOUT).putInt(Integer.MAX_VALUE).array();
    assertThatThrownBy(() -> receiver(header).receive())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("length " + Integer.MAX_VALUE);
    byte[] negative = ByteBuffer.allocate(5).put(DaemonProtocol.STDOUT).putInt(-1).array();
    assertThatThrownBy(() -> receiver(negative).receive()).hasMessageContaining("length -1");
  }

  @Test
  void receive_withALimit_refusesALongerFrameBeforeReadingIt() throws IOException {
    sender.send(DaemonProtocol.AUTH, new byte[33], 0, 33);
    assertThatThrownBy(() -> receiver().receive(32)).hasMessageContaining("length 33");
    assertThat(receiver().receive(33).payload()).hasSize(33);
  }

  @Test
  void numberFrame_withWrongSize_isAnError() throws IOException {
    sender.send(DaemonProtocol.EXIT, new byte[3], 0, 3);
    DaemonProtocol.Frame frame = receiver().receive();
    assertThatThrownBy(frame::number).hasMessageContaining("3 bytes, expected 4");
  }

  @Test
  void request_ofAnotherVersion_isRefused() {
    byte[] encoded =
        new DaemonProtocol.Request(List.of("ps"), Map.of(), "/", false, false).encode();
    ByteBuffer.wrap(encoded).putInt(0, DaemonProtocol.VERSION + 1);
    assertThatThrownBy(() -> DaemonProtocol.Request.decode(encoded))
        .hasMessageContaining("protocol version " + (DaemonProtocol.VERSION + 1));
  }

  @Test
  void malformedRequests_areRefused() {
    byte[] encoded =
        new DaemonProtocol.Request(List.of("ps", "-a"), Map.of("A", "1"), "/", false, true)
            .encode();
    assertThatThrownBy(
            () -> DaemonProtocol.Request.decode(Arrays.copyOf(encoded, encoded.length - 1)))
        .hasMessageContaining("truncated");
    assertThatThrownBy(
            () -> DaemonProtocol.Request.decode(Arrays.copyOf(encoded, encoded.length + 1)))
        .hasMessageContaining("left over");
    byte[] hugeCount = encoded.clone();
    ByteBuffer.wrap(hugeCount).putInt(4, Integer.MAX_VALUE);
    assertThatThrownBy(() -> DaemonProtocol.Request.decode(hugeCount))
        .hasMessageContaining("count " + Integer.MAX_VALUE);
  }
}
