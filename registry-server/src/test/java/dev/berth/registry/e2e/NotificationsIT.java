package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.registry.notify.RecordingListener;
import dev.berth.testkit.Layer;
import dev.berth.testkit.OciLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Events of real pushes, pulls, mounts and deletes by skopeo reach a listener in distribution's
 * envelope, blobs before the manifest that references them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NotificationsIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final RecordingListener LISTENER = RecordingListener.unchecked();

  @DynamicPropertySource
  static void registry(DynamicPropertyRegistry properties) {
    Path data = Path.of("target", "e2e-notify-" + UUID.randomUUID()).toAbsolutePath();
    properties.add("berth.data-dir", data::toString);
    properties.add("berth.notifications.endpoints[0].name", () -> "recorder");
    properties.add("berth.notifications.endpoints[0].url", () -> LISTENER.url().toString());
    properties.add("berth.notifications.endpoints[0].backoff", () -> "100ms");
  }

  @LocalServerPort int port;
  @TempDir Path work;

  @AfterAll
  static void stopListener() {
    LISTENER.close();
  }

  @Test
  void skopeoPushPullCopyAndDelete_areEachAnnounced() throws Exception {
    Skopeo skopeo = new Skopeo(work.resolve("skopeo"));
    OciLayout source =
        SkopeoIT.hostImage(
            work.resolve("src"),
            List.of(Layer.random("base", 200_000, 31), Layer.random("app", 3_000, 32)));
    Digest manifest = source.tagged("v1").digest();
    Set<String> blobs =
        source.blobDigests().stream()
            .filter(d -> !d.equals(manifest))
            .map(Digest::toString)
            .collect(Collectors.toSet());

    skopeo.copy("oci:" + source.root() + ":v1", docker("e2e/notify", "v1"));

    JsonNode pushed =
        LISTENER.await(
            e -> action(e, "push") && OCI_MANIFEST.equals(text(e.get("target"), "mediaType")),
            WAIT);
    JsonNode target = pushed.get("target");
    assertThat(text(target, "digest")).isEqualTo(manifest.toString());
    assertThat(text(target, "tag")).isEqualTo("v1");
    assertThat(text(target, "repository")).isEqualTo("e2e/notify");
    assertThat(target.get("size").asLong()).isEqualTo(source.tagged("v1").size());
    assertThat(target.get("length").asLong()).isEqualTo(source.tagged("v1").size());
    assertThat(text(target, "url"))
        .isEqualTo("http://127.0.0.1:" + port + "/v2/e2e/notify/manifests/" + manifest);
    assertThat(text(pushed.get("request"), "method")).isEqualTo("PUT");
    assertThat(text(pushed.get("request"), "useragent")).contains("skopeo");
    assertThat(text(pushed.get("request"), "addr")).isEqualTo("127.0.0.1");
    assertThat(pushed.get("actor").has("name")).isFalse();
    assertThat(text(pushed.get("source"), "instanceID")).isNotBlank();

    List<JsonNode> events = LISTENER.events();
    int manifestAt = events.indexOf(pushed);
    List<JsonNode> blobPushes =
        events.subList(0, manifestAt).stream()
            .filter(e -> action(e, "push"))
            .filter(e -> "application/octet-stream".equals(text(e.get("target"), "mediaType")))
            .toList();
    assertThat(blobPushes)
        .extracting(e -> text(e.get("target"), "digest"))
        .containsExactlyInAnyOrderElementsOf(blobs);
    for (JsonNode push : blobPushes) {
      Digest digest = Digest.parse(text(push.get("target"), "digest"));
      assertThat(push.get("target").get("size").asLong()).isEqualTo(source.blob(digest).length);
    }

    OciLayout copied = OciLayout.create(work.resolve("out"));
    skopeo.copy(docker("e2e/notify", "v1"), "oci:" + copied.root() + ":v1");
    JsonNode pulled =
        LISTENER.await(
            e ->
                action(e, "pull")
                    && "v1".equals(text(e.get("target"), "tag"))
                    && "e2e/notify".equals(text(e.get("target"), "repository")),
            WAIT);
    assertThat(text(pulled.get("target"), "digest")).isEqualTo(manifest.toString());
    assertThat(text(pulled.get("request"), "method")).isEqualTo("GET");
    Set<String> blobsPulled = new HashSet<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!blobsPulled.containsAll(blobs) && System.nanoTime() < deadline) {
      for (JsonNode e : LISTENER.events()) {
        if (action(e, "pull")
            && "application/octet-stream".equals(text(e.get("target"), "mediaType"))) {
          blobsPulled.add(text(e.get("target"), "digest"));
        }
      }
      Thread.sleep(20);
    }
    assertThat(blobsPulled).containsAll(blobs);

    skopeo.copy(docker("e2e/notify", "v1"), docker("e2e/other", "v1"));
    LISTENER.await(
        e ->
            action(e, "push")
                && "e2e/other".equals(text(e.get("target"), "repository"))
                && "v1".equals(text(e.get("target"), "tag")),
        WAIT);
    // skopeo mounts the layers from the source repository and uploads the (small) config again
    List<JsonNode> otherBlobs =
        LISTENER.events().stream()
            .filter(e -> action(e, "mount") || action(e, "push"))
            .filter(e -> "e2e/other".equals(text(e.get("target"), "repository")))
            .filter(e -> "application/octet-stream".equals(text(e.get("target"), "mediaType")))
            .toList();
    assertThat(otherBlobs)
        .extracting(e -> text(e.get("target"), "digest"))
        .containsExactlyInAnyOrderElementsOf(blobs);
    List<JsonNode> mounts = otherBlobs.stream().filter(e -> action(e, "mount")).toList();
    assertThat(mounts).isNotEmpty();
    assertThat(mounts)
        .allSatisfy(
            m -> {
              assertThat(text(m.get("target"), "fromRepository")).isEqualTo("e2e/notify");
              assertThat(m.get("target").get("size").asLong()).isPositive();
            });

    skopeo.run("delete", "--tls-verify=false", docker("e2e/other", "v1"));
    JsonNode deleted =
        LISTENER.await(
            e -> action(e, "delete") && "e2e/other".equals(text(e.get("target"), "repository")),
            WAIT);
    assertThat(text(deleted.get("target"), "digest")).isEqualTo(manifest.toString());
    assertThat(text(deleted.get("request"), "method")).isEqualTo("DELETE");
  }

  private String docker(String repository, String tag) {
    return "docker://127.0.0.1:" + port + "/" + repository + ":" + tag;
  }

  private static boolean action(JsonNode event, String action) {
    return action.equals(text(event, "action"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }
}
