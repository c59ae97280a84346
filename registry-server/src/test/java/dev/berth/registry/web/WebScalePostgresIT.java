package dev.berth.registry.web;

import dev.berth.registry.support.EmbeddedPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every web page again on PostgreSQL, as in production, at the same scale: the pages' SQL (search,
 * namespaces, sorting by size and push time, version sort, storage summary) must run there too, and
 * within the same budget.
 */
class WebScalePostgresIT extends WebScaleIT {
  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    EmbeddedPostgres.useNewDatabase(registry, "web");
  }
}
