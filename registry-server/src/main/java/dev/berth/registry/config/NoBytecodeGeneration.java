package dev.berth.registry.config;

import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.bytecode.internal.none.BytecodeProviderImpl;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.cfg.BytecodeSettings;
import org.hibernate.service.spi.ServiceContributor;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives Hibernate its no-op bytecode provider instead of the ByteBuddy one it finds on the class
 * path, because nothing here needs generated classes: no entity has a lazy association (so no
 * proxies) and none is enhanced. The ByteBuddy provider alone loads about 1,100 classes at
 * start-up, several MiB of resident memory (src/bench/NOTES.md).
 *
 * <p>Hibernate 7 no longer reads {@code hibernate.bytecode.provider}; it takes the provider from
 * {@link java.util.ServiceLoader} twice: once as a service (replaced here as a {@link
 * ServiceContributor}, registered in {@code META-INF/services}) and once for the enhancement set-up
 * of the persistence unit (replaced by the {@link BytecodeSettings#BYTECODE_PROVIDER_INSTANCE}
 * setting).
 *
 * @see <a
 *     href="https://docs.jboss.org/hibernate/orm/7.2/javadocs/org/hibernate/cfg/BytecodeSettings.html">Hibernate
 *     BytecodeSettings</a>
 */
@Configuration(proxyBeanMethods = false)
public class NoBytecodeGeneration implements ServiceContributor {
  @Override
  public void contribute(StandardServiceRegistryBuilder registry) {
    registry.addService(BytecodeProvider.class, new BytecodeProviderImpl());
  }

  @Bean
  HibernatePropertiesCustomizer noBytecodeEnhancement() {
    return properties ->
        properties.put(BytecodeSettings.BYTECODE_PROVIDER_INSTANCE, new BytecodeProviderImpl());
  }
}
