package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Descriptor;
import dev.berth.oci.ImageIndex;
import dev.berth.oci.ImageManifest;
import dev.berth.oci.OciJson;
import dev.berth.oci.Platform;
import dev.berth.testkit.Layer;
import dev.berth.testkit.OciLayout;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * podman against the registry, with a private image store: it pulls a plain image and the host's
 * platform out of a multi-platform index, pushes an image from its store, and pushes a manifest
 * list it put together from two platforms' images.
 *
 * @see <a href="https://docs.podman.io/en/latest/markdown/podman-pull.1.html">podman-pull(1)</a>
 * @see <a href="https://docs.podman.io/en/latest/markdown/podman-push.1.html">podman-push(1)</a>
 * @see <a href="https://docs.podman.io/en/latest/markdown/podman-manifest-push.1.html">
 *     podman-manifest-push(1)</a>
 */
class PodmanIT extends RunningRegistry {
  @TempDir Path work;

  private Podman podman;
  private Skopeo skopeo;

  @BeforeEach
  void setUp() {
    podman = new Podman(work);
    skopeo = new Skopeo(work.resolve("skopeo"));
  }

  @Test
  void pull_image_storesItUnderThePushedDigest() {
    OciLayout source = pushHostImage("podman", 21, "e2e/podman:v1");
    Descriptor image = source.tagged("v1");

    podman("pull", "--tls-verify=false", reference("e2e/podman:v1"));

    String inspected =
        podman("image", "inspect", "--format", "{{.Digest}} {{.Id}}", reference("e2e/podman:v1"));
    assertThat(inspected.strip())
        .isEqualTo(image.digest() + " " + configOf(source, image).digest().hex());
  }

  @Test
  void pull_multiPlatformIndex_picksTheHostPlatform() {
    TwoPlatforms images = twoPlatforms("index", 22);
    OciLayout source = images.layout();
    Descriptor hostImage = images.host();
    source.tag("v1", source.addIndex(List.of(images.other(), hostImage)));
    skopeo.copy(
        "--all", "oci:" + source.root() + ":v1", "docker://" + reference("e2e/podman-multi:v1"));

    podman("pull", "--tls-verify=false", reference("e2e/podman-multi:v1"));

    String id = podman("image", "inspect", "--format", "{{.Id}}", reference("e2e/podman-multi:v1"));
    assertThat(id.strip()).isEqualTo(configOf(source, hostImage).digest().hex());
  }

  @Test
  void push_fromItsStore_thenPullsItBackAsTheSameImage() {
    OciLayout source = pushHostImage("pushed", 24, "e2e/podman-src:v1");
    Descriptor image = source.tagged("v1");
    podman("pull", "--tls-verify=false", reference("e2e/podman-src:v1"));
    podman("tag", reference("e2e/podman-src:v1"), reference("e2e/podman-pushed:v2"));

    // from podman's own store, where layers are kept unpacked; then a pull into an empty store
    podman("push", "--tls-verify=false", reference("e2e/podman-pushed:v2"));
    podman("rmi", reference("e2e/podman-src:v1"), reference("e2e/podman-pushed:v2"));
    podman("pull", "--tls-verify=false", reference("e2e/podman-pushed:v2"));

    String id =
        podman("image", "inspect", "--format", "{{.Id}}", reference("e2e/podman-pushed:v2"));
    assertThat(id.strip()).isEqualTo(configOf(source, image).digest().hex());
    assertThat(
            skopeo.run(
                "list-tags", "--tls-verify=false", "docker://" + reference("e2e/podman-pushed")))
        .contains("\"v2\"");
  }

  @Test
  void manifestPush_listOfTwoPlatforms_isStoredAsAnIndexAndPulledForThisHost() {
    TwoPlatforms images = twoPlatforms("list-src", 25);
    OciLayout source = images.layout();
    Descriptor hostImage = images.host();
    source.tag("host", hostImage);
    source.tag("other", images.other());
    for (String tag : List.of("host", "other")) {
      skopeo.copy(
          "oci:" + source.root() + ":" + tag, "docker://" + reference("e2e/podman-parts:" + tag));
    }
    String list = reference("e2e/podman-list:v1");
    podman("manifest", "create", list);
    for (String tag : List.of("host", "other")) {
      podman(
          "manifest",
          "add",
          "--tls-verify=false",
          list,
          "docker://" + reference("e2e/podman-parts:" + tag));
    }

    podman("manifest", "push", "--all", "--tls-verify=false", list, "docker://" + list);

    String raw = skopeo.run("inspect", "--raw", "--tls-verify=false", "docker://" + list);
    ImageIndex index = OciJson.mapper().readValue(raw, ImageIndex.class);
    assertThat(index.manifests())
        .extracting(child -> child.platform().architecture())
        .containsExactlyInAnyOrder(
            images.hostPlatform().architecture(), images.otherPlatform().architecture());
    for (Descriptor child : index.manifests()) {
      assertThat(
              skopeo.run(
                  "inspect",
                  "--raw",
                  "--tls-verify=false",
                  "docker://" + reference("e2e/podman-list@" + child.digest())))
          .as("child %s", child.digest())
          .isNotBlank();
    }
    podman("rmi", "--all");
    podman("pull", "--tls-verify=false", list);
    String id = podman("image", "inspect", "--format", "{{.Id}}", list);
    assertThat(id.strip()).isEqualTo(configOf(source, hostImage).digest().hex());
  }

  /** A layout holding an image for this host and one for another architecture, untagged. */
  private record TwoPlatforms(
      OciLayout layout,
      Platform hostPlatform,
      Descriptor host,
      Platform otherPlatform,
      Descriptor other) {}

  private TwoPlatforms twoPlatforms(String name, long seed) {
    Platform host = SkopeoIT.hostPlatform();
    Platform other =
        Platform.of("linux", host.architecture().equals("arm64") ? "amd64" : "arm64", null);
    OciLayout layout = OciLayout.create(work.resolve(name));
    return new TwoPlatforms(
        layout,
        host,
        layout.addImage(host, List.of(Layer.random(name + "-host", 16 * 1024, seed))),
        other,
        layout.addImage(other, List.of(Layer.random(name + "-other", 16 * 1024, seed + 1))));
  }

  /**
   * A new layout with one image for this host, tagged v1, copied into the registry as {@code to}.
   */
  private OciLayout pushHostImage(String name, long seed, String to) {
    OciLayout source = OciLayout.create(work.resolve(name));
    source.tag(
        "v1",
        source.addImage(SkopeoIT.hostPlatform(), List.of(Layer.random(name, 32 * 1024, seed))));
    skopeo.copy("oci:" + source.root() + ":v1", "docker://" + reference(to));
    return source;
  }

  private String podman(String... args) {
    return podman.run(args);
  }

  private static Descriptor configOf(OciLayout layout, Descriptor image) {
    return OciJson.mapper().readValue(layout.blob(image.digest()), ImageManifest.class).config();
  }
}
