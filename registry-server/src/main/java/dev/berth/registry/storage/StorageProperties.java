package dev.berth.registry.storage;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where blobs live: {@code berth.storage.type} is {@code filesystem} (the default: under the data
 * directory) or {@code s3} (any S3-compatible object store, for registries that outgrow a machine
 * or run several replicas).
 *
 * @param type {@code filesystem} or {@code s3}
 * @param s3 the object store, when {@code type} is {@code s3}
 */
@ConfigurationProperties("berth.storage")
public record StorageProperties(String type, S3 s3) {

  public StorageProperties {
    type = type == null || type.isBlank() ? "filesystem" : type.trim();
    s3 = s3 == null ? new S3(null, null, null, null, false, null, null, false) : s3;
  }

  /**
   * An S3 bucket.
   *
   * @param bucket the bucket (must exist; the registry never creates or deletes buckets)
   * @param endpoint the service's URL; empty for AWS itself (then {@code region} picks it)
   * @param region the signing region ({@code us-east-1} when empty)
   * @param prefix a key prefix, so one bucket can hold several registries (e.g. {@code berth/})
   * @param pathStyleAccess address the bucket as {@code endpoint/bucket} instead of a bucket
   *     subdomain (MinIO, Ceph and most self-hosted stores need this)
   * @param accessKey the access key id; empty to use the SDK's default credential chain
   *     (environment, profile, instance role)
   * @param secretKey the secret access key that goes with {@code accessKey}
   * @param redirect answer blob GETs with a 307 to a presigned URL of the object (valid for 20
   *     minutes), so clients download from the store and not through the registry; only when
   *     clients can reach the store's endpoint
   */
  public record S3(
      String bucket,
      URI endpoint,
      String region,
      String prefix,
      boolean pathStyleAccess,
      String accessKey,
      String secretKey,
      boolean redirect) {

    public S3 {
      region = region == null || region.isBlank() ? "us-east-1" : region;
      prefix = prefix == null ? "" : prefix;
    }
  }
}
