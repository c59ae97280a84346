package dev.berth.registry.config;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Metrics are opt-in ({@code berth.metrics.enabled=true}), as in distribution, Harbor and zot.
 * Unless they are on, this leaves out Spring Boot's metrics and observation auto-configurations:
 * the meter registry, its binders (JVM, Tomcat, Hikari, Hibernate…), the per-request timers and the
 * {@code metrics} and {@code prometheus} actuator endpoints. Those are about 670 classes and 10 MiB
 * of resident memory that a registry nobody scrapes would carry for nothing. The health endpoint is
 * not affected.
 */
public class MetricsSwitch implements AutoConfigurationImportFilter, EnvironmentAware {

  static final String PROPERTY = "berth.metrics.enabled";

  private boolean enabled;

  @Override
  public void setEnvironment(Environment environment) {
    enabled = environment.getProperty(PROPERTY, Boolean.class, false);
  }

  @Override
  public boolean[] match(String[] autoConfigurations, AutoConfigurationMetadata metadata) {
    boolean[] kept = new boolean[autoConfigurations.length];
    for (int i = 0; i < autoConfigurations.length; i++) {
      String candidate = autoConfigurations[i];
      kept[i] = enabled || candidate == null || !isMetrics(candidate);
    }
    return kept;
  }

  /** Spring Boot's metrics and observation auto-configurations, by their packages and names. */
  static boolean isMetrics(String autoConfiguration) {
    return autoConfiguration.contains(".metrics.")
        || autoConfiguration.contains(".observation.")
        || autoConfiguration.endsWith("ObservationAutoConfiguration");
  }
}
