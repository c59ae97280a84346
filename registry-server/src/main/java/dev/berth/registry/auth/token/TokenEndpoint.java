package dev.berth.registry.auth.token;

import dev.berth.oci.OciJson;
import dev.berth.registry.api.ErrorBody;
import dev.berth.registry.auth.AuthMode;
import dev.berth.registry.auth.AuthProperties;
import dev.berth.registry.auth.Caller;
import dev.berth.registry.auth.ConditionalOnAuthEnabled;
import dev.berth.registry.auth.account.CredentialService;
import dev.berth.registry.auth.account.LoginFailedException;
import dev.berth.registry.auth.account.LoginThrottledException;
import dev.berth.registry.auth.project.PermissionService;
import jakarta.servlet.http.HttpServletRequest;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The token endpoint: {@code GET /token} with Basic credentials (or none, for an anonymous token)
 * and {@code scope} parameters, and the OAuth2 {@code POST /token} form with the password and
 * refresh-token grants. Each token grants what was asked for, as far as the caller may.
 *
 * @see <a href="https://distribution.github.io/distribution/spec/auth/token/">token authentication
 *     specification</a>
 * @see <a href="https://distribution.github.io/distribution/spec/auth/oauth/">OAuth2 token
 *     authentication</a>
 */
@RestController
@ConditionalOnAuthEnabled
public class TokenEndpoint {
  private final CredentialService credentials;
  private final TokenService tokens;
  private final AccessGranter granter;
  private final PermissionService permissions;
  private final AuthProperties properties;

  public TokenEndpoint(
      CredentialService credentials,
      TokenService tokens,
      AccessGranter granter,
      PermissionService permissions,
      AuthProperties properties) {
    this.credentials = credentials;
    this.tokens = tokens;
    this.granter = granter;
    this.permissions = permissions;
    this.properties = properties;
  }

  /** The Docker token request. */
  @GetMapping("/token")
  public ResponseEntity<byte[]> get(
      HttpServletRequest request,
      @RequestParam(required = false) String service,
      @RequestParam(name = "offline_token", required = false) String offlineToken) {
    if (properties.mode() != AuthMode.TOKEN) {
      return error(HttpStatus.NOT_FOUND, "NOT_FOUND", "token authentication is not enabled");
    }
    if (service != null && !service.equals(tokens.service())) {
      return error(HttpStatus.BAD_REQUEST, "DENIED", "unknown service: " + service);
    }
    Caller caller = Caller.ANONYMOUS;
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    Optional<BasicCredentials> basic = BasicCredentials.parse(authorization);
    if (authorization != null
        && basic.isEmpty()
        && BasicCredentials.bearer(authorization).isEmpty()) {
      return unauthorized("malformed Authorization header");
    }
    boolean emptyCredentials =
        basic.isPresent() && basic.get().username().isEmpty() && basic.get().password().isEmpty();
    if (basic.isPresent() && !emptyCredentials) {
      try {
        caller =
            credentials.authenticate(
                basic.get().username(), basic.get().password(), request.getRemoteAddr(), "token");
      } catch (LoginFailedException e) {
        return unauthorized(e.getMessage());
      } catch (LoginThrottledException e) {
        return throttled(e);
      }
    }
    IssuedToken token =
        tokens.issue(caller, granter.grant(caller, Scope.parseAll(scopes(request))));
    Map<String, Object> body = body(token);
    body.put("token", token.token());
    if ("true".equalsIgnoreCase(offlineToken) && !caller.anonymous()) {
      body.put("refresh_token", tokens.issueRefresh(caller));
    }
    return json(HttpStatus.OK, body);
  }

