package dev.berth.registry.auth.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.oci.OciJson;
import dev.berth.registry.api.ErrorBody;
import dev.berth.registry.api.Route;
import dev.berth.registry.api.RouteParser;
import dev.berth.registry.auth.AuthEnabledCondition;
import dev.berth.registry.auth.AuthMode;
import dev.berth.registry.auth.AuthProperties;
import dev.berth.registry.auth.Caller;
import dev.berth.registry.auth.CallerAuthentication;
import dev.berth.registry.auth.account.CredentialService;
import dev.berth.registry.auth.account.LoginFailedException;
import dev.berth.registry.auth.account.LoginThrottledException;
import dev.berth.registry.auth.audit.AuditAction;
import dev.berth.registry.auth.audit.AuditLog;
import dev.berth.registry.auth.project.PermissionService;
import dev.berth.registry.auth.project.ProjectNames;
import dev.berth.registry.auth.project.ProjectService;
import dev.berth.registry.auth.token.AccessGranter;
import dev.berth.registry.auth.token.BasicCredentials;
import dev.berth.registry.auth.token.Challenges;
import dev.berth.registry.auth.token.InvalidTokenException;
import dev.berth.registry.auth.token.TokenService;
import dev.berth.registry.auth.token.VerifiedToken;
import dev.berth.registry.error.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates and authorizes every {@code /v2} request before the API sees it. The route parser
 * tells which repository and action a request needs; a bearer token (token mode) or Basic
 * credentials (basic mode) must grant it. A token check needs no database: the token says what it
 * grants. Callers without what they need get 401 UNAUTHORIZED with a challenge naming the scope, or
 * 403 DENIED when they are known and may not do it at all.
 *
 * <p>It runs inside the API's security chain ({@code SecurityConfiguration.apiChain}), never as a
 * servlet filter of its own.
 */
@Component
@Conditional(AuthEnabledCondition.class)
public class RegistryAuthFilter extends OncePerRequestFilter {
  private static final Duration BASIC_CACHE = Duration.ofSeconds(60);

  private final AuthProperties properties;
  private final TokenService tokens;
  private final CredentialService credentials;
  private final PermissionService permissions;
  private final AccessGranter granter;
  private final ProjectService projects;
  private final AuditLog audit;

  /** Recently verified Basic credentials, by a hash of name and password: bcrypt is slow. */
  private final Cache<String, Caller> basicCache =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(BASIC_CACHE).build();

