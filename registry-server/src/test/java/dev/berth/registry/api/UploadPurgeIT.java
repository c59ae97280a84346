package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Abandoned upload sessions and orphaned upload files are purged after the configured age. */
class UploadPurgeIT extends ApiTestSupport {
  @Autowired UploadPurger purger;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registerCommon(registry);
    registry.add("berth.upload.purge-after", () -> "1s");
    registry.add("berth.upload.purge-interval", () -> "1h");
  }

  @Test
  void abandonedSessionAndOrphanFile_arePurged_activeOnesKept() throws Exception {
    String abandoned =
        client
            .send("POST", "/v2/" + repo + "/blobs/uploads/")
            .headers()
            .firstValue("Location")
            .orElseThrow();
    client.send("PATCH", abandoned, BodyPublishers.ofByteArray(utf8("partial")));
    Path uploads = dataDir.resolve("storage/uploads");
    Path abandonedFile = uploads.resolve(abandoned.substring(abandoned.lastIndexOf('/') + 1));
    Path orphan = uploads.resolve(UUID.randomUUID().toString());
    Files.write(orphan, utf8("left by a crash"));
    Files.setLastModifiedTime(orphan, FileTime.fromMillis(0));
    Files.setLastModifiedTime(abandonedFile, FileTime.fromMillis(0));
    Thread.sleep(1500);
    String active =
        client
            .send("POST", "/v2/" + repo + "/blobs/uploads/")
            .headers()
            .firstValue("Location")
            .orElseThrow();

    assertThat(purger.purge()).isGreaterThanOrEqualTo(2);

    assertError(client.get(abandoned), 404, "BLOB_UPLOAD_UNKNOWN");
    assertThat(abandonedFile).doesNotExist();
    assertThat(orphan).doesNotExist();
    assertThat(client.get(active).statusCode()).isEqualTo(204);
  }
}
