package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.bytecode.internal.none.BytecodeProviderImpl;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.cfg.BytecodeSettings;
import org.junit.jupiter.api.Test;

/** Hibernate, bootstrapped the way Spring Boot does it, ends up without ByteBuddy. */
class NoBytecodeGenerationTest {

  @Test
  void theServiceFileGivesHibernateTheNoOpProvider() {
    StandardServiceRegistry registry = new StandardServiceRegistryBuilder().build();
    try {
      assertThat(registry.getService(BytecodeProvider.class))
          .isInstanceOf(BytecodeProviderImpl.class);
    } finally {
      StandardServiceRegistryBuilder.destroy(registry);
    }
  }

  @Test
  void theEnhancementSetUpGetsTheNoOpProviderToo() {
    Map<String, Object> properties = new HashMap<>();
    new NoBytecodeGeneration().noBytecodeEnhancement().customize(properties);
    assertThat(properties.get(BytecodeSettings.BYTECODE_PROVIDER_INSTANCE))
        .isInstanceOf(BytecodeProviderImpl.class);
  }
}
