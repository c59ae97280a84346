package dev.berth.registry.e2e;

import dev.berth.registry.storage.StorageProperties;
import dev.berth.registry.support.S3Proxy;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every skopeo round trip again, with the blobs in object storage (a real S3 API server on
 * loopback): pushes are chunked into part objects and joined server-side, pulls stream from the
 * bucket, and mounts link blobs that never touch the registry's disk.
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
  }
}
