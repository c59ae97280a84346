package dev.berth.registry.auth.project;

/** What a caller may do within one project. */
public enum Permission {
  PULL,
  PUSH,
  DELETE,
  /** Add and remove members, change their roles, change the project's settings. */
  MANAGE_MEMBERS,
  MANAGE_ROBOTS,
  VIEW_AUDIT
}
