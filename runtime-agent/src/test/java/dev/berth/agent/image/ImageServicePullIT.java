package dev.berth.agent.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.content.DigestMismatchException;
import dev.berth.agent.linux.PosixFiles;
import dev.berth.agent.pull.AuthFile;
import dev.berth.agent.state.FileTrees;
import dev.berth.agent.state.StateDirectory;
import dev.berth.agent.testing.FakeRegistry;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaType;
import dev.berth.oci.Platform;
import dev.berth.oci.distribution.Credentials;
import dev.berth.oci.distribution.RegistryAuthenticationException;
import dev.berth.oci.distribution.RegistryClient;
import dev.berth.testkit.TarBuilder;
import dev.berth.testkit.TestImage;
import dev.berth.testkit.TestImage.Compression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls through {@link ImageService} from an in-test registry that can lie, drop and demand tokens.
 */
class ImageServicePullIT {
  @TempDir Path dir;
  private FakeRegistry registry;
  private StateDirectory state;
  private Path authPath;
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> resumedFrom = Collections.synchronizedList(new ArrayList<>());

  private final PullListener recorder =
      new PullListener() {
        @Override
        public void layerExists(Descriptor layer) {
          events.add("exists " + layer.digest());
        }

        @Override
        public void layerUnpacked(Descriptor layer, long downloaded, long resumed) {
          events.add("unpacked " + layer.digest());
          resumedFrom.add(resumed);
        }
      };

  @BeforeEach
  void setUp() throws IOException {
    registry = new FakeRegistry();
    state = new StateDirectory(dir.resolve("root"));
    authPath = dir.resolve("auth.json");
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  private ImageService service() {
    return new ImageService(
        state,
        new AuthFile(List.of(authPath)),
        Set.of(),
        RegistryClient.newHttpClient(),
        PosixFiles.system());
  }

  private PullOptions options() {
    return PullOptions.defaults().withListener(recorder);
  }

  private String ref(String repoAndTag) {
    return registry.host() + "/" + repoAndTag;
  }

  private static byte[] base() {
    return new TarBuilder()
        .dir("etc", 0755)
        .file("etc/os-release", "ID=berth\n")
        .file("bin/tool", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8), 0755, 0, 0)
        .build();
  }

