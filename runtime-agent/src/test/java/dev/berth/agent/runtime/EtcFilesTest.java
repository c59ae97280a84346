package dev.berth.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The hosts file a container gets, with its own network and with the host's. */
class EtcFilesTest {
  private static ContainerConfig config(ContainerConfig.NetworkMode network) {
    return new ContainerConfig(
        List.of("true"),
        List.of(),
        "web",
        null,
        "/",
        false,
        network,
        Resources.UNLIMITED,
        false,
        List.of(),
        null);
  }

  @Test
  void ownNetwork_loopbackNamesAndTheHostname() {
    String hosts = EtcFiles.hosts(config(ContainerConfig.NetworkMode.NONE), "10.0.0.1 hostonly\n");
    assertThat(hosts)
        .startsWith("127.0.0.1\tlocalhost ")
        .contains("\n::1\tlocalhost ")
        .endsWith("127.0.1.1\tweb\n")
        .doesNotContain("hostonly");
  }

  @Test
  void hostNetwork_theHostsFileAndTheHostname() {
    assertThat(EtcFiles.hosts(config(ContainerConfig.NetworkMode.HOST), "10.0.0.1 h"))
        .isEqualTo("10.0.0.1 h\n127.0.1.1\tweb\n");
  }
}
