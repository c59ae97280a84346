package dev.berth.registry.access;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Falls back to open access when no authentication module provides a policy. */
@Configuration(proxyBeanMethods = false)
public class AccessConfiguration {
  @Bean
  @ConditionalOnMissingBean
  RepositoryAccess openRepositoryAccess() {
    return new OpenRepositoryAccess();
  }
}
