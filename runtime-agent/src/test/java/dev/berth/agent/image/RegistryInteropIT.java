package dev.berth.agent.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.linux.PosixFiles;
import dev.berth.agent.pull.AuthFile;
import dev.berth.agent.state.StateDirectory;
import dev.berth.agent.testing.DockerRegistry;
import dev.berth.agent.testing.Skopeo;
import dev.berth.oci.Descriptor;
import dev.berth.oci.MediaType;
import dev.berth.oci.OciJson;
import dev.berth.oci.Platform;
import dev.berth.oci.distribution.RegistryClient;
import dev.berth.testkit.TarBuilder;
import dev.berth.testkit.TestImage;
import dev.berth.testkit.TestImage.Compression;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls from the CNCF reference registry images that skopeo pushed: OCI index with tar, gzip and
 * zstd layers, and the same content converted by skopeo to Docker schema 2 and a manifest list.
 */
class RegistryInteropIT {
  @TempDir static Path shared;
  private static DockerRegistry registry;
  private static TestImage amd64;
  private static TestImage arm64;

  @TempDir Path dir;

  @BeforeAll
  static void pushImages() throws Exception {
    registry = DockerRegistry.start(shared.resolve("registry"));
    byte[] base =
        new TarBuilder()
            .dir("etc", 0755)
            .file("etc/os-release", "ID=interop\n")
            .file("usr/bin/app", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 04755, 0, 0)
            .symlink("bin", "usr/bin")
            .build();
    byte[] big = new byte[3_000_000];
    new Random(3).nextBytes(big);
    amd64 =
        new TestImage()
            .platform("linux", "amd64", null)
            .layer(base, Compression.GZIP)
            .layer(new TarBuilder().file("data/big", big, 0600, 1, 2).build(), Compression.ZSTD)
            .layer(
                new TarBuilder().whiteout("etc/os-release").file("arch", "amd64").build(),
                Compression.NONE)
            .build();
    arm64 =
        new TestImage()
            .platform("linux", "arm64", "v8")
            .layer(base, Compression.GZIP)
            .layer(new TarBuilder().file("arch", "arm64").build(), Compression.GZIP)
            .build();
    Path layout = shared.resolve("layout");
    TestImage.writeLayout(layout, "1", List.of(amd64, arm64));
    Skopeo.push(layout, "1", registry.host() + "/interop/app:1");

    Path dockerLayout = shared.resolve("docker-layout");
    TestImage gzipOnly = new TestImage().layer(base, Compression.GZIP).build();
    TestImage.writeLayout(dockerLayout, "1", List.of(gzipOnly, arm64));
    Skopeo.run(
        List.of(
            "skopeo",
            "copy",
            "--quiet",
            "--all",
            "--format",
            "v2s2",
            "--dest-tls-verify=false",
            "oci:" + dockerLayout + ":1",
            "docker://" + registry.host() + "/interop/docker:1"));
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  private ImageService service(Path root) {
    return new ImageService(
        new StateDirectory(root),
        new AuthFile(List.of(dir.resolve("auth.json"))),
        Set.of(),
        RegistryClient.newHttpClient(),
        PosixFiles.system());
  }

  @Test
  void pull_ociIndexPushedBySkopeo() throws IOException {
    ImageService service = service(dir.resolve("root"));

    LocalImage image =
        service.pull(
            registry.host() + "/interop/app:1",
            PullOptions.defaults().withPlatform(Platform.parse("linux/amd64")));

    assertThat(image.id()).isEqualTo(amd64.config().digest());
    assertThat(image.layers()).hasSize(3);
    assertThat(Files.readString(image.layers().get(0).resolve("etc/os-release")))
        .isEqualTo("ID=interop\n");
    assertThat(
            (Integer) Files.getAttribute(image.layers().get(0).resolve("usr/bin/app"), "unix:mode")
                & 07777)
        .isEqualTo(04755);
    assertThat(Files.size(image.layers().get(1).resolve("data/big"))).isEqualTo(3_000_000);
    assertThat(Files.readString(image.layers().get(2).resolve("arch"))).isEqualTo("amd64");

    LocalImage arm =
        service.pull(
            registry.host() + "/interop/app:1",
            PullOptions.defaults().withPlatform(Platform.parse("linux/arm64")));
    assertThat(arm.id()).isEqualTo(arm64.config().digest());
    assertThat(arm.layers().get(0)).isEqualTo(image.layers().get(0)); // shared base snapshot
    // the name moved to the arm64 image, which is now the only image
    assertThat(service.list()).extracting(LocalImage::id).containsExactly(arm64.config().digest());
  }

  @Test
  void pull_dockerSchema2AndManifestList() throws IOException {
    HttpResponse<String> head =
        HttpClient.newHttpClient()
            .sendAsync(
                HttpRequest.newBuilder(
                        URI.create("http://" + registry.host() + "/v2/interop/docker/manifests/1"))
                    .header("Accept", MediaType.DOCKER_MANIFEST_LIST)
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .join();
    assertThat(head.headers().firstValue("Content-Type")).contains(MediaType.DOCKER_MANIFEST_LIST);

    LocalImage image =
        service(dir.resolve("root"))
            .pull(
                registry.host() + "/interop/docker:1",
                PullOptions.defaults().withPlatform(Platform.parse("linux/amd64")));

    assertThat(Files.readString(image.layers().get(0).resolve("etc/os-release")))
        .isEqualTo("ID=interop\n");
    byte[] manifest =
        Files.readAllBytes(
            dir.resolve("root/content/blobs/sha256/" + image.manifestDigest().hex()));
    assertThat(OciJson.mapper().readTree(manifest).path("mediaType").asString())
        .isEqualTo(MediaType.DOCKER_MANIFEST);
  }

  @Test
  void pull_resumesPartialDownloadAgainstTheReferenceRegistry() throws IOException {
    Descriptor big = amd64.layers().get(1).descriptor();
    byte[] blob = amd64.layers().get(1).blob();
    Path root = dir.resolve("root");
    Path partial = root.resolve("content/ingest/sha256-" + big.digest().hex());
    Files.createDirectories(partial.getParent());
    Files.write(partial, java.util.Arrays.copyOf(blob, blob.length / 3));
    List<Long> resumed = Collections.synchronizedList(new ArrayList<>());
    PullListener listener =
        new PullListener() {
          @Override
          public void layerUnpacked(Descriptor layer, long downloaded, long resumedFrom) {
            if (layer.digest().equals(big.digest())) {
              resumed.add(resumedFrom);
              resumed.add(downloaded);
            }
          }
        };

    LocalImage image =
        service(root)
            .pull(
                registry.host() + "/interop/app:1",
                PullOptions.defaults()
                    .withPlatform(Platform.parse("linux/amd64"))
                    .withListener(listener));

    assertThat(resumed)
        .containsExactly((long) blob.length / 3, (long) blob.length - blob.length / 3);
    assertThat(Files.readAllBytes(root.resolve("content/blobs/sha256/" + big.digest().hex())))
        .isEqualTo(blob);
    assertThat(Files.size(image.layers().get(1).resolve("data/big"))).isEqualTo(3_000_000);
  }
}
