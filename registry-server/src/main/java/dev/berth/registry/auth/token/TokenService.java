package dev.berth.registry.auth.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.berth.registry.auth.AuthProperties;
import dev.berth.registry.auth.Caller;
import dev.berth.registry.auth.project.Robot;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Issues and verifies the registry's JWTs. The algorithm is fixed by the key and a token is
 * verified with that key only: header parameters that name a key ({@code jwk}, {@code jku}, {@code
 * x5u}, {@code x5c}, {@code kid}) are never used to choose one. {@code exp}, {@code nbf}, {@code
 * iss} and {@code aud} (the service) are checked, and access and refresh tokens cannot stand in for
 * each other.
 *
 * @see <a href="https://distribution.github.io/distribution/spec/auth/jwt/">token authentication
 *     implementation</a>
 */
public class TokenService {
  /** Tolerated clock difference between replicas. */
  static final Duration SKEW = Duration.ofSeconds(30);

  private static final String USE = "token_use";
  private static final String ACCESS = "access";
  private static final String REFRESH = "refresh";

  private final SigningKey key;
  private final AuthProperties properties;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Cache<String, VerifiedToken> verified =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).build();

  public TokenService(SigningKey key, AuthProperties properties, Clock clock) {
    this.key = key;
    this.properties = properties;
    this.clock = clock;
  }

  /** The service name every token is issued for ({@code aud}). */
  public String service() {
    return properties.service();
  }

  /** Signs an access token for {@code subject} granting exactly {@code access}. */
  public IssuedToken issue(Caller subject, List<Access> access) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Duration ttl = properties.token().ttl();
    List<Map<String, Object>> claim = new ArrayList<>();
    access.forEach(entry -> claim.add(entry.toClaim()));
    JWTClaimsSet claims = base(subject, now, ttl).claim(USE, ACCESS).claim("access", claim).build();
    return new IssuedToken(sign(claims), now, ttl.toSeconds(), access);
  }

  /** Signs a refresh token: it proves who {@code subject} is, and grants nothing by itself. */
  public String issueRefresh(Caller subject) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    return sign(base(subject, now, properties.token().refreshTtl()).claim(USE, REFRESH).build());
  }

  /**
   * Verifies an access token. A token verified before is served from a small cache until it
   * expires, so a client pulling many blobs with one token pays for one signature check.
   */
  public VerifiedToken verifyAccess(String token) {
    VerifiedToken known = verified.getIfPresent(token);
    if (known != null) {
      if (clock.instant().isBefore(known.expiresAt().plus(SKEW))) {
        return known;
      }
      verified.invalidate(token);
    }
    JWTClaimsSet claims = verify(token, ACCESS);
    VerifiedToken result =
        new VerifiedToken(subject(claims), access(claims), claims.getExpirationTime().toInstant());
    verified.put(token, result);
    return result;
  }

  /** Verifies a refresh token and returns whom it was issued to. */
  public Caller verifyRefresh(String token) {
    return subject(verify(token, REFRESH));
  }

  private JWTClaimsSet.Builder base(Caller subject, Instant now, Duration ttl) {
    byte[] id = new byte[16];
    random.nextBytes(id);
    return new JWTClaimsSet.Builder()
        .issuer(properties.issuer())
        .subject(subject.name())
        .audience(properties.service())
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(ttl)))
        .jwtID(Base64.getUrlEncoder().withoutPadding().encodeToString(id));
  }

  private String sign(JWTClaimsSet claims) {
    JWSHeader header =
        new JWSHeader.Builder(key.algorithm()).type(JOSEObjectType.JWT).keyID(key.keyId()).build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(key.signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
    return jwt.serialize();
  }

  private JWTClaimsSet verify(String token, String use) {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new InvalidTokenException("malformed token");
    }
    if (!key.algorithm().equals(jwt.getHeader().getAlgorithm())) {
      throw new InvalidTokenException("token algorithm not accepted");
    }
    try {
      if (!jwt.verify(key.verifier())) {
        throw new InvalidTokenException("token signature invalid");
      }
    } catch (JOSEException e) {
      throw new InvalidTokenException("token signature invalid");
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new InvalidTokenException("malformed token claims");
    }
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null || !now.isBefore(exp.toInstant().plus(SKEW))) {
      throw new InvalidTokenException("token expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(SKEW).isBefore(nbf.toInstant())) {
      throw new InvalidTokenException("token not yet valid");
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(properties.service())) {
      throw new InvalidTokenException("token issued for another service");
    }
    if (!properties.issuer().equals(claims.getIssuer())) {
      throw new InvalidTokenException("token issued by another issuer");
    }
    Object kind = claims.getClaim(USE);
    if (!use.equals(kind)) {
      throw new InvalidTokenException("not an " + use + " token");
    }
    return claims;
  }

  private static Caller subject(JWTClaimsSet claims) {
    String sub = claims.getSubject();
    if (sub == null || sub.isEmpty()) {
      return Caller.ANONYMOUS;
    }
    return sub.startsWith(Robot.PREFIX) ? Caller.robot(sub) : Caller.user(sub);
  }

  private static List<Access> access(JWTClaimsSet claims) {
    Object raw = claims.getClaim("access");
    List<Access> result = new ArrayList<>();
    if (!(raw instanceof List<?> entries)) {
      return result;
    }
    for (Object entry : entries) {
      if (entry instanceof Map<?, ?> map
          && map.get("type") instanceof String type
          && map.get("name") instanceof String name
          && map.get("actions") instanceof List<?> actions) {
        result.add(
            new Access(
                type,
                name,
                actions.stream()
                    .filter(String.class::isInstance)
                    .map(String.class::cast)
                    .toList()));
      }
    }
    return result;
  }
}
