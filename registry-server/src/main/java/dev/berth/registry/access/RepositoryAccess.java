package dev.berth.registry.access;

/**
 * Answers what the current caller may do with a repository. The API enforces access before it calls
 * a service; services ask this only where a result spans repositories (catalog listing,
 * cross-repository mount without {@code from}).
 */
public interface RepositoryAccess {
  /** True when the current caller may pull from {@code repository}. */
  boolean canPull(String repository);

  /** True when the current caller may push to {@code repository}; denied unless a policy says. */
  default boolean canPush(String repository) {
    return false;
  }

  /**
   * True when the current caller may delete manifests, tags and blobs of {@code repository}; denied
   * unless a policy says.
   */
  default boolean canDelete(String repository) {
    return false;
  }
}
