package dev.berth.registry.error;

import dev.berth.oci.RepositoryName;

/** A repository that mirrors another registry was asked to take a push. */
public class PullThroughCacheException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public PullThroughCacheException(RepositoryName repository, String remote) {
    super(
        ErrorCode.UNSUPPORTED,
        repository
            + " is a pull-through cache of "
            + remote
            + ": it takes no pushes (push to "
            + remote
            + " instead)");
  }
}
