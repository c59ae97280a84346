package dev.berth.registry.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.berth.registry.auth.AuthMode;
import dev.berth.registry.auth.AuthProperties;
import dev.berth.registry.auth.Caller;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenServiceTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final List<Access> PULL =
      List.of(new Access("repository", "team/app", List.of("pull")));

  @TempDir Path dir;

  private final ECKey key = generate();
  private final TokenService tokens = service(key, "berth-registry", NOW);

  private static ECKey generate() {
    try {
      return new ECKeyGenerator(Curve.P_256).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static AuthProperties properties(String service) {
    return new AuthProperties(
        AuthMode.TOKEN, service, "", "berth-registry", null, true, null, null, null, 0);
  }

  private static TokenService service(ECKey key, String service, Instant now) {
    return new TokenService(
        SigningKey.of(key), properties(service), Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void verifyAccess_roundTrip() {
    IssuedToken issued = tokens.issue(Caller.user("alice"), PULL);
    VerifiedToken verified = tokens.verifyAccess(issued.token());
    assertThat(verified.subject()).isEqualTo(Caller.user("alice"));
    assertThat(verified.grants("repository", "team/app", "pull")).isTrue();
    assertThat(verified.grants("repository", "team/app", "push")).isFalse();
    assertThat(issued.expiresIn()).isEqualTo(300);
  }

  @Test
  void verifyAccess_robotAndAnonymousSubjects() {
    assertThat(
            tokens
                .verifyAccess(tokens.issue(Caller.robot("robot$team+ci"), PULL).token())
                .subject())
        .isEqualTo(Caller.robot("robot$team+ci"));
    assertThat(tokens.verifyAccess(tokens.issue(Caller.ANONYMOUS, PULL).token()).subject())
        .isEqualTo(Caller.ANONYMOUS);
  }

  @Test
  void verifyAccess_refusesAnotherService() {
    String other = service(key, "other-registry", NOW).issue(Caller.user("alice"), PULL).token();
    assertThatThrownBy(() -> tokens.verifyAccess(other))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("another service");
  }

  @Test
  void verifyAccess_refusesExpired() {
    String old =
        service(key, "berth-registry", NOW.minus(Duration.ofMinutes(10)))
            .issue(Caller.user("a"), PULL)
            .token();
    assertThatThrownBy(() -> tokens.verifyAccess(old)).hasMessageContaining("expired");
  }

  @Test
  void verifyAccess_refusesNotYetValid() {
    String future =
        service(key, "berth-registry", NOW.plus(Duration.ofMinutes(2)))
            .issue(Caller.user("a"), PULL)
            .token();
    assertThatThrownBy(() -> tokens.verifyAccess(future)).hasMessageContaining("not yet valid");
  }

  @Test
  void verifyAccess_refusesAlgNone() {
    String unsigned = new PlainJWT(claims(NOW).build()).serialize();
    assertThatThrownBy(() -> tokens.verifyAccess(unsigned))
        .isInstanceOf(InvalidTokenException.class);
    String header =
        Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
            .toString();
    String payload =
        Base64URL.encode(claims(NOW).build().toString().getBytes(StandardCharsets.UTF_8))
            .toString();
    assertThatThrownBy(() -> tokens.verifyAccess(header + "." + payload + "."))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void verifyAccess_refusesAnotherKey() {
    String forged =
        service(generate(), "berth-registry", NOW).issue(Caller.user("admin"), PULL).token();
    assertThatThrownBy(() -> tokens.verifyAccess(forged)).hasMessageContaining("signature");
  }

  @Test
  void verifyAccess_ignoresAKeyInTheHeader() throws Exception {
    ECKey attacker = generate();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(JOSEObjectType.JWT)
                .jwk(attacker.toPublicJWK())
                .keyID(attacker.computeThumbprint().toString())
                .build(),
            claims(NOW).build());
    jwt.sign(new ECDSASigner(attacker));
    assertThatThrownBy(() -> tokens.verifyAccess(jwt.serialize()))
        .hasMessageContaining("signature");
  }

  @Test
  void verifyAccess_refusesHmacWithThePublicKeyAsSecret() throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(NOW).build());
    byte[] secret = key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    jwt.sign(new MACSigner(java.util.Arrays.copyOf(secret, Math.max(secret.length, 32))));
    assertThatThrownBy(() -> tokens.verifyAccess(jwt.serialize()))
        .hasMessageContaining("algorithm");
  }

  @Test
  void verifyAccess_refusesARefreshToken() {
    String refresh = tokens.issueRefresh(Caller.user("alice"));
    assertThatThrownBy(() -> tokens.verifyAccess(refresh)).hasMessageContaining("access");
    assertThat(tokens.verifyRefresh(refresh)).isEqualTo(Caller.user("alice"));
  }

  @Test
  void verifyRefresh_refusesAnAccessToken() {
    String access = tokens.issue(Caller.user("alice"), PULL).token();
    assertThatThrownBy(() -> tokens.verifyRefresh(access)).hasMessageContaining("refresh");
  }

  @Test
  void verifyAccess_refusesGarbage() {
    assertThatThrownBy(() -> tokens.verifyAccess("not.a.token"))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void loadOrGenerate_keepsTheKeyAcrossRestarts() {
    Path file = dir.resolve("auth/token-key.jwk");
    SigningKey first = SigningKey.loadOrGenerate(file);
    SigningKey second = SigningKey.loadOrGenerate(file);
    assertThat(second.keyId()).isEqualTo(first.keyId());
    assertThat(second.algorithm()).isEqualTo(JWSAlgorithm.ES256);
    TokenService a = new TokenService(first, properties("berth-registry"), Clock.systemUTC());
    TokenService b = new TokenService(second, properties("berth-registry"), Clock.systemUTC());
    assertThat(b.verifyAccess(a.issue(Caller.user("x"), PULL).token()).subject().name())
        .isEqualTo("x");
  }

  private static JWTClaimsSet.Builder claims(Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer("berth-registry")
        .subject("admin")
        .audience("berth-registry")
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)))
        .claim("token_use", "access")
        .claim(
            "access",
            List.of(
                Map.of(
                    "type", "repository", "name", "team/app", "actions", List.of("pull", "push"))));
  }
}
