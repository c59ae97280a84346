package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageIndex;
import dev.berth.oci.OciJson;
import dev.berth.oci.Platform;
import dev.berth.testkit.Layer;
import dev.berth.testkit.OciLayout;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The docker command line's registry commands, which talk to the registry themselves (no Docker
 * engine runs here): {@code docker manifest inspect}, and {@code docker manifest create} + {@code
 * push} of a multi-platform list made from images in other repositories, which mounts their blobs
 * and pushes their manifests by digest before the list.
 *
 * @see <a href="https://docs.docker.com/reference/cli/docker/manifest/">docker manifest</a>
 */
class DockerManifestIT extends RunningRegistry {
  private static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  private static final String DOCKER_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";

  @TempDir Path work;

  private Path docker;
  private Skopeo skopeo;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() {
    docker = ExternalCommand.requireProgram("docker");
    skopeo = new Skopeo(work.resolve("skopeo"));
  }

  @Test
  void manifestInspect_printsTheStoredManifest() throws Exception {
    pushImage("inspected", Platform.of("linux", "amd64", null), 31, "e2e/docker-inspect:v1");

    String printed =
        docker("manifest", "inspect", "--insecure", reference("e2e/docker-inspect:v1"));

    HttpResponse<String> stored = get("/v2/e2e/docker-inspect/manifests/v1", DOCKER_MANIFEST);
    assertThat(stored.headers().firstValue("Content-Type")).hasValue(DOCKER_MANIFEST);
    assertThat(OciJson.mapper().readTree(printed))
        .isEqualTo(OciJson.mapper().readTree(stored.body()));
  }

  @Test
  void manifestInspect_unknownTag_isReportedAsNoSuchManifest() {
    ExternalCommand.Result result =
        dockerResult("manifest", "inspect", "--insecure", reference("e2e/docker-none:absent"));

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("no such manifest");
  }

  @Test
  void manifestPush_listFromTwoRepositories_mountsTheBlobsAndStoresTheList() throws Exception {
    Digest amd64 =
        pushImage("list-amd64", Platform.of("linux", "amd64", null), 32, "e2e/docker-amd64:v1");
    Digest arm64 =
        pushImage("list-arm64", Platform.of("linux", "arm64", null), 33, "e2e/docker-arm64:v1");
    String list = reference("e2e/docker-list:v1");
    docker(
        "manifest",
        "create",
        "--insecure",
        list,
        reference("e2e/docker-amd64:v1"),
        reference("e2e/docker-arm64:v1"));
    requests.clear();

    String pushed = docker("manifest", "push", "--insecure", "--purge", list);

    HttpResponse<String> stored = get("/v2/e2e/docker-list/manifests/v1", DOCKER_LIST);
    assertThat(stored.statusCode()).isEqualTo(200);
    assertThat(stored.headers().firstValue("Content-Type")).hasValue(DOCKER_LIST);
    String digest = stored.headers().firstValue("Docker-Content-Digest").orElseThrow();
    assertThat(pushed.strip()).endsWith(digest);
    ImageIndex index = OciJson.mapper().readValue(stored.body(), ImageIndex.class);
    assertThat(index.manifests())
        .extracting(Descriptor::digest)
        .containsExactlyInAnyOrder(amd64, arm64);
    assertThat(index.manifests())
        .extracting(child -> child.platform().architecture())
        .containsExactlyInAnyOrder("amd64", "arm64");
    for (Descriptor child : index.manifests()) {
      assertThat(
              get("/v2/e2e/docker-list/manifests/" + child.digest(), DOCKER_MANIFEST).statusCode())
          .as("child %s in the list's repository", child.digest())
          .isEqualTo(200);
    }
    assertThat(requests.entries())
        .as("the layers and configs are mounted from the source repositories")
        .filteredOn(request -> request.param("mount") != null)
        .hasSize(4)
        .allSatisfy(
            request -> {
              assertThat(request.path()).isEqualTo("/v2/e2e/docker-list/blobs/uploads/");
              assertThat(request.param("from")).startsWith("e2e/docker-");
              assertThat(request.status()).isEqualTo(201);
            });
    assertThat(requests.entries())
        .as("no blob bytes are uploaded: every upload request is a mount")
        .filteredOn(request -> request.path().contains("/blobs/uploads/"))
        .allSatisfy(request -> assertThat(request.method()).isEqualTo("POST"));

    JsonNode inspected =
        OciJson.mapper().readTree(docker("manifest", "inspect", "--insecure", list));
    assertThat(inspected.get("mediaType").asString()).isEqualTo(DOCKER_LIST);
  }

  /**
   * Builds a one-layer image for {@code platform} and copies it as Docker schema 2 (what docker
   * pushes) into the registry as {@code to}; answers the digest the registry stored it under.
   */
  private Digest pushImage(String name, Platform platform, long seed, String to) throws Exception {
    OciLayout source = OciLayout.create(work.resolve(name));
    source.tag("v1", source.addImage(platform, List.of(Layer.random(name, 16 * 1024, seed))));
    skopeo.copy("--format", "v2s2", "oci:" + source.root() + ":v1", "docker://" + reference(to));
    String repository = to.substring(0, to.indexOf(':'));
    HttpResponse<String> stored = get("/v2/" + repository + "/manifests/v1", DOCKER_MANIFEST);
    assertThat(stored.statusCode()).as("%s stored", to).isEqualTo(200);
    return Digest.parse(stored.headers().firstValue("Docker-Content-Digest").orElseThrow());
  }

  private HttpResponse<String> get(String path, String accept) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Accept", accept)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String docker(String... args) {
    return dockerResult(args).orFail();
  }

  /** docker with a configuration directory of its own, so no credentials or settings leak in. */
  private ExternalCommand.Result dockerResult(String... args) {
    List<String> command = new ArrayList<>(List.of(docker.toString()));
    command.addAll(List.of(args));
    return ExternalCommand.run(
        command,
        Map.of("DOCKER_CONFIG", work.resolve("docker-config").toString()),
        Duration.ofMinutes(2));
  }
}
