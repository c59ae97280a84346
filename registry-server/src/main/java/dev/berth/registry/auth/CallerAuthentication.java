package dev.berth.registry.auth;

import java.util.Collection;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** An authenticated {@link Caller} in Spring Security's context: a session or one API request. */
public final class CallerAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  private final Caller caller;

  public CallerAuthentication(Caller caller, Collection<? extends GrantedAuthority> authorities) {
    super(authorities);
    this.caller = caller;
    setAuthenticated(true);
  }

  public Caller caller() {
    return caller;
  }

  @Override
  public Object getCredentials() {
    return null;
  }

  @Override
  public Object getPrincipal() {
    return caller.name();
  }

  /** The caller of the current request: anonymous when nobody signed in. */
  public static Caller current() {
    var authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication instanceof CallerAuthentication known ? known.caller() : Caller.ANONYMOUS;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CallerAuthentication that
        && caller.equals(that.caller)
        && super.equals(other);
  }

  @Override
  public int hashCode() {
    return caller.hashCode() * 31 + super.hashCode();
  }
}
