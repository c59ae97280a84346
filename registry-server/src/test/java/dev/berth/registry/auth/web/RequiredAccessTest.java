package dev.berth.registry.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RouteParser;
import dev.berth.registry.auth.web.RequiredAccess.Need;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequiredAccessTest {
  static Stream<Arguments> cases() {
    Need pull = new Need("repository", "team/app", "pull");
    Need push = new Need("repository", "team/app", "push");
    Need delete = new Need("repository", "team/app", "delete");
    return Stream.of(
        Arguments.of("GET", "/v2/", null, null, List.of()),
        Arguments.of(
            "GET", "/v2/_catalog", null, null, List.of(new Need("registry", "catalog", "*"))),
        Arguments.of("GET", "/v2/team/app/manifests/1", null, null, List.of(pull)),
        Arguments.of("HEAD", "/v2/team/app/manifests/1", null, null, List.of(pull)),
        Arguments.of("PUT", "/v2/team/app/manifests/1", null, null, List.of(push)),
        Arguments.of("DELETE", "/v2/team/app/manifests/sha256:ab", null, null, List.of(delete)),
        Arguments.of("GET", "/v2/team/app/blobs/sha256:ab", null, null, List.of(pull)),
        Arguments.of("DELETE", "/v2/team/app/blobs/sha256:ab", null, null, List.of(delete)),
        Arguments.of("GET", "/v2/team/app/tags/list", null, null, List.of(pull)),
        Arguments.of("GET", "/v2/team/app/referrers/sha256:ab", null, null, List.of(pull)),
        Arguments.of("POST", "/v2/team/app/blobs/uploads/", null, null, List.of(push)),
        Arguments.of("PATCH", "/v2/team/app/blobs/uploads/u1", null, null, List.of(push)),
        Arguments.of("GET", "/v2/team/app/blobs/uploads/u1", null, null, List.of(push)),
        Arguments.of("DELETE", "/v2/team/app/blobs/uploads/u1", null, null, List.of(push)),
        Arguments.of(
            "POST",
            "/v2/team/app/blobs/uploads/",
            "sha256:ab",
            "other/base",
            List.of(push, new Need("repository", "other/base", "pull"))),
        Arguments.of(
            "POST", "/v2/team/app/blobs/uploads/", "sha256:ab", "BAD//name", List.of(push)),
        Arguments.of("GET", "/v2/BAD/manifests/1", null, null, List.of()));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void of_mapsRouteAndMethodToNeeds(
      String method, String path, String mount, String from, List<Need> expected) {
    assertThat(RequiredAccess.of(RouteParser.parse(path).orElse(null), method, mount, from))
        .containsExactlyElementsOf(expected);
  }

  @org.junit.jupiter.api.Test
  void scopes_pushAlsoAsksForPull() {
    List<Need> needs =
        RequiredAccess.of(
            RouteParser.parse("/v2/team/app/blobs/uploads/").orElseThrow(), "POST", null, null);
    assertThat(RequiredAccess.scopes(needs)).containsExactly("repository:team/app:pull,push");
  }
}
