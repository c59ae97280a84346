package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.Route.Endpoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RouteParserTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/v2|BASE||",
        "/v2/|BASE||",
        "/v2/_catalog|CATALOG||",
        "/v2/alpine/tags/list|TAGS|alpine|",
        "/v2/team/app/tags/list|TAGS|team/app|",
        "/v2/a/tags/tags/list|TAGS|a/tags|",
        "/v2/a/b/c/manifests/latest|MANIFEST|a/b/c|latest",
        "/v2/a/manifests/manifests/x|MANIFEST|a/manifests|x",
        "/v2/a/manifests/sha256:abc|MANIFEST|a|sha256:abc",
        "/v2/a/blobs/sha256:abc|BLOB|a|sha256:abc",
        "/v2/a/blobs/uploads/|UPLOADS|a|",
        "/v2/a/blobs/uploads|UPLOADS|a|",
        "/v2/a/blobs/uploads/0b6f-uuid|UPLOAD|a|0b6f-uuid",
        "/v2/x/blobs/uploads/blobs/uploads/|UPLOADS|x/blobs/uploads|",
        "/v2/a/referrers/sha256:abc|REFERRERS|a|sha256:abc",
        "/v2/a/../b/manifests/t|MANIFEST|a/../b|t",
      })
  void parse_recognisesEndpointsFromTheSuffix(
      String path, Endpoint endpoint, String name, String reference) {
    Route route = RouteParser.parse(path).orElseThrow();
    assertThat(route.endpoint()).isEqualTo(endpoint);
    assertThat(route.name()).isEqualTo(name == null ? "" : name);
    if (reference != null) {
      assertThat(route.reference()).isEqualTo(reference);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/v1/",
        "/v2x",
        "/v2/a",
        "/v2/manifests/latest",
        "/v2/a/manifests/",
        "/v2/a/blobs/",
        "/v2/a/tags",
        "/v2/a/unknown/x",
        "/v2/_catalog/x"
      })
  void parse_rejectsPathsThatAreNoEndpoint(String path) {
    assertThat(RouteParser.parse(path)).isEmpty();
  }
}
