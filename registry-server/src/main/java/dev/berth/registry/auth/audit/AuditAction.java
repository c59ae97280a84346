package dev.berth.registry.auth.audit;

/** What an audit event records. */
public enum AuditAction {
  PULL,
  PUSH,
  DELETE,
  LOGIN,
  LOGIN_FAILED,
  PROJECT_CREATED,
  PROJECT_CHANGED,
  MEMBER_ADDED,
  MEMBER_ROLE_CHANGED,
  MEMBER_REMOVED,
  ROBOT_CREATED,
  ROBOT_DELETED,
  USER_CREATED,
  USER_CHANGED,
  USER_DELETED
}
