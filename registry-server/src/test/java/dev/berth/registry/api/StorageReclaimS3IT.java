package dev.berth.registry.api;

import dev.berth.registry.storage.StorageProperties;
import dev.berth.registry.storage.s3.S3Clients;
import dev.berth.registry.support.EmbeddedPostgres;
import dev.berth.registry.support.S3Proxy;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link StorageReclaimIT} with blobs in object storage (a real S3 API server on loopback) and
 * metadata in PostgreSQL: the collector deletes objects while it holds their rows.
 */
class StorageReclaimS3IT extends StorageReclaimIT {
  static StoredBlobs bucketBlobs;

  @DynamicPropertySource
  static void objectStorage(DynamicPropertyRegistry registry) {
    StorageProperties.S3 bucket = S3Proxy.shared().newBucket("reclaim/");
    bucketBlobs = StoredBlobs.s3(S3Clients.create(bucket), bucket.bucket(), bucket.prefix());
    registry.add("berth.storage.type", () -> "s3");
    registry.add("berth.storage.s3.bucket", bucket::bucket);
    registry.add("berth.storage.s3.endpoint", () -> bucket.endpoint().toString());
    registry.add("berth.storage.s3.prefix", bucket::prefix);
    registry.add("berth.storage.s3.path-style-access", () -> "true");
    registry.add("berth.storage.s3.access-key", bucket::accessKey);
    registry.add("berth.storage.s3.secret-key", bucket::secretKey);
    EmbeddedPostgres.useNewDatabase(registry, "reclaims3");
  }

  @Override
  StoredBlobs store() {
    return bucketBlobs;
  }
}
