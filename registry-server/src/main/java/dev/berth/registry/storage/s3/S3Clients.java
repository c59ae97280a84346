package dev.berth.registry.storage.s3;

import dev.berth.registry.storage.StorageProperties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Builds the S3 client for {@code berth.storage.s3}. */
public final class S3Clients {
  private S3Clients() {}

  /**
   * A client for {@code settings}. Checksums are sent only where the S3 API requires them: the
   * registry verifies every byte against its digest itself, and several S3-compatible stores do not
   * understand the trailing checksums newer SDKs add to every upload.
   */
  public static S3Client create(StorageProperties.S3 settings) {
    if (settings.bucket() == null || settings.bucket().isBlank()) {
      throw new IllegalStateException(
          "berth.storage.type=s3 needs berth.storage.s3.bucket (env BERTH_STORAGE_S3_BUCKET)");
    }
    var builder =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials(settings))
            .forcePathStyle(settings.pathStyleAccess())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    return builder.build();
  }

  /**
   * Signs GET URLs for {@code settings}' bucket (for redirects), or null when redirects are off.
   */
  public static S3Presigner presigner(StorageProperties.S3 settings) {
    if (!settings.redirect()) {
      return null;
    }
    var builder =
        S3Presigner.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials(settings))
            .serviceConfiguration(
                S3Configuration.builder()
                    .pathStyleAccessEnabled(settings.pathStyleAccess())
                    .build());
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(StorageProperties.S3 settings) {
    boolean hasKey = settings.accessKey() != null && !settings.accessKey().isBlank();
    if (!hasKey) {
      return DefaultCredentialsProvider.builder().build();
    }
    if (settings.secretKey() == null || settings.secretKey().isBlank()) {
      throw new IllegalStateException(
          "berth.storage.s3.access-key is set but berth.storage.s3.secret-key is not");
    }
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
  }
}
