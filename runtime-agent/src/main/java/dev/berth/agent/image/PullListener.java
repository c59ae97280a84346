package dev.berth.agent.image;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;

/** Progress of a pull, for the command line and for tests; callbacks may come from any thread. */
public interface PullListener {
  /** Ignores every event. */
  PullListener NONE = new PullListener() {};

  /** The reference resolved to this platform manifest. */
  default void resolved(String reference, Digest manifestDigest) {}

  /** A layer's snapshot already existed: nothing was downloaded or unpacked. */
  default void layerExists(Descriptor layer) {}

  /**
   * A layer was unpacked into a new snapshot.
   *
   * @param downloaded bytes received from the registry (0 when the blob was already local)
   * @param resumedFrom bytes of an earlier partial download that were reused
   */
  default void layerUnpacked(Descriptor layer, long downloaded, long resumedFrom) {}
}
