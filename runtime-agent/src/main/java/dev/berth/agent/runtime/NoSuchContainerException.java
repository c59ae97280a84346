package dev.berth.agent.runtime;

/** No container has the given ID, ID prefix or name. */
public final class NoSuchContainerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NoSuchContainerException(String reference) {
    super("no container with name or ID \"" + reference + "\" found");
  }
}
