package dev.berth.registry.auth;

import dev.berth.registry.auth.account.CredentialService;
import dev.berth.registry.auth.account.LoginThrottle;
import dev.berth.registry.auth.project.PermissionService;
import dev.berth.registry.auth.token.SigningKey;
import dev.berth.registry.auth.token.TokenService;
import dev.berth.registry.auth.web.ApiRequestRejectedHandler;
import dev.berth.registry.auth.web.RegistryAuthFilter;
import dev.berth.registry.auth.web.SafeRedirect;
import dev.berth.registry.config.RegistryProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The three security filter chains of auth on ({@code berth.auth.mode} {@code token} or {@code
 * basic}). With auth off there is no chain at all: {@link SecuritySwitch} leaves Spring Security's
 * auto-configuration out and {@link dev.berth.registry.auth.web.RequestFirewall} keeps its
 * firewall.
 *
 * <ul>
 *   <li>API ({@code /v2/**}, {@code /token}): stateless, no CSRF, no session, no extra headers;
 *       {@link RegistryAuthFilter} decides every request.
 *   <li>Actuator ({@code /actuator/**}): health and info open, the rest needs a system
 *       administrator over Basic auth.
 *   <li>Web UI (everything else): form login at {@code /login}, session cookie, CSRF protection,
 *       {@code /admin/**} for signed-in users; browsing pages stay open and list only what the
 *       caller may pull.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@Conditional(AuthEnabledCondition.class)
public class SecurityConfiguration {
  static final String[] API = {"/v2", "/v2/**", "/token"};
  static final String[] ACTUATOR = {"/actuator", "/actuator/**"};
  static final String[] ACTUATOR_OPEN = {
    "/actuator/health", "/actuator/health/**", "/actuator/info"
  };

  /** Firewall rejections on {@code /v2} as the spec's error JSON. */
  @Bean
  RequestRejectedHandler requestRejectedHandler() {
    return new ApiRequestRejectedHandler();
  }

  private static HttpSecurity stateless(HttpSecurity http) throws Exception {
    return http.csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .securityContext(context -> context.requireExplicitSave(true))
        .formLogin(form -> form.disable())
        .logout(logout -> logout.disable())
        .anonymous(anonymous -> anonymous.disable());
  }

  /**
   * bcrypt with the configured cost, behind a delegating encoder so stored hashes carry their
   * algorithm ({@code {bcrypt}…}) and a stronger one can be introduced later.
   */
  @Bean
  PasswordEncoder passwordEncoder(AuthProperties properties) {
    return new DelegatingPasswordEncoder(
        "bcrypt", Map.of("bcrypt", new BCryptPasswordEncoder(properties.bcryptStrength())));
  }

  @Bean
  LoginThrottle loginThrottle(AuthProperties properties) {
    return new LoginThrottle(properties.throttle(), Clock.systemUTC());
  }

  @Bean
  SigningKey tokenSigningKey(AuthProperties properties, RegistryProperties registry) {
    return properties.token().keyFile() != null
        ? SigningKey.load(properties.token().keyFile())
        : SigningKey.loadOrGenerate(registry.dataDir().resolve("auth").resolve("token-key.jwk"));
  }

  @Bean
  TokenService tokenService(SigningKey key, AuthProperties properties) {
    return new TokenService(key, properties, Clock.systemUTC());
  }

  @Bean
  CallerAuthenticationProvider callerAuthenticationProvider(
      CredentialService credentials, PermissionService permissions) {
    return new CallerAuthenticationProvider(credentials, permissions);
  }

  /** The API's authentication filter is a bean, but runs only inside {@link #apiChain}. */
  @Bean
  FilterRegistrationBean<RegistryAuthFilter> registryAuthFilterOnlyInTheChain(
      RegistryAuthFilter filter) {
    FilterRegistrationBean<RegistryAuthFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setEnabled(false);
    return registration;
  }

  @Bean
  @Order(1)
  SecurityFilterChain apiChain(HttpSecurity http, RegistryAuthFilter filter) throws Exception {
    return stateless(http.securityMatcher(API))
        .headers(headers -> headers.disable())
        .httpBasic(basic -> basic.disable())
        .addFilterBefore(filter, AuthorizationFilter.class)
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain actuatorChain(HttpSecurity http) throws Exception {
    return stateless(http.securityMatcher(ACTUATOR))
        .httpBasic(basic -> basic.realmName("berth"))
        .authorizeHttpRequests(
            a -> a.requestMatchers(ACTUATOR_OPEN).permitAll().anyRequest().hasRole("ADMIN"))
        .build();
  }

  @Bean
  @Order(3)
  SecurityFilterChain webChain(HttpSecurity http) throws Exception {
    return http.formLogin(
            form ->
                form.loginPage("/login")
                    .loginProcessingUrl("/login")
                    .successHandler(loginSuccess())
                    .failureHandler(loginFailure())
                    .permitAll())
        .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
        .authorizeHttpRequests(
            a -> a.requestMatchers("/admin", "/admin/**").authenticated().anyRequest().permitAll())
        .build();
  }

  /** After login: to a local {@code continue} path, else where the user was going, else home. */
  private static AuthenticationSuccessHandler loginSuccess() {
    SavedRequestAwareAuthenticationSuccessHandler saved =
        new SavedRequestAwareAuthenticationSuccessHandler();
    saved.setDefaultTargetUrl("/admin/projects");
    return (request, response, authentication) -> {
      var target = SafeRedirect.localPath(request.getParameter("continue"));
      if (target.isPresent()) {
        response.sendRedirect(request.getContextPath() + target.get());
        return;
      }
      saved.onAuthenticationSuccess(request, response, authentication);
    };
  }

  private static AuthenticationFailureHandler loginFailure() {
    return (HttpServletRequest request,
        HttpServletResponse response,
        AuthenticationException exception) -> {
      String reason = exception instanceof LockedException ? "throttled" : "error";
      String target = "/login?" + reason;
      var next = SafeRedirect.localPath(request.getParameter("continue"));
      if (next.isPresent()) {
        target += "&continue=" + URLEncoder.encode(next.get(), StandardCharsets.UTF_8);
      }
      redirect(request, response, target);
    };
  }

  private static void redirect(
      HttpServletRequest request, HttpServletResponse response, String target) throws IOException {
    response.sendRedirect(request.getContextPath() + target);
  }
}
