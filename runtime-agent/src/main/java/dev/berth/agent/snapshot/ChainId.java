package dev.berth.agent.snapshot;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Chain IDs name a layer together with everything below it, so that images sharing a base share its
 * snapshots: {@code ChainID(L0) = DiffID(L0)}, {@code ChainID(Ln) = sha256(ChainID(Ln-1) + " " +
 * DiffID(Ln))}.
 *
 * @see <a
 *     href="https://github.com/opencontainers/image-spec/blob/main/config.md#layer-chainid">image-spec
 *     layer ChainID</a>
 */
public final class ChainId {
  private ChainId() {}

  /** The chain IDs of a stack of diff IDs, lowest layer first. */
  public static List<Digest> of(List<Digest> diffIds) {
    List<Digest> out = new ArrayList<>(diffIds.size());
    Digest previous = null;
    for (Digest diffId : diffIds) {
      previous =
          previous == null
              ? diffId
              : Digest.of(
                  DigestAlgorithm.SHA256,
                  (previous + " " + diffId).getBytes(StandardCharsets.US_ASCII));
      out.add(previous);
    }
    return out;
  }
}
