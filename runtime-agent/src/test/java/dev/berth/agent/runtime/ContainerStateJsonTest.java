package dev.berth.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.state.StateDirectory;
import dev.berth.oci.OciJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container record survives a restart: stored, reloaded, equal; field names as podman's. */
class ContainerStateJsonTest {
  @TempDir Path root;

  static Container sample() {
    ContainerConfig config =
        new ContainerConfig(
            List.of("sh", "-c", "echo hi"),
            List.of("PATH=/bin", "A=b c"),
            "host",
            "app:wheel",
            "/srv",
            true,
            ContainerConfig.NetworkMode.HOST,
            new Resources(1 << 20, 500_000_000, 7),
            true,
            List.of("/var/lib/berth/snapshots/1", "/var/lib/berth/snapshots/2"),
            "SIGQUIT");
    return new Container(
        "a".repeat(64),
        "web",
        Instant.parse("2026-01-02T03:04:05.123456789Z"),
        "127.0.0.1:5000/app:1",
        "sha256:" + "b".repeat(64),
        config,
        ContainerState.created()
            .running(123, 456, 789, Instant.parse("2026-01-02T03:04:06Z"))
            .exited(137, true, Instant.parse("2026-01-02T03:04:07Z"), null));
  }

  @Test
  void roundTrip_throughTheStore() {
    ContainerStore store = new ContainerStore(new StateDirectory(root));
    Container container = sample();
    store.create(container);
    assertThat(store.load(container.id())).contains(container);
    assertThat(store.find("web")).contains(container);
    assertThat(store.find("aaaa")).contains(container);
    assertThat(store.find("nope")).isEmpty();
    store.delete(container.id());
    assertThat(store.list()).isEmpty();
  }

  @Test
  void json_usesPodmanFieldNames_andIsStable() throws Exception {
    String json = OciJson.mapper().writeValueAsString(sample());
    assertThat(json)
        .contains("\"Id\":\"" + "a".repeat(64) + "\"")
        .contains("\"OOMKilled\":true")
        .contains("\"ExitCode\":137")
        .contains("\"Status\":\"exited\"")
        .contains("\"Running\":false")
        .contains("\"NetworkMode\":\"host\"")
        .contains("\"Created\":\"2026-01-02T03:04:05.123456789Z\"");
    Container back = OciJson.mapper().readValue(json, Container.class);
    assertThat(OciJson.mapper().writeValueAsString(back)).isEqualTo(json);
  }

  @Test
  void create_rejectsATakenName() {
    ContainerStore store = new ContainerStore(new StateDirectory(root));
    store.create(sample());
    Container other =
        new Container(
            "c".repeat(64),
            "web",
            Instant.now(),
            "x",
            "y",
            sample().config(),
            ContainerState.created());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.create(other))
        .hasMessageContaining("already in use");
    assertThat(Files.exists(store.directory("c".repeat(64)))).isFalse();
  }
}
