package dev.berth.registry.auth;

import dev.berth.registry.auth.account.CredentialService;
import dev.berth.registry.auth.account.LoginFailedException;
import dev.berth.registry.auth.account.LoginThrottledException;
import dev.berth.registry.auth.project.PermissionService;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Signs users in to the web UI (and the actuator) with the same accounts and throttling as the
 * registry API. Robot accounts are for machines: they cannot open a web session.
 */
public class CallerAuthenticationProvider implements AuthenticationProvider {
  private final CredentialService credentials;
  private final PermissionService permissions;

  public CallerAuthenticationProvider(
      CredentialService credentials, PermissionService permissions) {
    this.credentials = credentials;
    this.permissions = permissions;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String username = authentication.getName();
    String password =
        authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
    String address =
        authentication.getDetails() instanceof WebAuthenticationDetails details
            ? details.getRemoteAddress()
            : "";
    Caller caller;
    try {
      caller = credentials.authenticate(username, password, address, "form");
    } catch (LoginFailedException e) {
      throw new BadCredentialsException(e.getMessage());
    } catch (LoginThrottledException e) {
      throw new LockedException(e.getMessage());
    }
    if (caller.kind() != Caller.Kind.USER) {
      throw new BadCredentialsException("robot accounts cannot sign in to the web UI");
    }
    List<GrantedAuthority> authorities = new ArrayList<>();
    authorities.add(new SimpleGrantedAuthority("ROLE_USER"));
    if (permissions.isSystemAdmin(caller)) {
      authorities.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
    }
    CallerAuthentication result = new CallerAuthentication(caller, authorities);
    result.setDetails(authentication.getDetails());
    return result;
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
