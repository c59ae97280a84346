package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.boot.spi.SessionFactoryOptions;
import org.hibernate.cfg.JdbcSettings;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.type.descriptor.java.StringJavaType;
import org.junit.jupiter.api.Test;

/** Hibernate takes the refusing format mapper for JSON and XML instead of building its own. */
class NoFormatMappingTest {

  @Test
  void hibernateUsesTheRefusingMapperForJsonAndXml() {
    Map<String, Object> settings = new HashMap<>();
    new NoFormatMapping().noJsonOrXmlColumns().customize(settings);
    settings.put(JdbcSettings.JAKARTA_JDBC_URL, "jdbc:h2:mem:no-format-mapping");
    StandardServiceRegistry registry =
        new StandardServiceRegistryBuilder().applySettings(settings).build();
    try (SessionFactory factory =
        new MetadataSources(registry).buildMetadata().buildSessionFactory()) {
      SessionFactoryOptions options =
          factory.unwrap(SessionFactoryImplementor.class).getSessionFactoryOptions();

      assertThat(options.getJsonFormatMapper()).isSameAs(NoFormatMapping.Refusing.INSTANCE);
      assertThat(options.getXmlFormatMapper()).isSameAs(NoFormatMapping.Refusing.INSTANCE);
    } finally {
      StandardServiceRegistryBuilder.destroy(registry);
    }
  }

  @Test
  void anyUseSaysWhatIsMissing() {
    assertThatThrownBy(
            () -> NoFormatMapping.Refusing.INSTANCE.fromString("{}", StringJavaType.INSTANCE, null))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("java.lang.String")
        .hasMessageContaining("NoFormatMapping");
  }
}
