package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaType;
import dev.berth.registry.blob.BlobGarbageCollector;
import dev.berth.registry.blob.UploadPurger;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Background maintenance: purging abandoned uploads and collecting unreferenced blobs. */
class MaintenanceIT extends ApiTestSupport {
  @Autowired UploadPurger purger;
  @Autowired BlobGarbageCollector collector;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registerCommon(registry);
    registry.add("berth.upload.purge-after", () -> "1s");
    registry.add("berth.upload.purge-interval", () -> "1h");
    registry.add("berth.gc.grace", () -> "0s");
    registry.add("berth.gc.interval", () -> "1h");
  }

  @Test
  void abandonedSessionAndOrphanFile_arePurged_activeOnesKept() throws Exception {
    String abandoned = startUpload(repo);
    client.send("PATCH", abandoned, BodyPublishers.ofByteArray(utf8("partial")));
    Path uploads = dataDir.resolve("storage/uploads");
    Path abandonedFile = uploads.resolve(abandoned.substring(abandoned.lastIndexOf('/') + 1));
    Path orphan = uploads.resolve(UUID.randomUUID().toString());
    Files.write(orphan, utf8("left by a crash"));
    Files.setLastModifiedTime(orphan, FileTime.fromMillis(0));
    Files.setLastModifiedTime(abandonedFile, FileTime.fromMillis(0));
    Thread.sleep(1500);
    String active = startUpload(repo);

    assertThat(purger.purge()).isGreaterThanOrEqualTo(2);

    assertError(client.get(abandoned), 404, "BLOB_UPLOAD_UNKNOWN");
    assertThat(abandonedFile).doesNotExist();
    assertThat(orphan).doesNotExist();
    assertThat(client.get(active).statusCode()).isEqualTo(204);
  }

  @Test
  void collect_removesOnlyUnreferencedBlobs() {
    Digest orphan = client.pushBlob(repo, utf8("orphan " + repo));
    Digest stillLinked = client.pushBlob(repo, utf8("linked " + repo));
    client.pushBlob(repo + "-other", utf8("orphan " + repo));
    byte[] manifest = utf8(imageManifest(repo, ""));
    assertThat(client.putManifest(repo, "v1", MediaType.OCI_MANIFEST, manifest).statusCode())
        .isEqualTo(201);
    String layer =
        new String(manifest, java.nio.charset.StandardCharsets.UTF_8)
            .replaceAll(
                "(?s).*\"layers\": \\[\\{[^}]*\"digest\": \"(sha256:[0-9a-f]{64})\".*", "$1");
    Digest referencedOnly = Digest.parse(layer);

    assertThat(client.delete("/v2/" + repo + "/blobs/" + orphan).statusCode()).isEqualTo(202);
    assertThat(client.delete("/v2/" + repo + "/blobs/" + referencedOnly).statusCode())
        .isEqualTo(202);
    collector.collect();
    assertThat(blobFile(orphan)).as("still linked in another repository").exists();

    assertThat(client.delete("/v2/" + repo + "-other/blobs/" + orphan).statusCode()).isEqualTo(202);
    assertThat(collector.collect().blobsRemoved()).isGreaterThanOrEqualTo(1);

    assertThat(blobFile(orphan)).doesNotExist();
    assertThat(blobFile(stillLinked)).exists();
    assertThat(blobFile(referencedOnly)).as("a manifest still references it").exists();
    assertThat(client.get("/v2/" + repo + "/manifests/v1").statusCode()).isEqualTo(200);
  }
}