  /** An image of {@code base} and one more layer holding the file {@code name}. */
  private static TestImage onBase(byte[] base, String name) {
    return new TestImage()
        .layer(base, Compression.GZIP)
        .layer(new TarBuilder().file(name, name).build(), Compression.GZIP)
        .build();
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private long blobGets(Digest digest) {
    return registry.requests().stream()
        .filter(r -> r.startsWith("GET ") && r.contains("/blobs/" + digest))
        .count();
  }

  private List<String> list(Path path) throws IOException {
    if (!Files.exists(path)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(path)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private void assertNothingCommittedBut(Set<String> allowedSnapshots) throws IOException {
    List<String> snapshots = new ArrayList<>(list(state.snapshots()));
    snapshots.remove("l");
    assertThat(snapshots).containsExactlyInAnyOrderElementsOf(allowedSnapshots);
    assertThat(list(state.tmp())).isEmpty();
    assertThat(list(state.images()).stream().filter(n -> n.endsWith(".json"))).isEmpty();
  }

  @Test
  void pull_tarGzipAndZstdLayersIntoSnapshots() throws IOException {
    byte[] second =
        new TarBuilder()
            .file("etc/os-release", "ID=berth-v2\n")
            .file("data/blob", random(300_000, 1), 0600, 10, 20)
            .build();
    byte[] third = new TarBuilder().whiteout("bin/tool").symlink("bin/sh", "/bin/busybox").build();
    TestImage image =
        new TestImage()
            .layer(base(), Compression.NONE)
            .layer(second, Compression.GZIP)
            .layer(third, Compression.ZSTD)
            .build();
    registry.add("team/app", "1", image);

    LocalImage pulled = service().pull(ref("team/app:1"), options());

    assertThat(pulled.reference()).isEqualTo(ref("team/app:1"));
    assertThat(pulled.id()).isEqualTo(image.config().digest());
    assertThat(pulled.manifestDigest()).isEqualTo(image.manifest().digest());
    assertThat(pulled.config().config().cmd()).containsExactly("/bin/sh");
    assertThat(pulled.layers()).hasSize(3);
    assertThat(Files.readString(pulled.layers().get(0).resolve("etc/os-release")))
        .isEqualTo("ID=berth\n");
    assertThat(Files.readString(pulled.layers().get(1).resolve("etc/os-release")))
        .isEqualTo("ID=berth-v2\n");
    assertThat(Files.readAllBytes(pulled.layers().get(1).resolve("data/blob")))
        .isEqualTo(random(300_000, 1));
    assertThat(Files.getAttribute(pulled.layers().get(1).resolve("data/blob"), "unix:uid"))
        .isEqualTo(10);
    assertThat(Files.readSymbolicLink(pulled.layers().get(2).resolve("bin/sh")))
        .isEqualTo(Path.of("/bin/busybox"));
    assertThat(
            (Integer)
                    Files.getAttribute(
                        pulled.layers().get(2).resolve("bin/tool"),
                        "unix:mode",
                        LinkOption.NOFOLLOW_LINKS)
                & 0170000)
        .isEqualTo(0020000);
    assertThat(list(state.tmp())).isEmpty();
    assertThat(list(state.content().resolve("ingest"))).isEmpty();

    // records survive a restart: a new service over the same directory finds the image
    ImageService restarted = service();
    assertThat(restarted.find(ref("team/app:1"))).contains(pulled);
    assertThat(restarted.find(image.config().digest().hex().substring(0, 12))).contains(pulled);
    assertThat(restarted.find("sha256:" + image.config().digest().hex())).contains(pulled);
    assertThat(restarted.find(ref("team/app:2"))).isEmpty();
    assertThat(restarted.list()).containsExactly(pulled);
  }

  @Test
  void pull_layersBeyondOnePerCoreDownloadFirstAndUnpackFromTheStore() throws IOException {
    int layers = Runtime.getRuntime().availableProcessors() + 4;
    TestImage builder = new TestImage();
    for (int i = 0; i < layers; i++) {
      builder.layer(
          new TarBuilder().file("layer" + i + "/data", random(200_000, i), 0644, 0, 0).build(),
          Compression.GZIP);
    }
    TestImage image = builder.build();
    registry.add("wide", "1", image);

    LocalImage pulled = service().pull(ref("wide:1"), options().withParallelism(layers));

    assertThat(pulled.layers()).hasSize(layers);
    for (int i = 0; i < layers; i++) {
      assertThat(Files.readAllBytes(pulled.layers().get(i).resolve("layer" + i + "/data")))
          .isEqualTo(random(200_000, i));
      assertThat(blobGets(image.layers().get(i).descriptor().digest())).isEqualTo(1);
    }
    assertThat(list(state.tmp())).isEmpty();
    assertThat(list(state.content().resolve("ingest"))).isEmpty();
  }

  @Test
  void pull_sharedLayersAreDownloadedAndUnpackedOnce() throws IOException {
    byte[] base = base();
    TestImage first = onBase(base, "a");
    TestImage second = onBase(base, "b");
    registry.add("first", "latest", first).add("second", "latest", second);
    Digest baseBlob = first.layers().get(0).descriptor().digest();
    ImageService service = service();

    LocalImage a = service.pull(ref("first"), options());
    long baseInode =
        (Long) Files.getAttribute(a.layers().get(0).resolve("etc/os-release"), "unix:ino");
    LocalImage b = service.pull(ref("second"), options());

    assertThat(blobGets(baseBlob)).isEqualTo(1);
    assertThat(events).containsOnlyOnce("unpacked " + baseBlob).contains("exists " + baseBlob);
    assertThat(b.layers().get(0)).isEqualTo(a.layers().get(0));
    assertThat(Files.getAttribute(b.layers().get(0).resolve("etc/os-release"), "unix:ino"))
        .isEqualTo(baseInode);
    assertThat(b.layers().get(1)).isNotEqualTo(a.layers().get(1));

    // pulling again is a no-op for layers
    events.clear();
    service.pull(ref("first"), options());
    assertThat(events).allMatch(e -> e.startsWith("exists "));
    assertThat(blobGets(baseBlob)).isEqualTo(1);
  }

  @Test
  void pull_sameBlobTwiceInOneImageIsFetchedOnce() throws IOException {
    byte[] layer = new TarBuilder().file("same", "same").build();
    TestImage image =
        new TestImage().layer(layer, Compression.GZIP).layer(layer, Compression.GZIP).build();
    registry.add("twice", "1", image);

    LocalImage pulled = service().pull(ref("twice:1"), options());

    assertThat(pulled.layers()).hasSize(2).doesNotHaveDuplicates();
    assertThat(blobGets(image.layers().get(0).descriptor().digest())).isEqualTo(1);
  }

  @Test
  void pull_corruptBlobIsRejectedAndNothingCommitted() throws IOException {
    byte[] good = new TarBuilder().file("good", "good").build();
    byte[] claimed = new TarBuilder().file("evil", "claimed content").build();
    byte[] served = new TarBuilder().file("evil", "served content!!").build(); // same length
    TestImage image =
        new TestImage().layer(good, Compression.NONE).lyingLayer(claimed, served).build();
    registry.add("lying", "1", image);

    assertThatThrownBy(() -> service().pull(ref("lying:1"), options().withParallelism(1)))
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining(Digest.sha256(claimed).toString());

    // the good layer may be committed (it verified); the lying one is not, nor is the image
    Digest goodChain = Digest.sha256(good);
    assertNothingCommittedBut(Set.of(goodChain.hex()));
    assertThat(
            Files.exists(state.content().resolve("blobs/sha256/" + Digest.sha256(claimed).hex())))
        .isFalse();
    assertThat(list(state.content().resolve("ingest"))).isEmpty();
  }

  @Test
  void pull_diffIdMismatchIsRejectedAndNothingCommitted() throws IOException {
    byte[] layer = new TarBuilder().file("f", "content").build();
    TestImage image =
        new TestImage()
            .layer(layer, Compression.GZIP)
            .diffIds(List.of(Digest.sha256("something else".getBytes(StandardCharsets.UTF_8))))
            .build();
    registry.add("baddiff", "1", image);

    assertThatThrownBy(() -> service().pull(ref("baddiff:1"), options()))
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining("diff ID");

    assertNothingCommittedBut(Set.of());
    assertThat(
            Files.exists(
                state
                    .content()
                    .resolve("blobs/sha256/" + image.layers().get(0).descriptor().digest().hex())))
        .isFalse();
  }

  @Test
  void pull_unsafeLayerIsRejectedAndNothingCommitted() throws IOException {
    byte[] layer = new TarBuilder().file("ok", "ok").file("../escape", "x").build();
    registry.add("unsafe", "1", new TestImage().layer(layer, Compression.GZIP).build());

    assertThatThrownBy(() -> service().pull(ref("unsafe:1"), options()))
        .hasMessageContaining("'../escape'");

    assertNothingCommittedBut(Set.of());
    assertThat(Files.exists(dir.resolve("root/escape"))).isFalse();
  }

  @Test
  void pull_resumesInterruptedDownloadWithRange() throws IOException {
    byte[] big = random(2_000_000, 7);
    byte[] layer = new TarBuilder().file("big", big, 0644, 0, 0).build();
    TestImage image = new TestImage().layer(layer, Compression.GZIP).build();
    Descriptor blob = image.layers().get(0).descriptor();
    registry.add("resume", "1", image);
    registry.truncateBlobs(d -> d.equals(blob.digest()) ? blob.size() / 2 : null);

    assertThatThrownBy(() -> service().pull(ref("resume:1"), options()))
        .isInstanceOf(IOException.class);
    Path partial = state.content().resolve("ingest/sha256-" + blob.digest().hex());
    // what arrived before the drop (the client may lose the last buffered chunk) is kept
    long kept = Files.size(partial);
    assertThat(kept).isPositive().isLessThanOrEqualTo(blob.size() / 2);
    assertNothingCommittedBut(Set.of());

    registry.truncateBlobs(d -> null);
    LocalImage pulled = service().pull(ref("resume:1"), options());

    assertThat(registry.requests())
        .contains("GET /v2/resume/blobs/" + blob.digest() + " bytes=" + kept + "-");
    assertThat(resumedFrom).containsExactly(kept);
    assertThat(Files.readAllBytes(pulled.layers().get(0).resolve("big"))).isEqualTo(big);
    assertThat(Files.readAllBytes(state.content().resolve("blobs/sha256/" + blob.digest().hex())))
        .isEqualTo(image.layers().get(0).blob());
    assertThat(Files.exists(partial)).isFalse();
  }

  @Test
  void pull_damagedStoredBlobIsDetectedDeletedAndFetchedAgain() throws IOException {
    TestImage image = new TestImage().layer(base(), Compression.GZIP).build();
    Descriptor blob = image.layers().get(0).descriptor();
    registry.add("damaged", "1", image);
    LocalImage first = service().pull(ref("damaged:1"), options());
    Path stored = state.content().resolve("blobs/sha256/" + blob.digest().hex());
    byte[] bytes = Files.readAllBytes(stored);
    bytes[bytes.length / 2] ^= 0x01; // a torn write after a crash
    Files.write(stored, bytes);
    FileTrees.delete(first.layers().get(0));

    assertThatThrownBy(() -> service().pull(ref("damaged:1"), options()))
        .isInstanceOf(IOException.class);
    assertThat(stored).doesNotExist();
    assertThat(first.layers().get(0)).doesNotExist();

    LocalImage again = service().pull(ref("damaged:1"), options());
    assertThat(Files.readString(again.layers().get(0).resolve("etc/os-release")))
        .isEqualTo("ID=berth\n");
    assertThat(blobGets(blob.digest())).isEqualTo(2);
  }

  @Test
  void pull_anonymousTokenAuth() throws IOException {
    registry.requireToken("anon-token", null);
    registry.add("private/app", "1", new TestImage().layer(base(), Compression.GZIP).build());

    service().pull(ref("private/app:1"), options());

    assertThat(registry.requests())
        .anyMatch(
            r -> r.startsWith("GET /token?service=fake&scope=repository%3Aprivate%2Fapp%3Apull"));
  }

  @Test
  void pull_tokenAuthWithCredentialsFromAuthFile() throws IOException {
    registry.requireToken("alice-token", "alice:pw");
    registry.add("private/app", "1", new TestImage().layer(base(), Compression.GZIP).build());

    assertThatThrownBy(() -> service().pull(ref("private/app:1"), options()))
        .isInstanceOf(RegistryAuthenticationException.class)
        .hasMessageContaining("berth login " + registry.host());

    new AuthFile(List.of(authPath)).store(registry.host(), new Credentials("alice", "wrong"));
    assertThatThrownBy(() -> service().pull(ref("private/app:1"), options()))
        .isInstanceOf(RegistryAuthenticationException.class)
        .hasMessageContaining("refused the credentials");

    new AuthFile(List.of(authPath)).store(registry.host(), new Credentials("alice", "pw"));
    assertThat(service().pull(ref("private/app:1"), options()).layers()).hasSize(1);
  }

  @Test
  void pull_selectsPlatformFromIndex() throws IOException {
    TestImage amd =
        new TestImage()
            .platform("linux", "amd64", null)
            .layer(new TarBuilder().file("arch", "amd64").build(), Compression.GZIP)
            .build();
    TestImage arm =
        new TestImage()
            .platform("linux", "arm64", "v8")
            .layer(new TarBuilder().file("arch", "arm64").build(), Compression.GZIP)
            .build();
    registry.add("multi", "amd", amd).add("multi", "arm", arm);
    registry.putManifest("multi", "1", TestImage.index(List.of(amd, arm)), MediaType.OCI_INDEX);

    LocalImage armImage =
        service().pull(ref("multi:1"), options().withPlatform(Platform.parse("linux/arm64")));
    assertThat(armImage.id()).isEqualTo(arm.config().digest());
    assertThat(Files.readString(armImage.layers().get(0).resolve("arch"))).isEqualTo("arm64");

    assertThatThrownBy(
            () ->
                service()
                    .pull(ref("multi:1"), options().withPlatform(Platform.parse("linux/riscv64"))))
        .hasMessageContaining("no image for platform linux/riscv64");
  }

  @Test
  void removeAndPrune_freeOnlyWhatNoImageUses() throws IOException {
    byte[] base = base();
    TestImage first = onBase(base, "a");
    TestImage second = onBase(base, "b");
    registry.add("first", "1", first).add("second", "1", second);
    ImageService service = service();
    LocalImage a = service.pull(ref("first:1"), options());
    LocalImage b = service.pull(ref("second:1"), options());

    assertThat(service.remove(ref("first:1")))
        .containsExactly("Untagged: " + ref("first:1"), "Deleted: " + a.id().hex());
    assertThat(service.find(ref("first:1"))).isEmpty();
    assertThat(a.layers().get(1)).exists(); // layers stay until prune

    ImageService.PruneResult result = service.prune();

    assertThat(result.snapshots()).isEqualTo(1);
    assertThat(result.blobs()).isEqualTo(3); // a's top layer, config, manifest
    assertThat(a.layers().get(1)).doesNotExist();
    assertThat(b.layers()).allMatch(Files::isDirectory);
    assertThat(
            state
                .snapshots()
                .resolve("l/" + a.layers().get(1).getFileName().toString().substring(0, 12)))
        .doesNotExist();
    assertThat(service.find(ref("second:1"))).contains(b);
    assertThatThrownBy(() -> service.remove(ref("first:1")))
        .isInstanceOf(ImageNotFoundException.class);
  }
}
