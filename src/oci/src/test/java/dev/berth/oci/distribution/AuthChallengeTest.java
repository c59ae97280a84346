package dev.berth.oci.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {
  @Test
  void parse_dockerHubBearer() {
    List<AuthChallenge> challenges =
        AuthChallenge.parse(
            "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/alpine:pull\"");
    assertThat(challenges)
        .containsExactly(
            new AuthChallenge(
                "bearer",
                Map.of(
                    "realm", "https://auth.docker.io/token",
                    "service", "registry.docker.io",
                    "scope", "repository:library/alpine:pull")));
  }

  @Test
  void parse_basicAndUnquotedAndSpaces() {
    assertThat(AuthChallenge.parse("Basic realm=\"Registry Realm\""))
        .containsExactly(new AuthChallenge("basic", Map.of("realm", "Registry Realm")));
    assertThat(AuthChallenge.parse("BEARER  realm=https://a/t , service=svc"))
        .containsExactly(
            new AuthChallenge("bearer", Map.of("realm", "https://a/t", "service", "svc")));
  }

  @Test
  void parse_severalChallengesAndEscapes() {
    List<AuthChallenge> challenges =
        AuthChallenge.parse(
            "Basic realm=\"a \\\"quoted\\\" realm\", Bearer realm=\"https://t\",scope=\"x y\"");
    assertThat(challenges).hasSize(2);
    assertThat(challenges.get(0).parameter("realm")).isEqualTo("a \"quoted\" realm");
    assertThat(challenges.get(1).scheme()).isEqualTo("bearer");
    assertThat(challenges.get(1).parameter("scope")).isEqualTo("x y");
  }

  @Test
  void parse_emptyOrNull() {
    assertThat(AuthChallenge.parse(null)).isEmpty();
    assertThat(AuthChallenge.parse("")).isEmpty();
    assertThat(AuthChallenge.parse("Negotiate"))
        .containsExactly(new AuthChallenge("negotiate", Map.of()));
  }
}
