package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.Platform;
import dev.berth.testkit.Layer;
import dev.berth.testkit.OciLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The registry as a pull-through cache ({@code berth.proxy.*}, namespace {@code mirror}) of another
 * Berth that wants a token and refuses anonymous pulls, so the cache logs in with the credentials
 * it is given: skopeo and podman pull images that were only ever pushed to the remote, byte for
 * byte; what was pulled is still served when the remote is gone; a tag moved at the remote is
 * followed; ranges of a blob not stored yet are served; tags are listed as the remote lists them;
 * the mirror refuses pushes while the other repositories take them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PullThroughCacheIT {
  private static final String PASSWORD = "remote-admin-password";
  private static final Path ROOT =
      Path.of("target", "e2e-proxy-" + UUID.randomUUID()).toAbsolutePath();
  private static final int REMOTE_PORT = RegistryProcess.freePort();
  private static RegistryProcess remote;

  @DynamicPropertySource
  static void registry(DynamicPropertyRegistry properties) {
    properties.add("berth.data-dir", () -> ROOT.resolve("cache").toString());
    properties.add("berth.proxy.remote-url", () -> "http://127.0.0.1:" + REMOTE_PORT);
    properties.add("berth.proxy.namespace", () -> "mirror");
    properties.add("berth.proxy.username", () -> "admin");
    properties.add("berth.proxy.password", () -> PASSWORD);
    properties.add("berth.proxy.tag-ttl", () -> "0s");
  }

  @LocalServerPort int port;
  @TempDir Path work;

  private Skopeo skopeo;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startRemote() throws IOException {
    Files.createDirectories(ROOT);
    remote = startRemoteRegistry();
  }

  @AfterAll
  static void stopRemote() throws InterruptedException {
    if (remote != null) {
      remote.close();
    }
  }

  @BeforeEach
  void setUp() {
    skopeo = new Skopeo(work.resolve("skopeo"));
  }

  @Test
  void skopeoCopy_ofAnImageOnlyTheRemoteHas_comesOutByteIdentical() {
    Layer base = Layer.random("proxy-base", 2 * 1024 * 1024, 61);
    OciLayout source = layout("app", base, Layer.random("proxy", 700, 62));
    pushToRemote(source, "team/app:v1");

    OciLayout copied = OciLayout.create(work.resolve("out"));
    skopeo.copy("--preserve-digests", cache("mirror/team/app:v1"), "oci:" + copied.root() + ":v1");

    SkopeoIT.assertSameImage(copied, source, "v1");
    String page = new String(get("/r/mirror/team/app", null).body());
    assertThat(page)
        .contains("Pull-through cache of http://127.0.0.1:" + REMOTE_PORT)
        .contains(">v1<");
    HttpResponse<byte[]> blob = get("/v2/mirror/team/app/blobs/" + base.digest(), null);
    assertThat(blob.statusCode()).isEqualTo(200);
    assertThat(blob.body()).isEqualTo(base.compressed());
  }

  @Test
  void multiPlatformIndex_copiedWithAll_comesOutByteIdentical() {
    OciLayout source = OciLayout.create(work.resolve("index-src"));
    Descriptor amd64 =
        source.addImage(
            Platform.of("linux", "amd64", null), List.of(Layer.random("proxy-amd64", 9000, 63)));
    Descriptor arm64 =
        source.addImage(
            Platform.of("linux", "arm64", null), List.of(Layer.random("proxy-arm64", 9000, 64)));
    source.tag("v1", source.addIndex(List.of(amd64, arm64)));
    skopeo.copy(
        "--all",
        "--dest-creds",
        "admin:" + PASSWORD,
        "oci:" + source.root() + ":v1",
        "docker://127.0.0.1:" + REMOTE_PORT + "/team/multi:v1");

    OciLayout copied = OciLayout.create(work.resolve("index-out"));
    skopeo.copy("--all", cache("mirror/team/multi:v1"), "oci:" + copied.root() + ":v1");

    SkopeoIT.assertSameImage(copied, source, "v1");
  }

  @Test
  void podmanPull_ofWhatWasPulledBefore_worksWhenTheRemoteIsGone() throws Exception {
    pushToRemote(layout("offline", Layer.random("proxy-offline", 4096, 65)), "team/offline:v1");
    new Podman(work.resolve("first"))
        .run("pull", "--tls-verify=false", cacheReference("mirror/team/offline:v1"));

    remote.close();
    try {
      String pulled =
          new Podman(work.resolve("second"))
              .run("pull", "--tls-verify=false", cacheReference("mirror/team/offline:v1"));
      assertThat(pulled).as("podman pull with the remote stopped").isNotBlank();
      assertThat(new String(get("/v2/mirror/team/offline/tags/list", null).body()))
          .as("the stored tags, with the remote stopped")
          .isEqualTo("{\"name\":\"mirror/team/offline\",\"tags\":[\"v1\"]}");

      HttpResponse<byte[]> never = get("/v2/mirror/team/never/manifests/v1", null);
      assertThat(never.statusCode()).as("nothing stored, remote gone").isEqualTo(503);
      assertThat(new String(never.body())).contains("\"code\":\"UNAVAILABLE\"");
    } finally {
      remote = startRemoteRegistry();
    }
  }

  @Test
  void tagMovedAtTheRemote_isFollowed() {
    OciLayout first = layout("first", Layer.random("proxy-first", 1000, 66));
    OciLayout second = layout("second", Layer.random("proxy-second", 1000, 67));
    pushToRemote(first, "team/moving:v1");
    assertThat(digestOf("mirror/team/moving", "v1")).isEqualTo(first.tagged("v1").digest());

    pushToRemote(second, "team/moving:v1");

    assertThat(digestOf("mirror/team/moving", "v1")).isEqualTo(second.tagged("v1").digest());
    OciLayout copied = OciLayout.create(work.resolve("moved"));
    skopeo.copy(
        "--preserve-digests", cache("mirror/team/moving:v1"), "oci:" + copied.root() + ":v1");
    SkopeoIT.assertSameImage(copied, second, "v1");
  }

  @Test
  void rangeOfABlobNotStoredYet_isServed() {
    Layer layer = Layer.random("proxy-range", 1024 * 1024, 68);
    pushToRemote(layout("range", layer), "team/range:v1");
    byte[] whole = layer.compressed();

    HttpResponse<byte[]> range =
        get("/v2/mirror/team/range/blobs/" + layer.digest(), "bytes=1000-1999");

    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.headers().firstValue("Content-Range"))
        .hasValue("bytes 1000-1999/" + whole.length);
    assertThat(range.body()).isEqualTo(Arrays.copyOfRange(whole, 1000, 2000));
    HttpResponse<byte[]> all = get("/v2/mirror/team/range/blobs/" + layer.digest(), null);
    assertThat(all.body()).isEqualTo(whole);
  }

  @Test
  void tagList_isTheRemotes_pageByPage() {
    OciLayout source = layout("tags", Layer.random("proxy-tags", 500, 70));
    pushToRemote(source, "team/tags:v1");
    pushToRemote(source, "team/tags:v2");

    HttpResponse<byte[]> first = get("/v2/mirror/team/tags/tags/list?n=1", null);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(new String(first.body()))
        .isEqualTo("{\"name\":\"mirror/team/tags\",\"tags\":[\"v1\"]}");
    assertThat(first.headers().firstValue("Link"))
        .hasValue("</v2/mirror/team/tags/tags/list?n=1&last=v1>; rel=\"next\"");
    HttpResponse<byte[]> second = get("/v2/mirror/team/tags/tags/list?n=1&last=v1", null);
    assertThat(new String(second.body())).contains("\"tags\":[\"v2\"]");
    assertThat(skopeo.run("list-tags", "--tls-verify=false", cache("mirror/team/tags")))
        .contains("\"v1\"", "\"v2\"");
  }

  @Test
  void whatTheRemoteDoesNotHave_isUnknown() {
    assertThat(get("/v2/mirror/team/nothing/manifests/v1", null).statusCode()).isEqualTo(404);
    HttpResponse<byte[]> blob = get("/v2/mirror/team/nothing/blobs/sha256:" + "0".repeat(64), null);
    assertThat(blob.statusCode()).isEqualTo(404);
    assertThat(new String(blob.body())).contains("\"code\":\"BLOB_UNKNOWN\"");
  }

  @Test
  void push_intoTheMirror_isRefused_whileOtherRepositoriesTakeIt() throws Exception {
    OciLayout source = layout("push", Layer.random("proxy-push", 2000, 69));

    ExternalCommand.Result refused =
        skopeo.tryPush("oci:" + source.root() + ":v1", cache("mirror/team/pushed:v1"));
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output()).contains("pull-through cache");
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(uri("/v2/mirror/team/pushed/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.body()).contains("\"code\":\"UNSUPPORTED\"");

    skopeo.copy("oci:" + source.root() + ":v1", cache("own/app:v1"));
    assertThat(digestOf("own/app", "v1")).isEqualTo(source.tagged("v1").digest());
    HttpResponse<byte[]> page = get("/r/own/app", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(new String(page.body())).doesNotContain("Pull-through cache");
  }

  private static RegistryProcess startRemoteRegistry() {
    return RegistryProcess.start(
        ROOT.resolve("remote"),
        ROOT.resolve("remote.log"),
        REMOTE_PORT,
        List.of(
            "--berth.auth.mode=token",
            "--berth.auth.admin-password=" + PASSWORD,
            "--berth.auth.anonymous-pull=false"));
  }

  private void pushToRemote(OciLayout source, String repositoryAndTag) {
    skopeo.copy(
        "--preserve-digests",
        "--dest-creds",
        "admin:" + PASSWORD,
        "oci:" + source.root() + ":v1",
        "docker://127.0.0.1:" + REMOTE_PORT + "/" + repositoryAndTag);
  }

  private OciLayout layout(String name, Layer... layers) {
    return SkopeoIT.hostImage(work.resolve(name + "-src"), List.of(layers));
  }

  private String cacheReference(String repositoryAndTag) {
    return "127.0.0.1:" + port + "/" + repositoryAndTag;
  }

  private String cache(String repositoryAndTag) {
    return "docker://" + cacheReference(repositoryAndTag);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<byte[]> get(String path, String range) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
    if (range != null) {
      request.header("Range", range);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new AssertionError(path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private Digest digestOf(String repository, String tag) {
    HttpRequest request =
        HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + tag))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .header("Accept", "application/vnd.oci.image.manifest.v1+json")
            .build();
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      assertThat(response.statusCode()).as("HEAD %s:%s", repository, tag).isEqualTo(200);
      return Digest.parse(response.headers().firstValue("Docker-Content-Digest").orElseThrow());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
