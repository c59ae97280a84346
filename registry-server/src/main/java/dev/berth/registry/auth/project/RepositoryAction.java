package dev.berth.registry.auth.project;

import java.util.Locale;
import java.util.Optional;

/**
 * The actions of a {@code repository} scope in the Docker token protocol.
 *
 * @see <a href="https://distribution.github.io/distribution/spec/auth/scope/">token scope and
 *     access</a>
 */
public enum RepositoryAction {
  PULL(Permission.PULL),
  PUSH(Permission.PUSH),
  DELETE(Permission.DELETE);

  private final Permission permission;

  RepositoryAction(Permission permission) {
    this.permission = permission;
  }

  /** The project permission this action needs. */
  public Permission permission() {
    return permission;
  }

  /** The wire name: {@code pull}, {@code push}, {@code delete}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The action for a wire name, if it is one. */
  public static Optional<RepositoryAction> fromWire(String text) {
    for (RepositoryAction action : values()) {
      if (action.wire().equals(text)) {
        return Optional.of(action);
      }
    }
    return Optional.empty();
  }
}
