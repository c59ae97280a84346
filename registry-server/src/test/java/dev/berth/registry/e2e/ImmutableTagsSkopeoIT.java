package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.web.WebPaths;
import dev.berth.testkit.Layer;
import dev.berth.testkit.OciLayout;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * skopeo against {@code berth.immutable-tags=release/**:v*}: the first push of {@code v1} lands, a
 * different image pushed to {@code v1} fails with the registry's reason, {@code skopeo delete}
 * fails too, and {@code v1} still pulls the first image byte for byte. The web UI marks the tag and
 * offers no delete for it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImmutableTagsSkopeoIT {
  @DynamicPropertySource
  static void registry(DynamicPropertyRegistry properties) {
    Path data = Path.of("target", "e2e-immutable-" + UUID.randomUUID()).toAbsolutePath();
    properties.add("berth.data-dir", data::toString);
    properties.add("berth.immutable-tags", () -> "release/**:v*");
  }

  @LocalServerPort int port;
  @TempDir Path work;

  @Test
  void skopeoCannotMoveOrDeleteAnImmutableTag_andTheFirstImageStays() throws Exception {
    Skopeo skopeo = new Skopeo(work.resolve("skopeo"));
    OciLayout first =
        SkopeoIT.hostImage(work.resolve("first"), List.of(Layer.random("first", 50_000, 71)));
    OciLayout second =
        SkopeoIT.hostImage(work.resolve("second"), List.of(Layer.random("second", 50_000, 72)));

    skopeo.copy("oci:" + first.root() + ":v1", docker("release/team/app", "v1"));
    skopeo.copy("oci:" + first.root() + ":v1", docker("release/team/app", "v1"));

    ExternalCommand.Result moved =
        skopeo.tryPush("oci:" + second.root() + ":v1", docker("release/team/app", "v1"));
    assertThat(moved.exitCode()).as(moved.output()).isNotZero();
    assertThat(moved.output()).contains("tag v1 of release/team/app is immutable");

    ExternalCommand.Result deleted =
        skopeo.result("delete", "--tls-verify=false", docker("release/team/app", "v1"));
    assertThat(deleted.exitCode()).as(deleted.output()).isNotZero();
    assertThat(deleted.output()).contains("immutable");

    OciLayout pulled = OciLayout.create(work.resolve("pulled"));
    skopeo.copy(docker("release/team/app", "v1"), "oci:" + pulled.root() + ":v1");
    SkopeoIT.assertSameImage(pulled, first, "v1");

    // skopeo deletes by digest: the second image's manifest carries no immutable tag.
    skopeo.copy("oci:" + second.root() + ":v1", docker("release/team/app", "latest"));
    skopeo.run("delete", "--tls-verify=false", docker("release/team/app", "latest"));

    HttpClient http = HttpClient.newHttpClient();
    String page = get(http, WebPaths.repository("release/team/app")).body();
    assertThat(page).contains(">immutable<");
    assertThat(page).doesNotContain(WebPaths.deleteTag("release/team/app", "v1"));
    HttpResponse<String> confirm = get(http, WebPaths.deleteTag("release/team/app", "v1"));
    assertThat(confirm.statusCode()).isEqualTo(403);
    assertThat(confirm.body()).contains("is immutable");
  }

  private HttpResponse<String> get(HttpClient http, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String docker(String repository, String tag) {
    return "docker://127.0.0.1:" + port + "/" + repository + ":" + tag;
  }
}
