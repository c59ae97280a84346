package dev.berth.registry.api;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The API suite on the embedded default: H2 and the filesystem store. */
class RegistryApiH2IT extends AbstractRegistryApiIT {
  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registerCommon(registry);
  }
}
