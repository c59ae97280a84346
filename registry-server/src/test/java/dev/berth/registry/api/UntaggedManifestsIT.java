package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaType;
import dev.berth.registry.blob.BlobGarbageCollector;
import dev.berth.registry.manifest.UntaggedManifestCollector;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code berth.gc.untagged-after} (zero here): manifests no tag, index or remaining subject keeps
 * are deleted, with what depended only on them, and their layers' space comes back; tagged images,
 * an index's children and the referrers of a kept manifest stay.
 */
class UntaggedManifestsIT extends ApiTestSupport {
  @Autowired UntaggedManifestCollector untagged;
  @Autowired BlobGarbageCollector collector;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registerCommon(registry);
    registry.add("berth.gc.untagged-after", () -> "0s");
    registry.add("berth.gc.link-grace", () -> "0s");
    registry.add("berth.gc.grace", () -> "0s");
    registry.add("berth.gc.interval", () -> "1h");
  }

  @Test
  void onlyWhatNothingKeeps_isDeleted() {
    byte[] oldLatest = utf8(imageManifest(repo, ""));
    byte[] latest = utf8(imageManifest(repo, ""));
    byte[] byDigestOnly = utf8(imageManifest(repo, ""));
    put("latest", oldLatest);
    put("latest", latest);
    put(Digest.sha256(byDigestOnly).toString(), byDigestOnly);
    byte[] childA = utf8(imageManifest(repo, ""));
    byte[] childB = utf8(imageManifest(repo, ""));
    put(Digest.sha256(childA).toString(), childA);
    put(Digest.sha256(childB).toString(), childB);
    byte[] index = index(childA, childB);
    put("multi", index);
    byte[] signatureOfLatest = referrer(latest);
    byte[] signatureOfOld = referrer(oldLatest);
    byte[] signatureOfSignature = referrer(signatureOfOld);
    for (byte[] referrer : List.of(signatureOfLatest, signatureOfOld, signatureOfSignature)) {
      put(Digest.sha256(referrer).toString(), referrer);
    }
    Digest oldLayer = layerOf(oldLatest);

    assertThat(untagged.collect()).isEqualTo(4);

    for (byte[] gone : List.of(oldLatest, byDigestOnly, signatureOfOld, signatureOfSignature)) {
      assertError(client.get(byDigest(gone)), 404, "MANIFEST_UNKNOWN");
    }
    for (byte[] kept : List.of(latest, childA, childB, index, signatureOfLatest)) {
      assertThat(client.get(byDigest(kept)).body()).isEqualTo(kept);
    }
    collector.collect();
    assertThat(blobFile(oldLayer)).as("only the deleted manifest used it").doesNotExist();
    assertThat(blobFile(layerOf(latest))).exists();

    assertThat(client.delete("/v2/" + repo + "/manifests/multi").statusCode()).isEqualTo(202);
    assertThat(untagged.collect()).as("the index, then its children").isEqualTo(3);
    for (byte[] gone : List.of(index, childA, childB)) {
      assertError(client.get(byDigest(gone)), 404, "MANIFEST_UNKNOWN");
    }
    assertThat(client.get("/v2/" + repo + "/manifests/latest").body()).isEqualTo(latest);
  }

  @Test
  void aCollectedManifestPushedAgain_isWholeAgain() {
    byte[] manifest = utf8(imageManifest(repo, ""));
    put(Digest.sha256(manifest).toString(), manifest);
    assertThat(untagged.collect()).isGreaterThanOrEqualTo(1);
    assertError(client.get(byDigest(manifest)), 404, "MANIFEST_UNKNOWN");

    put("back", manifest);
    put("again", manifest); // already there: marked pushed now
    assertThat(untagged.collect()).isZero();
    assertThat(client.get("/v2/" + repo + "/manifests/back").body()).isEqualTo(manifest);
    assertThat(client.get("/v2/" + repo + "/blobs/" + layerOf(manifest)).statusCode())
        .isEqualTo(200);
  }

  private void put(String reference, byte[] manifest) {
    String type = new String(manifest).contains("\"manifests\"") ? MediaType.OCI_INDEX : null;
    assertThat(
            client
                .putManifest(
                    repo, reference, type == null ? MediaType.OCI_MANIFEST : type, manifest)
                .statusCode())
        .isEqualTo(201);
  }

  private String byDigest(byte[] manifest) {
    return "/v2/" + repo + "/manifests/" + Digest.sha256(manifest);
  }

  private static Digest layerOf(byte[] manifest) {
    return Digest.parse(
        new String(manifest)
            .replaceAll(
                "(?s).*\"layers\": \\[\\{[^}]*\"digest\": \"(sha256:[0-9a-f]{64})\".*", "$1"));
  }

  private static byte[] index(byte[]... children) {
    StringBuilder json =
        new StringBuilder(
            "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_INDEX + "\",\"manifests\":[");
    for (int i = 0; i < children.length; i++) {
      json.append(i > 0 ? "," : "")
          .append(descriptor(MediaType.OCI_MANIFEST, children[i]))
          .deleteCharAt(json.length() - 1)
          .append(",\"platform\":{\"os\":\"linux\",\"architecture\":\"arch")
          .append(i)
          .append("\"}}");
    }
    return utf8(json.append("]}").toString());
  }

  /** An artifact manifest whose subject is {@code subject}, with the empty config. */
  private byte[] referrer(byte[] subject) {
    byte[] empty = utf8("{}");
    client.pushBlob(repo, empty);
    byte[] payload = utf8("signature " + UUID.randomUUID());
    Digest payloadDigest = client.pushBlob(repo, payload);
    return utf8(
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaType.OCI_MANIFEST
            + "\",\"artifactType\":\"application/vnd.example.signature\",\"config\":{\"mediaType\":"
            + "\"application/vnd.oci.empty.v1+json\",\"digest\":\""
            + Digest.sha256(empty)
            + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/octet-stream\",\"digest\":\""
            + payloadDigest
            + "\",\"size\":"
            + payload.length
            + "}],\"subject\":"
            + descriptor(MediaType.OCI_MANIFEST, subject)
            + "}");
  }

  private static String descriptor(String mediaType, byte[] content) {
    return "{\"mediaType\":\""
        + mediaType
        + "\",\"digest\":\""
        + Digest.sha256(content)
        + "\",\"size\":"
        + content.length
        + "}";
  }
}
