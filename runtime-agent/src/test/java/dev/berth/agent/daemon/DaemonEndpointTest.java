package dev.berth.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoint file: private, round-tripping, refusing what is not one; keys compared exactly. */
class DaemonEndpointTest {
  @TempDir Path directory;

  @Test
  void write_isOwnerOnly_andReadsBack() throws IOException {
    DaemonEndpoint endpoint = DaemonEndpoint.withNewKeys(40123);
    Path file = directory.resolve("daemon.endpoint");
    endpoint.write(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    DaemonEndpoint read = DaemonEndpoint.read(file);
    assertThat(read).isEqualTo(endpoint);
    assertThat(read.port()).isEqualTo(40123);
    assertThat(read.isClientKey(endpoint.clientKeyHex())).isTrue();
    assertThat(read.isDaemonKey(endpoint.daemonKeyHex())).isTrue();
    assertThat(directory).isDirectoryContaining(p -> p.equals(file));
    try (var listing = Files.list(directory)) {
      assertThat(listing).as("no temporary file left").containsExactly(file);
    }
  }

  @Test
  void freshKeys_differ_andTheTwoKeysOfOneEndpointDiffer() {
    DaemonEndpoint one = DaemonEndpoint.withNewKeys(1);
    DaemonEndpoint two = DaemonEndpoint.withNewKeys(1);
    assertThat(one.clientKey()).isNotEqualTo(two.clientKey());
    assertThat(one.clientKey()).isNotEqualTo(one.daemonKey());
    assertThat(one).isNotEqualTo(two);
  }

  @Test
  void keys_mustMatchExactly() {
    DaemonEndpoint endpoint = DaemonEndpoint.withNewKeys(1);
    String key = endpoint.clientKeyHex();
    assertThat(key).matches("[0-9a-f]{64}");
    assertThat(endpoint.isClientKey(key)).isTrue();
    assertThat(endpoint.isClientKey(key.toUpperCase(java.util.Locale.ROOT))).isTrue();
    char last = key.charAt(63);
    String flipped = key.substring(0, 63) + (last == '0' ? '1' : '0');
    assertThat(endpoint.isClientKey(flipped)).isFalse();
    assertThat(endpoint.isClientKey(key.substring(0, 62))).isFalse();
    assertThat(endpoint.isClientKey(key + "00")).isFalse();
    assertThat(endpoint.isClientKey("z".repeat(64))).isFalse();
    assertThat(endpoint.isClientKey("")).isFalse();
    assertThat(endpoint.isClientKey(endpoint.daemonKeyHex())).isFalse();
    assertThat(endpoint.isDaemonKey(endpoint.clientKeyHex())).isFalse();
  }

  @Test
  void toString_neverShowsTheKeys() {
    DaemonEndpoint endpoint = DaemonEndpoint.withNewKeys(5000);
    assertThat(endpoint.toString()).isEqualTo("127.0.0.1:5000");
  }

  @Test
  void notAnEndpointFile_isRefusedWithItsName() {
    Path file = Path.of("/x/daemon.endpoint");
    String key = "ab".repeat(32);
    assertThatThrownBy(() -> DaemonEndpoint.parse("hello\n", file))
        .hasMessageContaining("/x/daemon.endpoint is not a berth daemon endpoint file");
    assertThatThrownBy(
            () -> DaemonEndpoint.parse("port=x\nclient-key=" + key + "\ndaemon-key=" + key, file))
        .hasMessageContaining("port is not a number");
    assertThatThrownBy(
            () ->
                DaemonEndpoint.parse("port=70000\nclient-key=" + key + "\ndaemon-key=" + key, file))
        .hasMessageContaining("not a berth daemon endpoint file");
    assertThatThrownBy(
            () -> DaemonEndpoint.parse("port=1\nclient-key=abc\ndaemon-key=" + key, file))
        .hasMessageContaining("64 hex digits");
    assertThatThrownBy(
            () ->
                DaemonEndpoint.parse(
                    "port=1\nclient-key=" + "zz".repeat(32) + "\ndaemon-key=" + key, file))
        .hasMessageContaining("a key must be 64 hex digits");
  }

  @Test
  void file_comesFromTheEnvironment_elseTheStateDirectory() {
    assertThat(DaemonEndpoint.file(Map.of(DaemonEndpoint.FILE_ENV, "/run/b.endpoint")))
        .isEqualTo(Path.of("/run/b.endpoint"));
    assertThat(DaemonEndpoint.file(Map.of("BERTH_ROOT", "/srv/berth")))
        .isEqualTo(Path.of("/srv/berth/daemon.endpoint"));
    assertThat(DaemonEndpoint.file(Map.of())).isEqualTo(Path.of("/var/lib/berth/daemon.endpoint"));
  }
}
