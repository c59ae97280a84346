package dev.berth.registry.api;

import dev.berth.registry.support.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The API suite on PostgreSQL, as in production, plus what only a shared database allows. */
class RegistryApiPostgresIT extends AbstractRegistryApiIT {
  static String databaseUrl;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registerCommon(registry);
    databaseUrl = EmbeddedPostgres.useNewDatabase(registry, "api");
  }

  @Test
  void uploadAndTags_spanReplicasSharingDatabaseAndStorage() {
    assertReplicaSharesUploadsBlobsAndTags(
        "--server.port=0",
        "--server.address=127.0.0.1",
        "--berth.data-dir=" + dataDir,
        "--berth.tag-cache-ttl=50ms",
        "--spring.datasource.url=" + databaseUrl,
        "--spring.datasource.username=berth",
        "--spring.datasource.password=");
  }
}
