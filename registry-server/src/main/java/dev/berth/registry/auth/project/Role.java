package dev.berth.registry.auth.project;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** A member's role in a project, from most to least privileged. */
public enum Role {
  /** Manages members and settings, and does everything a maintainer does. */
  OWNER(EnumSet.allOf(Permission.class)),
  /** Pushes and deletes, manages robot accounts, reads the project's audit log. */
  MAINTAINER(
      EnumSet.of(
          Permission.PULL,
          Permission.PUSH,
          Permission.DELETE,
          Permission.MANAGE_ROBOTS,
          Permission.VIEW_AUDIT)),
  /** Pulls and pushes. */
  DEVELOPER(EnumSet.of(Permission.PULL, Permission.PUSH)),
  /** Pulls. */
  GUEST(EnumSet.of(Permission.PULL));

  private final Set<Permission> permissions;

  Role(Set<Permission> permissions) {
    this.permissions = Set.copyOf(permissions);
  }

  public Set<Permission> permissions() {
    return permissions;
  }

  /** The lower-case name used in forms and the audit log. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
