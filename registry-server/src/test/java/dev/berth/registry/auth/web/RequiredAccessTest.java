package dev.berth.registry.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RouteParser;
import dev.berth.registry.auth.web.RequiredAccess.Need;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequiredAccessTest {
  private static final Need PULL = new Need("repository", "team/app", "pull");
  private static final Need PUSH = new Need("repository", "team/app", "push");
  private static final Need DELETE = new Need("repository", "team/app", "delete");

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("GET", "/v2/", List.of()),
        Arguments.of("GET", "/v2/_catalog", List.of(new Need("registry", "catalog", "*"))),
        Arguments.of("GET", "/v2/team/app/manifests/1", List.of(PULL)),
        Arguments.of("HEAD", "/v2/team/app/manifests/1", List.of(PULL)),
        Arguments.of("PUT", "/v2/team/app/manifests/1", List.of(PUSH)),
        Arguments.of("DELETE", "/v2/team/app/manifests/sha256:ab", List.of(DELETE)),
        Arguments.of("GET", "/v2/team/app/blobs/sha256:ab", List.of(PULL)),
        Arguments.of("HEAD", "/v2/team/app/blobs/sha256:ab", List.of(PULL)),
        Arguments.of("DELETE", "/v2/team/app/blobs/sha256:ab", List.of(DELETE)),
        Arguments.of("GET", "/v2/team/app/tags/list", List.of(PULL)),
        Arguments.of("GET", "/v2/team/app/referrers/sha256:ab", List.of(PULL)),
        Arguments.of("POST", "/v2/team/app/blobs/uploads/", List.of(PUSH)),
        Arguments.of("PATCH", "/v2/team/app/blobs/uploads/u1", List.of(PUSH)),
        Arguments.of("PUT", "/v2/team/app/blobs/uploads/u1", List.of(PUSH)),
        Arguments.of("GET", "/v2/team/app/blobs/uploads/u1", List.of(PUSH)),
        Arguments.of("DELETE", "/v2/team/app/blobs/uploads/u1", List.of(PUSH)),
        Arguments.of("GET", "/v2/BAD/manifests/1", List.of()),
        Arguments.of("GET", "/v2/not/an/endpoint", List.of()));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void of_mapsRouteAndMethodToNeeds(String method, String path, List<Need> expected) {
    assertThat(RequiredAccess.of(RouteParser.parse(path).orElse(null), method))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void scopes_pushAlsoAsksForPull() {
    List<Need> needs =
        RequiredAccess.of(RouteParser.parse("/v2/team/app/blobs/uploads/").orElseThrow(), "POST");
    assertThat(RequiredAccess.scopes(needs)).containsExactly("repository:team/app:pull,push");
  }
}
