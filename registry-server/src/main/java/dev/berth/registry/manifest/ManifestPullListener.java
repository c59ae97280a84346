package dev.berth.registry.manifest;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;

/**
 * Told of every manifest pull. Called on the pull path, so an implementation must return at once:
 * no I/O, no locks held for long, no allocation on a repeated pull.
 */
public interface ManifestPullListener {
  /** {@code digest} was just served from {@code repository} to a GET. */
  void pulled(RepositoryName repository, Digest digest);
}
