package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaType;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.blob.BlobGarbageCollector;
import dev.berth.registry.blob.BlobService;
import dev.berth.registry.catalog.RepositoryService;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Deleting images gives their space back: once no manifest of a repository references a blob (past
 * {@code berth.gc.link-grace}, zero here), the repository lets it go, and the bytes of a blob no
 * repository links or references are removed. Layers other images still use, here or in another
 * repository, stay and pull whole.
 */
class StorageReclaimIT extends ApiTestSupport {
  @Autowired BlobGarbageCollector collector;
  @Autowired BlobService blobs;
  @Autowired RepositoryService repositories;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registerCommon(registry);
    registry.add("berth.gc.grace", () -> "0s");
    registry.add("berth.gc.link-grace", () -> "0s");
    registry.add("berth.gc.interval", () -> "1h");
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
    assertThat(blobFile(unusedDigest)).as("an upload no manifest followed").doesNotExist();
    assertError(client.get("/v2/" + repo + "/blobs/" + unusedDigest), 404, "BLOB_UNKNOWN");
    for (byte[] layer : List.of(shared, onlyA, onlyB)) {
      assertThat(blobFile(Digest.sha256(layer))).as("referenced").exists();
    }

    assertThat(client.delete("/v2/" + repo + "/manifests/" + Digest.sha256(imageA)).statusCode())
        .isEqualTo(202);
    collector.collect();
    assertThat(blobFile(Digest.sha256(onlyA))).doesNotExist();
    assertThat(blobFile(Digest.sha256(shared))).exists();
    assertPullsWhole(repo, "b", imageB, shared, onlyB);

    assertThat(client.delete("/v2/" + repo + "/manifests/b").statusCode()).isEqualTo(202);
    collector.collect();
    assertThat(blobFile(Digest.sha256(onlyB)))
        .as("an untagged manifest still references it")
        .exists();
    assertThat(client.delete("/v2/" + repo + "/manifests/" + Digest.sha256(imageB)).statusCode())
        .isEqualTo(202);
    collector.collect();
    assertThat(blobFile(Digest.sha256(onlyB))).doesNotExist();
    assertError(client.get("/v2/" + repo + "/blobs/" + Digest.sha256(shared)), 404, "BLOB_UNKNOWN");
    assertThat(client.get("/v2/" + other + "/blobs/" + Digest.sha256(shared)).body())
        .as("another repository's image still uses it")
        .isEqualTo(shared);
  }

  @Test
  void aBlobLetGoJustBeforeAManifestReferencesIt_isLinkedAgainByThePush() {
    byte[] layer = utf8("layer released during a push " + UUID.randomUUID());
    Digest digest = client.pushBlob(repo, layer);
    // What the collector does between the push's check and the manifest's references being stored.
    assertThat(client.delete("/v2/" + repo + "/blobs/" + digest).statusCode()).isEqualTo(202);
    assertThat(blobFile(digest)).as("bytes kept for the grace period").exists();

    long repositoryId = repositories.require(new RepositoryName(repo));
    blobs.retain(
        repositoryId, List.of(Descriptor.of(MediaType.OCI_LAYER_GZIP, digest, layer.length)));

    assertThat(client.get("/v2/" + repo + "/blobs/" + digest).body()).isEqualTo(layer);
  }

  /** Pushes a config and {@code layers} to {@code repository} and a manifest tagged {@code tag}. */
  private byte[] image(String repository, String tag, byte[]... layers) {
    byte[] config = utf8("{\"architecture\":\"amd64\",\"os\":\"linux\",\"tag\":\"" + tag + "\"}");
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
    byte[] manifest = utf8(json.append("]}").toString());
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
