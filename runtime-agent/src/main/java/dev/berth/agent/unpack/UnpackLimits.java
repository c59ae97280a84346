package dev.berth.agent.unpack;

/**
 * Bounds on one layer's uncompressed size and entry count, so that a decompression bomb stops early
 * instead of filling the disk.
 *
 * @param maxBytes largest uncompressed tar stream accepted
 * @param maxEntries most tar entries accepted
 */
public record UnpackLimits(long maxBytes, long maxEntries) {
  /** Generous defaults: far above real images, far below a full disk. */
  public static final UnpackLimits DEFAULT = new UnpackLimits(64L << 30, 4_000_000);

  public UnpackLimits {
    if (maxBytes <= 0 || maxEntries <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