  /** The OAuth2 token request: {@code grant_type=password} or {@code refresh_token}. */
  @PostMapping(path = "/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  public ResponseEntity<byte[]> post(
      HttpServletRequest request,
      @RequestParam(name = "grant_type", required = false) String grantType,
      @RequestParam(required = false) String service,
      @RequestParam(required = false) String username,
      @RequestParam(required = false) String password,
      @RequestParam(name = "refresh_token", required = false) String refreshToken,
      @RequestParam(name = "access_type", required = false) String accessType) {
    if (properties.mode() != AuthMode.TOKEN) {
      return oauthError(HttpStatus.NOT_FOUND, "invalid_request", "token authentication is off");
    }
    if (service != null && !service.equals(tokens.service())) {
      return oauthError(HttpStatus.BAD_REQUEST, "invalid_request", "unknown service: " + service);
    }
    Caller caller;
    String refresh = null;
    if ("password".equals(grantType)) {
      try {
        caller = credentials.authenticate(username, password, request.getRemoteAddr(), "token");
      } catch (LoginFailedException e) {
        return oauthError(HttpStatus.BAD_REQUEST, "invalid_grant", e.getMessage());
      } catch (LoginThrottledException e) {
        ResponseEntity<byte[]> response =
            oauthError(HttpStatus.TOO_MANY_REQUESTS, "invalid_grant", e.getMessage());
        return ResponseEntity.status(response.getStatusCode())
            .headers(response.getHeaders())
            .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
            .body(response.getBody());
      }
      if ("offline".equals(accessType)) {
        refresh = tokens.issueRefresh(caller);
      }
    } else if ("refresh_token".equals(grantType)) {
      try {
        caller = tokens.verifyRefresh(refreshToken == null ? "" : refreshToken);
      } catch (InvalidTokenException e) {
        return oauthError(HttpStatus.BAD_REQUEST, "invalid_grant", e.getMessage());
      }
      if (!permissions.isActive(caller)) {
        return oauthError(HttpStatus.BAD_REQUEST, "invalid_grant", "the account is gone");
      }
      refresh = refreshToken;
    } else {
      return oauthError(
          HttpStatus.BAD_REQUEST, "unsupported_grant_type", "use password or refresh_token");
    }
    IssuedToken token =
        tokens.issue(caller, granter.grant(caller, Scope.parseAll(scopes(request))));
    Map<String, Object> body = body(token);
    body.put("token_type", "Bearer");
    body.put(
        "scope",
        token.access().stream()
            .map(a -> a.type() + ":" + a.name() + ":" + String.join(",", a.actions()))
            .collect(Collectors.joining(" ")));
    if (refresh != null) {
      body.put("refresh_token", refresh);
    }
    return json(HttpStatus.OK, body);
  }

  /** Every {@code scope} value as sent: a bound list would split {@code pull,push} at the comma. */
  private static List<String> scopes(HttpServletRequest request) {
    String[] values = request.getParameterValues("scope");
    return values == null ? List.of() : List.of(values);
  }

  private static Map<String, Object> body(IssuedToken token) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", token.token());
    body.put("expires_in", token.expiresIn());
    body.put("issued_at", DateTimeFormatter.ISO_INSTANT.format(token.issuedAt()));
    return body;
  }

  private static ResponseEntity<byte[]> unauthorized(String message) {
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, Challenges.basic())
        .contentType(MediaType.APPLICATION_JSON)
        .body(OciJson.mapper().writeValueAsBytes(ErrorBody.of("UNAUTHORIZED", message, null)));
  }

  private static ResponseEntity<byte[]> throttled(LoginThrottledException e) {
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
        .contentType(MediaType.APPLICATION_JSON)
        .body(
            OciJson.mapper()
                .writeValueAsBytes(ErrorBody.of("TOOMANYREQUESTS", e.getMessage(), null)));
  }

  private static ResponseEntity<byte[]> error(HttpStatus status, String code, String message) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(OciJson.mapper().writeValueAsBytes(ErrorBody.of(code, message, null)));
  }

  private static ResponseEntity<byte[]> oauthError(
      HttpStatus status, String error, String description) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", description);
    return json(status, body);
  }

  private static ResponseEntity<byte[]> json(HttpStatus status, Map<String, Object> body) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .body(OciJson.mapper().writeValueAsBytes(body));
  }
}
