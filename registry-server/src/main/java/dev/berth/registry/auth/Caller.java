package dev.berth.registry.auth;

import java.util.Objects;

/**
 * Who is making a request: a user, a robot account, or nobody. Only the name is carried; what the
 * caller may do is looked up (and cached) where it is decided, so a session never keeps rights that
 * were taken away.
 *
 * @param kind user, robot or anonymous
 * @param name the account name ({@code robot$<project>+<name>} for robots), empty for anonymous
 */
public record Caller(Kind kind, String name) implements java.io.Serializable {
  /** The caller without credentials. */
  public static final Caller ANONYMOUS = new Caller(Kind.ANONYMOUS, "");

  /** Kinds of caller. */
  public enum Kind {
    USER,
    ROBOT,
    ANONYMOUS
  }

  public Caller {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  /** A user account. */
  public static Caller user(String name) {
    return new Caller(Kind.USER, name);
  }

  /** A robot account. */
  public static Caller robot(String name) {
    return new Caller(Kind.ROBOT, name);
  }

  public boolean anonymous() {
    return kind == Kind.ANONYMOUS;
  }

  /** The name shown in the audit log. */
  public String displayName() {
    return anonymous() ? "anonymous" : name;
  }
}
