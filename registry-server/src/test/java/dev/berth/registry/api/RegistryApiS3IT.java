package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.registry.storage.StorageProperties;
import dev.berth.registry.storage.s3.S3Clients;
import dev.berth.registry.support.EmbeddedPostgres;
import dev.berth.registry.support.S3Proxy;
import dev.berth.registry.support.TempDirectories;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The API suite with blobs in object storage (a real S3 API server on loopback) and metadata in
 * PostgreSQL: the set-up for several replicas, each with its own local disk.
 */
class RegistryApiS3IT extends AbstractRegistryApiIT {
  static StorageProperties.S3 bucket;
  static String databaseUrl;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registerCommon(registry);
    bucket = S3Proxy.shared().newBucket("berth/");
    stored = StoredBlobs.s3(S3Clients.create(bucket), bucket.bucket(), bucket.prefix());
    storageArguments().forEach((name, value) -> registry.add(name, () -> value));
    databaseUrl = EmbeddedPostgres.useNewDatabase(registry, "s3api");
  }

  static Map<String, String> storageArguments() {
    return Map.of(
        "berth.storage.type", "s3",
        "berth.storage.s3.bucket", bucket.bucket(),
        "berth.storage.s3.endpoint", bucket.endpoint().toString(),
        "berth.storage.s3.prefix", bucket.prefix(),
        "berth.storage.s3.path-style-access", "true",
        "berth.storage.s3.access-key", bucket.accessKey(),
        "berth.storage.s3.secret-key", bucket.secretKey());
  }

  @Test
  void blobsLiveInTheBucket_notOnLocalDisk() throws IOException {
    Digest digest = client.pushBlob(repo, utf8("in the bucket " + repo));
    assertThat(stored.exists(digest)).isTrue();
    assertThat(dataDir.resolve("storage")).doesNotExist();
  }

  @Test
  void replicasWithTheirOwnDisks_shareUploadsAndBlobs() throws IOException {
    Path otherDisk = TempDirectories.deletedAtExit("berth-replica");
    String[] arguments =
        Stream.concat(
                Stream.of(
                    "--server.port=0",
                    "--server.address=127.0.0.1",
                    "--berth.data-dir=" + otherDisk,
                    "--berth.tag-cache-ttl=50ms",
                    "--spring.datasource.url=" + databaseUrl,
                    "--spring.datasource.username=berth",
                    "--spring.datasource.password="),
                storageArguments().entrySet().stream()
                    .map(entry -> "--" + entry.getKey() + "=" + entry.getValue()))
            .toArray(String[]::new);
    assertReplicaSharesUploadsBlobsAndTags(arguments);
  }
}
