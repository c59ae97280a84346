package dev.berth.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.ImageConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunOptionsTest {
  static final String ID = "0123456789abcdef".repeat(4);
  static final ImageConfig.Config IMAGE =
      new ImageConfig.Config(
          "app",
          null,
          List.of("PATH=/usr/bin", "LANG=C"),
          List.of("/entry", "--flag"),
          List.of("serve"),
          null,
          "/srv",
          null,
          null);

  static RunOptions options(List<String> entrypoint, List<String> command, List<String> env) {
    return new RunOptions(
        entrypoint,
        command,
        env,
        null,
        null,
        null,
        false,
        ContainerConfig.NetworkMode.NONE,
        Resources.UNLIMITED,
        false);
  }

  @Test
  void imageDefaults() {
    ContainerConfig config = options(null, List.of(), List.of()).toConfig(IMAGE, ID, List.of());
    assertThat(config.command()).containsExactly("/entry", "--flag", "serve");
    assertThat(config.env()).containsExactly("PATH=/usr/bin", "LANG=C", "HOSTNAME=0123456789ab");
    assertThat(config.hostname()).isEqualTo("0123456789ab");
    assertThat(config.user()).isEqualTo("app");
    assertThat(config.workingDir()).isEqualTo("/srv");
  }

  @Test
  void argumentsReplaceCmd_keepEntrypoint() {
    ContainerConfig config =
        options(null, List.of("debug"), List.of("LANG=fr")).toConfig(IMAGE, ID, List.of());
    assertThat(config.command()).containsExactly("/entry", "--flag", "debug");
    assertThat(config.env()).contains("LANG=fr").doesNotContain("LANG=C");
  }

  @Test
  void entrypointOverride_dropsImageCmd() {
    assertThat(
            options(List.of("sh"), List.of(), List.of()).toConfig(IMAGE, ID, List.of()).command())
        .containsExactly("sh");
    assertThat(
            options(List.of("sh"), List.of("-c", "x"), List.of())
                .toConfig(IMAGE, ID, List.of())
                .command())
        .containsExactly("sh", "-c", "x");
  }

  @Test
  void imageWithoutConfig_getsDefaultPathAndRoot() {
    ContainerConfig config =
        options(null, List.of("true"), List.of()).toConfig(null, ID, List.of());
    assertThat(config.env()).first().asString().startsWith("PATH=/usr/local/sbin");
    assertThat(config.workingDir()).isEqualTo("/");
    assertThat(config.user()).isEmpty();
  }
}
