package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaType;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code berth.immutable-tags}, a covered tag is pushed once: moving it (by path or {@code
 * ?tag=}), deleting it, or deleting its manifest answers 403 DENIED and changes nothing, while
 * re-pushing the same manifest, other tags and other repositories behave as usual.
 */
class ImmutableTagsIT extends ApiTestSupport {
  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registerCommon(registry);
    registry.add("berth.immutable-tags", () -> "it/*:v*, **:release");
  }

  @Test
  void aCoveredTag_cannotMove_andRePushingTheSameManifestIsFine() {
    byte[] first = utf8(imageManifest(repo, ""));
    byte[] second = utf8(imageManifest(repo, ""));
    Digest firstDigest = Digest.sha256(first);
    assertThat(client.putManifest(repo, "v1", MediaType.OCI_MANIFEST, first).statusCode())
        .isEqualTo(201);
    assertThat(client.putManifest(repo, "v1", MediaType.OCI_MANIFEST, first).statusCode())
        .as("the same manifest again")
        .isEqualTo(201);

    HttpResponse<byte[]> moved = client.putManifest(repo, "v1", MediaType.OCI_MANIFEST, second);
    assertError(moved, 403, "DENIED");
    assertThat(json(moved).get("errors").get(0).get("message").asString())
        .contains("tag v1 of " + repo + " is immutable");
    HttpResponse<byte[]> byQuery =
        client.send(
            "PUT",
            "/v2/" + repo + "/manifests/" + Digest.sha256(second) + "?tag=latest&tag=v1",
            BodyPublishers.ofByteArray(second),
            "Content-Type",
            MediaType.OCI_MANIFEST);
    assertError(byQuery, 403, "DENIED");

    assertThat(digestOf(repo, "v1")).isEqualTo(firstDigest.toString());
    assertThat(client.get("/v2/" + repo + "/manifests/latest").statusCode())
        .as("nothing of the refused push was tagged")
        .isEqualTo(404);
    assertThat(client.putManifest(repo, "latest", MediaType.OCI_MANIFEST, second).statusCode())
        .as("an uncovered tag moves freely")
        .isEqualTo(201);
    assertThat(client.putManifest(repo, "latest", MediaType.OCI_MANIFEST, first).statusCode())
        .isEqualTo(201);
  }

  @Test
  void aCoveredTag_andItsManifest_cannotBeDeleted_butOthersCan() {
    byte[] manifest = utf8(imageManifest(repo, ""));
    Digest digest = Digest.sha256(manifest);
    client.putManifest(repo, "release", MediaType.OCI_MANIFEST, manifest);
    client.putManifest(repo, "scratch", MediaType.OCI_MANIFEST, manifest);

    assertError(client.delete("/v2/" + repo + "/manifests/release"), 403, "DENIED");
    assertError(client.delete("/v2/" + repo + "/manifests/" + digest), 403, "DENIED");
    assertThat(digestOf(repo, "release")).isEqualTo(digest.toString());
    assertThat(digestOf(repo, "scratch")).as("kept with its manifest").isEqualTo(digest.toString());

    assertThat(client.delete("/v2/" + repo + "/manifests/scratch").statusCode()).isEqualTo(202);
    assertThat(client.get("/v2/" + repo + "/manifests/scratch").statusCode()).isEqualTo(404);
  }

  @Test
  void repositoriesNoRuleCovers_moveAndDeleteTagsAsUsual() {
    String other = "elsewhere/" + repo.substring(3);
    byte[] first = utf8(imageManifest(other, ""));
    byte[] second = utf8(imageManifest(other, ""));
    client.putManifest(other, "v1", MediaType.OCI_MANIFEST, first);
    assertThat(client.putManifest(other, "v1", MediaType.OCI_MANIFEST, second).statusCode())
        .isEqualTo(201);
    assertThat(digestOf(other, "v1")).isEqualTo(Digest.sha256(second).toString());
    assertThat(client.delete("/v2/" + other + "/manifests/v1").statusCode()).isEqualTo(202);
  }

  private String digestOf(String repository, String tag) {
    HttpResponse<byte[]> response = client.head("/v2/" + repository + "/manifests/" + tag);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
  }
}
