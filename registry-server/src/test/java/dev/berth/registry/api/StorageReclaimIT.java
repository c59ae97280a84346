package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaType;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.blob.BlobCollection;
import dev.berth.registry.blob.BlobGarbageCollector;
import dev.berth.registry.blob.BlobReservations;
import dev.berth.registry.blob.BlobReservations.Reservation;
import dev.berth.registry.blob.BlobService;
import dev.berth.registry.catalog.RepositoryService;
import dev.berth.registry.gc.GarbageCollection;
import dev.berth.registry.gc.GcRun;
import dev.berth.registry.storage.BlobStorage;
import dev.berth.registry.support.RegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * Deleting images gives their space back: once no manifest of a repository references a blob (past
 * {@code berth.gc.link-grace}, zero here), the repository lets it go, and the bytes of a blob no
 * repository links or references are removed, and so are the bytes of manifests no repository
 * holds. Layers other images still use, here or in another repository, stay and pull whole; a push
 * that comes while its blob is being deleted waits and stores it again.
 */
class StorageReclaimIT extends ApiTestSupport {
  @Autowired BlobGarbageCollector collector;
  @Autowired GarbageCollection gc;
  @Autowired BlobService blobs;
  @Autowired BlobReservations reservations;
  @Autowired RepositoryService repositories;
  @MockitoSpyBean BlobStorage storage;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registerCommon(registry);
    registry.add("berth.gc.grace", () -> "0s");
    registry.add("berth.gc.link-grace", () -> "0s");
    registry.add("berth.gc.interval", () -> "1h");
    registry.add("berth.gc.batch-size", () -> "2"); // every run here takes several batches
  }

  @Test
  void deletedImages_freeTheirOwnLayers_andKeepSharedOnes() {
    String other = repo + "-other";
    byte[] shared = utf8("shared base layer " + UUID.randomUUID());
    byte[] onlyA = utf8("layer only image a has " + UUID.randomUUID());
    byte[] onlyB = utf8("layer only image b has " + UUID.randomUUID());
    byte[] unused = utf8("uploaded, never referenced " + UUID.randomUUID());
    byte[] imageA = image(repo, "a", shared, onlyA);
    byte[] imageB = image(repo, "b", shared, onlyB);
    image(other, "c", shared);
    Digest unusedDigest = client.pushBlob(repo, unused);

    collector.collect();
    assertThat(isStored(unusedDigest)).as("an upload no manifest followed").isFalse();
    assertError(client.get("/v2/" + repo + "/blobs/" + unusedDigest), 404, "BLOB_UNKNOWN");
    for (byte[] layer : List.of(shared, onlyA, onlyB)) {
      assertThat(isStored(Digest.sha256(layer))).as("referenced").isTrue();
    }

    assertThat(client.delete("/v2/" + repo + "/manifests/" + Digest.sha256(imageA)).statusCode())
        .isEqualTo(202);
    collector.collect();
    assertThat(isStored(Digest.sha256(onlyA))).isFalse();
    assertThat(isStored(Digest.sha256(shared))).isTrue();
    assertPullsWhole(repo, "b", imageB, shared, onlyB);

    assertThat(client.delete("/v2/" + repo + "/manifests/b").statusCode()).isEqualTo(202);
    collector.collect();
    assertThat(isStored(Digest.sha256(onlyB)))
        .as("an untagged manifest still references it")
        .isTrue();
    assertThat(client.delete("/v2/" + repo + "/manifests/" + Digest.sha256(imageB)).statusCode())
        .isEqualTo(202);
    collector.collect();
    assertThat(isStored(Digest.sha256(onlyB))).isFalse();
    assertError(client.get("/v2/" + repo + "/blobs/" + Digest.sha256(shared)), 404, "BLOB_UNKNOWN");
    assertThat(client.get("/v2/" + other + "/blobs/" + Digest.sha256(shared)).body())
        .as("another repository's image still uses it")
        .isEqualTo(shared);
  }

  @Test
  void aRun_worksThroughEveryBatch() {
    List<Digest> unused = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      unused.add(client.pushBlob(repo, utf8("one of five unused blobs " + i + UUID.randomUUID())));
    }

    BlobCollection run = collector.collect();

    assertThat(run.linksReleased()).isGreaterThanOrEqualTo(5);
    assertThat(run.blobsRemoved()).isGreaterThanOrEqualTo(5);
    assertThat(unused).noneMatch(this::isStored);
  }

  @Test
  void aRun_isShownOnTheStoragePage_withWhatWaitsForTheNext() {
    byte[] unused = utf8("uploaded, then deleted " + UUID.randomUUID());
    Digest digest = client.pushBlob(repo, unused);
    assertThat(client.delete("/v2/" + repo + "/blobs/" + digest).statusCode()).isEqualTo(202);
    assertThat(RegistryClient.text(client.get("/storage")))
        .containsPattern("id=\"gc-unused\"[^>]*>[1-9][0-9]* blobs \\([^)]+\\) are used by nothing");

    GcRun run = gc.run().orElseThrow();

    assertThat(run.completed()).isTrue();
    assertThat(run.blobs().blobsRemoved()).isPositive();
    assertThat(run.blobs().bytesRemoved()).isGreaterThanOrEqualTo(unused.length);
    assertThat(isStored(digest)).isFalse();
    assertThat(gc.lastRun()).contains(run);
    String page = RegistryClient.text(client.get("/storage"));
    assertThat(page)
        .contains("id=\"gc-last\"")
        .contains("id=\"gc-removed\">" + run.blobs().blobsRemoved() + "</span> blobs")
        .contains("Next run around");
  }

  @Test
  void aBlobLetGoJustAfterAManifestPushCheckedIt_isKept_andLinkedAgainByThePush() {
    byte[] layer = utf8("layer released during a push " + UUID.randomUUID());
    Digest digest = client.pushBlob(repo, layer);
    long repositoryId = repositories.require(new RepositoryName(repo));
    Optional<Reservation> reserved = blobs.reserveLinked(repositoryId, digest);
    assertThat(reserved).as("the manifest push's check").isPresent();

    // What a collection may do before the manifest's references are stored.
    assertThat(client.delete("/v2/" + repo + "/blobs/" + digest).statusCode()).isEqualTo(202);
    collector.collect();
    assertThat(isStored(digest)).as("reserved by the check").isTrue();

    blobs.retain(
        repositoryId, List.of(Descriptor.of(MediaType.OCI_LAYER_GZIP, digest, layer.length)));
    reservations.end(reserved.get());
    assertThat(client.get("/v2/" + repo + "/blobs/" + digest).body()).isEqualTo(layer);
  }

  @Test
  void deletedManifests_freeTheirOwnBytes_onceNoRepositoryHoldsThem() {
    String other = repo + "-other";
    byte[] layer = utf8("layer of an image in two repositories " + UUID.randomUUID());
    byte[] manifest = image(repo, "a", layer);
    assertThat(image(other, "a", layer)).isEqualTo(manifest);
    Digest digest = Digest.sha256(manifest);

    assertThat(client.delete("/v2/" + repo + "/manifests/" + digest).statusCode()).isEqualTo(202);
    collector.collect();
    assertThat(isStored(digest)).as("another repository holds the manifest").isTrue();
    assertPullsWhole(other, "a", manifest, layer);

    assertThat(client.delete("/v2/" + other + "/manifests/" + digest).statusCode()).isEqualTo(202);
    collector.collect();
    assertThat(isStored(digest)).isFalse();
    assertThat(isStored(Digest.sha256(layer))).isFalse();

    assertThat(image(repo, "a", layer)).as("pushed once more").isEqualTo(manifest);
    assertPullsWhole(repo, "a", manifest, layer);
    assertThat(isStored(digest)).isTrue();
  }

  @Test
  void aBlobReservedByAPush_isKept_evenWithNoGracePeriod() {
    byte[] layer = utf8("layer a push is about to link again " + UUID.randomUUID());
    Digest digest = client.pushBlob(repo, layer);
    assertThat(client.delete("/v2/" + repo + "/blobs/" + digest).statusCode()).isEqualTo(202);

    // What a push of the same bytes does before its commit and link (or a mount before its link).
    Reservation reservation = reservations.reserve(digest, layer.length);
    collector.collect();
    assertThat(isStored(digest)).as("reserved").isTrue();

    blobs.link(repositories.require(new RepositoryName(repo)), digest, layer.length);
    reservations.end(reservation);
    assertThat(client.get("/v2/" + repo + "/blobs/" + digest).body()).isEqualTo(layer);

    assertThat(client.delete("/v2/" + repo + "/blobs/" + digest).statusCode()).isEqualTo(202);
    collector.collect();
    assertThat(isStored(digest)).as("collected once the reservation ended").isFalse();
  }

  @Test
  void aBlobReservedByTwoPushes_isKeptUntilBothEnd() throws Exception {
    byte[] layer = utf8("layer two pushes rely on at once " + UUID.randomUUID());
    Digest digest = client.pushBlob(repo, layer);
    assertThat(client.delete("/v2/" + repo + "/blobs/" + digest).statusCode()).isEqualTo(202);

    Reservation first = reservations.reserve(digest, layer.length);
    Thread.sleep(5); // a reservation that ends a few milliseconds later
    Reservation second = reservations.reserve(digest, layer.length);
    reservations.end(first);
    collector.collect();
    assertThat(isStored(digest)).as("the second push still relies on it").isTrue();

    reservations.end(second);
    collector.collect();
    assertThat(isStored(digest)).isFalse();
  }

  @Test
  void aBlobPushedWhileCollectionDeletesIt_waitsForTheDeletion_andIsStoredAgain() throws Exception {
    byte[] layer = utf8("layer deleted and pushed again at once " + UUID.randomUUID());
    Digest digest = client.pushBlob(repo, layer);
    assertThat(client.delete("/v2/" + repo + "/blobs/" + digest).statusCode()).isEqualTo(202);

    Digest pushed = whileCollectionDeletes(digest, () -> client.pushBlob(repo, layer));

    assertThat(pushed).isEqualTo(digest);
    assertThat(client.get("/v2/" + repo + "/blobs/" + digest).body()).isEqualTo(layer);
  }

  @Test
  void aManifestPushedWhileCollectionDeletesItsBytes_waitsForTheDeletion_andIsStoredAgain()
      throws Exception {
    byte[] config = imageConfig("raced");
    byte[] layer = utf8("layer of a manifest deleted and pushed again " + UUID.randomUUID());
    // A second manifest keeps the config and layer in the repository.
    push(repo, "kept", manifest(repo, config, "kept", layer));
    byte[] manifest = push(repo, "raced", manifest(repo, config, "raced", layer));
    Digest digest = Digest.sha256(manifest);
    assertThat(client.delete("/v2/" + repo + "/manifests/" + digest).statusCode()).isEqualTo(202);

    int status =
        whileCollectionDeletes(
            digest,
            () -> client.putManifest(repo, "raced", MediaType.OCI_MANIFEST, manifest).statusCode());

    assertThat(status).isEqualTo(201);
    assertPullsWhole(repo, "raced", manifest, layer);
  }

  /**
   * Runs {@code push} while a collection is deleting {@code digest}'s bytes: it must wait for the
   * deletion to end (having the blob's row to itself, the collection cannot see it coming) and then
   * store the bytes again.
   */
  private <T> T whileCollectionDeletes(Digest digest, Callable<T> push) throws Exception {
    CountDownLatch deleting = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    doAnswer(
            call -> {
              if (digest.equals(call.getArgument(0))) {
                deleting.countDown();
                assertThat(resume.await(20, TimeUnit.SECONDS)).isTrue();
              }
              return call.callRealMethod();
            })
        .when(storage)
        .delete(any());
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<BlobCollection> collection = threads.submit(collector::collect);
      assertThat(deleting.await(20, TimeUnit.SECONDS)).as("the collection reached it").isTrue();
      Future<T> pushing = threads.submit(push);
      Thread.sleep(500); // time to reach the blob's row
      assertThat(pushing).as("the push waits for the deletion").isNotDone();
      resume.countDown();
      assertThat(collection.get(20, TimeUnit.SECONDS).blobsRemoved()).isPositive();
      T result = pushing.get(20, TimeUnit.SECONDS);
      assertThat(isStored(digest)).as("stored again").isTrue();
      return result;
    } finally {
      resume.countDown();
      threads.shutdownNow();
    }
  }

  /** True when the blob store holds the blob's bytes (a file, or an object in S3). */
  boolean isStored(Digest digest) {
    try {
      return store().exists(digest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The blob store behind this class's registry. */
  StoredBlobs store() {
    return StoredBlobs.filesystem(dataDir.resolve("storage"));
  }

  /** Pushes a config and {@code layers} to {@code repository} and a manifest tagged {@code tag}. */
  private byte[] image(String repository, String tag, byte[]... layers) {
    return push(repository, tag, manifest(repository, imageConfig(tag), null, layers));
  }

  private static byte[] imageConfig(String name) {
    return utf8("{\"architecture\":\"amd64\",\"os\":\"linux\",\"tag\":\"" + name + "\"}");
  }

  /** Pushes {@code config} and {@code layers}; returns a manifest of them, annotated when given. */
  private byte[] manifest(String repository, byte[] config, String annotation, byte[]... layers) {
    StringBuilder json =
        new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",")
            .append("\"config\":")
            .append(descriptor(CONFIG_TYPE, client.pushBlob(repository, config), config.length))
            .append(",\"layers\":[");
    for (int i = 0; i < layers.length; i++) {
      Digest layer = client.pushBlob(repository, layers[i]);
      json.append(i > 0 ? "," : "")
          .append(descriptor(MediaType.OCI_LAYER_GZIP, layer, layers[i].length));
    }
    json.append("]");
    if (annotation != null) {
      json.append(",\"annotations\":{\"test\":\"").append(annotation).append("\"}");
    }
    return utf8(json.append("}").toString());
  }

  private byte[] push(String repository, String tag, byte[] manifest) {
    assertThat(client.putManifest(repository, tag, MediaType.OCI_MANIFEST, manifest).statusCode())
        .isEqualTo(201);
    return manifest;
  }

  private static String descriptor(String mediaType, Digest digest, int size) {
    return "{\"mediaType\":\""
        + mediaType
        + "\",\"digest\":\""
        + digest
        + "\",\"size\":"
        + size
        + "}";
  }

  private void assertPullsWhole(String repository, String tag, byte[] manifest, byte[]... layers) {
    assertThat(client.get("/v2/" + repository + "/manifests/" + tag).body()).isEqualTo(manifest);
    for (byte[] layer : layers) {
      assertThat(client.get("/v2/" + repository + "/blobs/" + Digest.sha256(layer)).body())
          .isEqualTo(layer);
    }
  }
}
