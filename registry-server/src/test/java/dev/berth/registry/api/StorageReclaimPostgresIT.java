package dev.berth.registry.api;

import dev.berth.registry.support.EmbeddedPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link StorageReclaimIT} on PostgreSQL: the collector's conditional deletes as in production. */
class StorageReclaimPostgresIT extends StorageReclaimIT {
  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    EmbeddedPostgres postgres = EmbeddedPostgres.shared();
    String url = postgres.createDatabase("reclaim_" + System.nanoTime());
    registry.add("spring.datasource.url", () -> url);
    registry.add("spring.datasource.username", postgres::username);
    registry.add("spring.datasource.password", () -> "");
  }
}
