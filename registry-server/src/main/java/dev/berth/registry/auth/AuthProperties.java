package dev.berth.registry.auth;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Authentication settings, under {@code berth.auth}.
 *
 * @param mode none (default), token or basic
 * @param service the token service name: the {@code service} of the challenge and every token's
 *     {@code aud}
 * @param realm the token endpoint URL announced in the challenge; empty derives it from the request
 *     ({@code <scheme>://<host>/token}), which suits a registry reached under one name
 * @param issuer the {@code iss} of issued tokens
 * @param adminPassword the password of the {@code admin} account created on first start; empty
 *     generates one and prints it once in the log
 * @param anonymousPull whether callers without an account may pull public projects
 * @param token token lifetimes and the signing key
 * @param throttle slow-down of repeated failed logins
 * @param auditRetention how long audit events are kept
 * @param bcryptStrength the bcrypt cost of password and robot-secret hashes (4-31; default 10)
 */
@ConfigurationProperties("berth.auth")
public record AuthProperties(
    AuthMode mode,
    String service,
    String realm,
    String issuer,
    String adminPassword,
    Boolean anonymousPull,
    Token token,
    Throttle throttle,
    Duration auditRetention,
    int bcryptStrength) {

  public AuthProperties {
    mode = mode == null ? AuthMode.NONE : mode;
    service = blank(service) ? "berth-registry" : service;
    realm = realm == null ? "" : realm;
    issuer = blank(issuer) ? "berth-registry" : issuer;
    anonymousPull = anonymousPull == null || anonymousPull;
    token = token == null ? new Token(null, null, null) : token;
    throttle = throttle == null ? new Throttle(0, 0, null, null, null) : throttle;
    auditRetention = auditRetention == null ? Duration.ofDays(90) : auditRetention;
    if (bcryptStrength == 0) {
      bcryptStrength = 10;
    }
    if (bcryptStrength < 4 || bcryptStrength > 31) {
      throw new IllegalArgumentException("berth.auth.bcrypt-strength must be 4-31");
    }
  }

  /** True unless the mode is {@link AuthMode#NONE}. */
  public boolean enabled() {
    return mode != AuthMode.NONE;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /**
   * Token settings.
   *
   * @param ttl lifetime of an access token
   * @param refreshTtl lifetime of a refresh token ({@code offline_token=true}, OAuth2 refresh
   *     grant)
   * @param keyFile a JWK file holding the EC P-256 (ES256) or RSA (RS256) private signing key; when
   *     empty a P-256 key is generated once and kept at {@code <data-dir>/auth/token-key.jwk}
   */
  public record Token(Duration ttl, Duration refreshTtl, Path keyFile) {
    public Token {
      ttl = ttl == null ? Duration.ofMinutes(5) : ttl;
      refreshTtl = refreshTtl == null ? Duration.ofDays(30) : refreshTtl;
    }
  }

  /**
   * Failed-login slow-down, counted per account and per client address.
   *
   * @param freeFailures failures for one account name allowed before its attempts are delayed
   * @param freeFailuresPerAddress failures from one address allowed before its attempts are delayed
   *     (higher: many users may share an address behind NAT)
   * @param baseDelay the wait after the last free failure; doubled with each further failure
   * @param maxDelay the longest delay
   * @param forgetAfter failures older than this are forgotten
   */
  public record Throttle(
      int freeFailures,
      int freeFailuresPerAddress,
      Duration baseDelay,
      Duration maxDelay,
      Duration forgetAfter) {
    public Throttle {
      freeFailures = freeFailures <= 0 ? 5 : freeFailures;
      freeFailuresPerAddress = freeFailuresPerAddress <= 0 ? 20 : freeFailuresPerAddress;
      baseDelay = baseDelay == null ? Duration.ofSeconds(1) : baseDelay;
      maxDelay = maxDelay == null ? Duration.ofMinutes(5) : maxDelay;
      forgetAfter = forgetAfter == null ? Duration.ofMinutes(15) : forgetAfter;
    }
  }
}
