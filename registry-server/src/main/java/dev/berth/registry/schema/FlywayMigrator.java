package dev.berth.registry.schema;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Flyway behind {@link Migrator}. The only class of the registry that names Flyway: {@link
 * SchemaMigration} defines it in an {@link IsolatedClassLoader} together with Flyway and Jackson 2,
 * so that all of them can be unloaded once the schema is up to date.
 */
public final class FlywayMigrator implements Migrator {

  @Override
  public void migrate(DataSource dataSource, String... locations) {
    Flyway.configure(FlywayMigrator.class.getClassLoader())
        .dataSource(dataSource)
        .locations(locations)
        .load()
        .migrate();
  }
}
