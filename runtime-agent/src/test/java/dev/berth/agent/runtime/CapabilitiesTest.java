package dev.berth.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {
  @Test
  void defaultSet_isPodmansEleven() {
    assertThat(Capabilities.DEFAULT)
        .hasSize(11)
        .contains("CAP_CHOWN", "CAP_KILL", "CAP_SETUID", "CAP_SYS_CHROOT")
        .doesNotContain("CAP_SYS_ADMIN", "CAP_NET_RAW", "CAP_MKNOD", "CAP_AUDIT_WRITE");
    // as /proc/PID/status prints it for a podman container
    assertThat(Long.toHexString(Capabilities.mask(Capabilities.DEFAULT))).isEqualTo("800405fb");
  }

  @Test
  void namesAndMasksRoundTrip() {
    assertThat(Capabilities.mask(Set.of("chown", "CAP_SYS_ADMIN", "NET_RAW")))
        .isEqualTo((1L << 0) | (1L << 21) | (1L << 13));
    assertThat(Capabilities.names(0x800405fbL))
        .containsExactlyInAnyOrderElementsOf(Capabilities.DEFAULT);
    assertThatThrownBy(() -> Capabilities.canonical("CAP_FLY")).hasMessageContaining("unknown");
  }
}
