package dev.berth.registry.schema;

import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Tells Spring Boot that {@link SchemaMigration} initializes the database, so that the JPA entity
 * manager factory, {@code JdbcTemplate} and the other beans that use it are created after it.
 */
class SchemaMigrationDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

  @Override
  protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
    return Set.of(SchemaMigration.class);
  }
}