  public RegistryAuthFilter(
      AuthProperties properties,
      TokenService tokens,
      CredentialService credentials,
      PermissionService permissions,
      AccessGranter granter,
      ProjectService projects,
      AuditLog audit) {
    this.properties = properties;
    this.tokens = tokens;
    this.credentials = credentials;
    this.permissions = permissions;
    this.granter = granter;
    this.projects = projects;
    this.audit = audit;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String uri = request.getRequestURI();
    return !(uri.equals("/v2") || uri.startsWith("/v2/"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Route route = RouteParser.parse(request.getRequestURI()).orElse(null);
    String method = request.getMethod();
    List<RequiredAccess.Need> needs = RequiredAccess.of(route, method);
    Decision decision =
        properties.mode() == AuthMode.BASIC ? basic(request, needs) : token(request, needs);
    switch (decision.outcome()) {
      case ALLOW -> {
        Caller caller = decision.caller();
        SecurityContextHolder.getContext()
            .setAuthentication(new CallerAuthentication(caller, AuthorityUtils.NO_AUTHORITIES));
        if (route != null && isPushStart(route, method)) {
          projects.ensureExistsForAdmin(caller, ProjectNames.projectOf(route.name()));
        }
        chain.doFilter(request, response);
        recordOperation(request, response, route, caller);
      }
      case CHALLENGE -> {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge(request, needs, decision));
        write(request, response, ErrorCode.UNAUTHORIZED, decision.message(), needs);
      }
      case DENY -> {
        write(request, response, ErrorCode.DENIED, decision.message(), needs);
        recordDenial(request, needs, decision.caller());
      }
      case THROTTLED -> {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfter()));
        write(request, response, ErrorCode.TOOMANYREQUESTS, decision.message(), needs);
      }
    }
  }

  private Decision token(HttpServletRequest request, List<RequiredAccess.Need> needs) {
    Optional<String> bearer = BasicCredentials.bearer(request.getHeader(HttpHeaders.AUTHORIZATION));
    if (bearer.isEmpty()) {
      return Decision.challenge(null, "authentication required");
    }
    VerifiedToken token;
    try {
      token = tokens.verifyAccess(bearer.get());
    } catch (InvalidTokenException e) {
      return Decision.challenge("invalid_token", e.getMessage());
    }
    Caller caller = token.subject();
    if (!permissions.isActive(caller)) {
      return Decision.challenge("invalid_token", "the token's account no longer exists");
    }
    for (RequiredAccess.Need need : needs) {
      if (!token.grants(need.type(), need.name(), need.action())) {
        if (!caller.anonymous() && !allowedNow(caller, need)) {
          return Decision.deny(caller, "access to " + need.scope() + " denied");
        }
        return Decision.challenge("insufficient_scope", "the token does not grant " + need.scope());
      }
    }
    return Decision.allow(caller);
  }

  private Decision basic(HttpServletRequest request, List<RequiredAccess.Need> needs) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    Caller caller = Caller.ANONYMOUS;
    if (header != null) {
      Optional<BasicCredentials> basic = BasicCredentials.parse(header);
      if (basic.isEmpty()) {
        return Decision.challenge(null, "Basic credentials required");
      }
      if (basic.get().username().isEmpty() && basic.get().password().isEmpty()) {
        // containers/image answers a Basic challenge with empty credentials when it has none
        return authorize(Caller.ANONYMOUS, needs);
      }
      String key = cacheKey(basic.get());
      Caller cached = basicCache.getIfPresent(key);
      if (cached != null && permissions.isActive(cached)) {
        caller = cached;
      } else {
        try {
          caller =
              credentials.authenticate(
                  basic.get().username(), basic.get().password(), request.getRemoteAddr(), "basic");
          basicCache.put(key, caller);
        } catch (LoginFailedException e) {
          return Decision.challenge(null, e.getMessage());
        } catch (LoginThrottledException e) {
          return Decision.throttled(e);
        }
      }
    }
    return authorize(caller, needs);
  }

  private Decision authorize(Caller caller, List<RequiredAccess.Need> needs) {
    if (caller.anonymous() && needs.isEmpty()) {
      return Decision.challenge(null, "authentication required");
    }
    for (RequiredAccess.Need need : needs) {
      if (!allowedNow(caller, need)) {
        return caller.anonymous()
            ? Decision.challenge(null, "authentication required for " + need.scope())
            : Decision.deny(caller, "access to " + need.scope() + " denied");
      }
    }
    return Decision.allow(caller);
  }

  private boolean allowedNow(Caller caller, RequiredAccess.Need need) {
    if (need.catalog()) {
      return granter.mayListCatalog(caller);
    }
    return permissions.mayOnRepository(caller, need.name(), need.repositoryAction().permission());
  }

  private String challenge(
      HttpServletRequest request, List<RequiredAccess.Need> needs, Decision decision) {
    if (properties.mode() == AuthMode.BASIC) {
      return Challenges.basic();
    }
    return Challenges.bearer(properties, request, RequiredAccess.scopes(needs), decision.error());
  }

  private static boolean isPushStart(Route route, String method) {
    return (route.endpoint() == Route.Endpoint.UPLOADS && "POST".equals(method))
        || (route.endpoint() == Route.Endpoint.MANIFEST && "PUT".equals(method));
  }

  /**
   * Records pulls, pushes and deletes of manifests and deletes of blobs; cheap: one queue offer.
   */
  private void recordOperation(
      HttpServletRequest request, HttpServletResponse response, Route route, Caller caller) {
    if (route == null || response.getStatus() >= 300) {
      return;
    }
    String method = request.getMethod();
    AuditAction action = null;
    if (route.endpoint() == Route.Endpoint.MANIFEST) {
      action =
          switch (method) {
            case "GET" -> AuditAction.PULL;
            case "PUT" -> AuditAction.PUSH;
            case "DELETE" -> AuditAction.DELETE;
            default -> null;
          };
    } else if (route.endpoint() == Route.Endpoint.BLOB && "DELETE".equals(method)) {
      action = AuditAction.DELETE;
    }
    if (action != null) {
      String separator = route.reference().contains(":") ? "@" : ":";
      audit.record(
          caller,
          request.getRemoteAddr(),
          action,
          ProjectNames.projectOf(route.name()),
          route.name() + separator + route.reference(),
          "success",
          null);
    }
  }

  private void recordDenial(
      HttpServletRequest request, List<RequiredAccess.Need> needs, Caller caller) {
    for (RequiredAccess.Need need : needs) {
      if (need.catalog()) {
        continue;
      }
      AuditAction action =
          switch (need.repositoryAction()) {
            case PULL -> AuditAction.PULL;
            case PUSH -> AuditAction.PUSH;
            case DELETE -> AuditAction.DELETE;
          };
      audit.record(
          caller,
          request.getRemoteAddr(),
          action,
          ProjectNames.projectOf(need.name()),
          need.name(),
          "denied",
          request.getMethod() + " " + request.getRequestURI());
      return;
    }
  }

  private static void write(
      HttpServletRequest request,
      HttpServletResponse response,
      ErrorCode code,
      String message,
      List<RequiredAccess.Need> needs)
      throws IOException {
    List<Map<String, String>> detail =
        needs.stream()
            .map(n -> Map.of("Type", n.type(), "Name", n.name(), "Action", n.action()))
            .toList();
    byte[] body =
        OciJson.mapper()
            .writeValueAsBytes(
                ErrorBody.of(code.wireCode(), message, detail.isEmpty() ? null : detail));
    response.setStatus(code.status());
    response.setContentType("application/json");
    response.setContentLength(body.length);
    if (!"HEAD".equals(request.getMethod())) {
      response.getOutputStream().write(body);
    }
  }

  private static String cacheKey(BasicCredentials credentials) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(credentials.username().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(credentials.password().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private enum Outcome {
    ALLOW,
    CHALLENGE,
    DENY,
    THROTTLED
  }

  private record Decision(
      Outcome outcome, Caller caller, String error, String message, long retryAfter) {
    static Decision allow(Caller caller) {
      return new Decision(Outcome.ALLOW, caller, null, null, 0);
    }

    static Decision challenge(String error, String message) {
      return new Decision(Outcome.CHALLENGE, Caller.ANONYMOUS, error, message, 0);
    }

    static Decision deny(Caller caller, String message) {
      return new Decision(Outcome.DENY, caller, null, message, 0);
    }

    static Decision throttled(LoginThrottledException e) {
      return new Decision(
          Outcome.THROTTLED, Caller.ANONYMOUS, null, e.getMessage(), e.retryAfterSeconds());
    }
  }
}
