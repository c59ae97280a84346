package dev.berth.registry.access;

/** Access when authentication is off: everyone may pull everything. */
public final class OpenRepositoryAccess implements RepositoryAccess {
  @Override
  public boolean canPull(String repository) {
    return true;
  }

  @Override
  public boolean canPush(String repository) {
    return true;
  }

  @Override
  public boolean canDelete(String repository) {
    return true;
  }
}
