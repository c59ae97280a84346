package dev.berth.registry.api;

import dev.berth.registry.support.EmbeddedPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link StorageReclaimIT} on PostgreSQL: the collector's conditional deletes as in production. */
class StorageReclaimPostgresIT extends StorageReclaimIT {
  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    EmbeddedPostgres.useNewDatabase(registry, "reclaim");
  }
}
