package dev.berth.registry.config;

import org.hibernate.cfg.MappingSettings;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.format.FormatMapper;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives Hibernate a format mapper for JSON and XML columns that refuses to map anything, because no
 * entity has such a column. Left alone, Hibernate builds a Jackson 2 {@code ObjectMapper} (Jackson
 * 2 is on the class path for Flyway, which runs in a class loader of its own) and looks up JAXB:
 * about 350 classes that stay loaded for nothing, two MiB of class metadata (src/bench/NOTES.md).
 *
 * @see <a
 *     href="https://docs.jboss.org/hibernate/orm/7.2/javadocs/org/hibernate/cfg/MappingSettings.html#JSON_FORMAT_MAPPER">Hibernate
 *     MappingSettings</a>
 */
@Configuration(proxyBeanMethods = false)
public class NoFormatMapping {
  @Bean
  HibernatePropertiesCustomizer noJsonOrXmlColumns() {
    return properties -> {
      properties.put(MappingSettings.JSON_FORMAT_MAPPER, Refusing.INSTANCE);
      properties.put(MappingSettings.XML_FORMAT_MAPPER, Refusing.INSTANCE);
    };
  }

  /** The mapper: any use means an entity gained a JSON or XML column without a real mapper. */
  enum Refusing implements FormatMapper {
    INSTANCE;

    @Override
    public <T> T fromString(CharSequence text, JavaType<T> type, WrapperOptions options) {
      throw unsupported(type);
    }

    @Override
    public <T> String toString(T value, JavaType<T> type, WrapperOptions options) {
      throw unsupported(type);
    }

    private static UnsupportedOperationException unsupported(JavaType<?> type) {
      return new UnsupportedOperationException(
          "no JSON or XML column mapping is configured (for "
              + type.getJavaTypeClass().getName()
              + "): see NoFormatMapping");
    }
  }
}
