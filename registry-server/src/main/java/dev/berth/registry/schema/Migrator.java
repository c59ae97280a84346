package dev.berth.registry.schema;

import javax.sql.DataSource;

/**
 * Brings a database's schema up to date from migration scripts. The one implementation, {@link
 * FlywayMigrator}, lives in a class loader of its own (see {@link SchemaMigration}); this interface
 * is what the application sees of it.
 */
public interface Migrator {

  /**
   * Applies the migrations found at the given locations that the database has not seen yet.
   *
   * @param locations Flyway locations, such as {@code classpath:db/migration/h2}
   */
  void migrate(DataSource dataSource, String... locations);
}
