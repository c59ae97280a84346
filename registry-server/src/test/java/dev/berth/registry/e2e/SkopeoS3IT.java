package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.storage.StorageProperties;
import dev.berth.registry.support.S3Proxy;
import dev.berth.testkit.Layer;
import dev.berth.testkit.OciLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every skopeo round trip again, with the blobs in object storage (a real S3 API server on
 * loopback): pushes are chunked into part objects and joined server-side, pulls follow the
 * registry's redirects to presigned URLs of the bucket, and mounts link blobs that never touch the
 * registry's disk.
 */
class SkopeoS3IT extends SkopeoIT {
  @DynamicPropertySource
  static void objectStorage(DynamicPropertyRegistry properties) {
    StorageProperties.S3 bucket = S3Proxy.shared().newBucket("");
    properties.add("berth.storage.type", () -> "s3");
    properties.add("berth.storage.s3.bucket", bucket::bucket);
    properties.add("berth.storage.s3.endpoint", () -> bucket.endpoint().toString());
    properties.add("berth.storage.s3.path-style-access", () -> "true");
    properties.add("berth.storage.s3.access-key", bucket::accessKey);
    properties.add("berth.storage.s3.secret-key", bucket::secretKey);
    properties.add("berth.storage.s3.redirect", () -> "true");
    // A database of its own: SkopeoIT's context shares RunningRegistry's data directory, and
    // its repositories must not already exist here (nor ours there).
    Path database = Path.of("target", "e2e-registry-s3-" + UUID.randomUUID()).toAbsolutePath();
    properties.add(
        "spring.datasource.url",
        () -> "jdbc:h2:file:" + database + "/db/berth;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
  }

  @Test
  void pull_followsRedirectsToTheBucket() {
    OciLayout source = OciLayout.create(work.resolve("redirect"));
    source.tag(
        "v1", source.addImage(hostPlatform(), List.of(Layer.random("redirect", 128 * 1024, 31))));
    skopeo.copy(oci(source, "v1"), docker("e2e/redirect", "v1"));
    requests.clear();

    OciLayout copied = OciLayout.create(work.resolve("redirect-out"));
    skopeo.copy(docker("e2e/redirect", "v1"), oci(copied, "v1"));

    assertThat(copied.blobDigests()).isEqualTo(source.blobDigests());
    assertThat(requests.entries())
        .filteredOn(entry -> entry.method().equals("GET") && entry.path().contains("/blobs/"))
        .isNotEmpty()
        .allSatisfy(entry -> assertThat(entry.status()).isEqualTo(307));
  }
}
