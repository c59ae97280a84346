package dev.berth.registry.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.web.WebRoute.Page;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebRouteTest {
  private static final String D =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @ParameterizedTest
  @CsvSource({
    "/alpine, REPOSITORY, alpine, , ",
    "/team/web/app, REPOSITORY, team/web/app, , ",
    "/team/web/app/, REPOSITORY, team/web/app, , ",
    "/team/app/-/tags/v1.2.3, TAG, team/app, v1.2.3, ",
    "/team/app/-/tags/latest/delete, TAG_DELETE, team/app, latest, ",
    "/team/app/-/manifests/" + D + ", MANIFEST, team/app, , " + D,
    "/team/app/-/manifests/" + D + "/files, FILES, team/app, , " + D,
    "/team/app/-/manifests/" + D + "/download, DOWNLOAD, team/app, , " + D,
    "/team/app/-/manifests/" + D + "/delete, MANIFEST_DELETE, team/app, , " + D,
    "/team/app/-/manifests/" + D + "/layers/3, LAYER, team/app, , " + D,
  })
  void parse_recognisesEveryPage(String path, Page page, String name, String tag, String digest) {
    WebRoute route = WebRoute.parse(path).orElseThrow();

    assertThat(route.page()).isEqualTo(page);
    assertThat(route.repository().value()).isEqualTo(name);
    assertThat(route.tag()).isEqualTo(tag);
    assertThat(route.digest() == null ? null : route.digest().toString()).isEqualTo(digest);
  }

  @ParameterizedTest
  @CsvSource({
    "/",
    "/UPPER",
    "/team//app",
    "/team/app/-/",
    "/team/app/-/tags",
    "/team/app/-/tags/-bad",
    "/team/app/-/tags/latest/files",
    "/team/app/-/manifests/sha256:short",
    "/team/app/-/manifests/" + D + "/layers/0",
    "/team/app/-/manifests/" + D + "/layers/x",
    "/team/app/-/manifests/" + D + "/nope",
    "/team/app/-/blobs/" + D,
    "/../etc/passwd",
  })
  void parse_rejectsEverythingElse(String path) {
    assertThat(WebRoute.parse(path)).isEqualTo(Optional.empty());
  }

  @ParameterizedTest
  @CsvSource({"/team/app/-/manifests/" + D + "/layers/2, 2"})
  void parse_readsTheLayerNumber(String path, int layer) {
    assertThat(WebRoute.parse(path).orElseThrow().layer()).isEqualTo(layer);
  }
}
