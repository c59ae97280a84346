package dev.berth.registry.auth.web;

import dev.berth.registry.auth.AuthDisabledCondition;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With auth off, Spring Security's filter chain is not configured at all ({@link
 * dev.berth.registry.auth.SecuritySwitch}); this applies its firewall on its own, as the chain did
 * in front of every request: a path with {@code //}, {@code ..}, an encoded slash, a semicolon or a
 * control character is refused with 400 ({@link ApiRequestRejectedHandler}: the spec's error JSON
 * on {@code /v2}). With auth on, Spring Security's filter chain proxy does the same.
 */
@Component
@Conditional(AuthDisabledCondition.class)
@Order(RequestFirewall.ORDER)
public class RequestFirewall extends OncePerRequestFilter {
  /** Where Spring Security's filter chain would sit: after encoding and before everything else. */
  static final int ORDER = -100;

  private final HttpFirewall firewall = new StrictHttpFirewall();
  private final RequestRejectedHandler rejected = new ApiRequestRejectedHandler();

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    FirewalledRequest checked;
    try {
      checked = firewall.getFirewalledRequest(request);
    } catch (RequestRejectedException e) {
      rejected.handle(request, response, e);
      return;
    }
    try {
      chain.doFilter(checked, firewall.getFirewalledResponse(response));
    } finally {
      checked.reset();
    }
  }
}
