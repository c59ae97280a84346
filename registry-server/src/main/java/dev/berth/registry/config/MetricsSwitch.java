package dev.berth.registry.config;

import org.springframework.core.env.Environment;

/**
 * Metrics are opt-in ({@code berth.metrics.enabled=true}), as in distribution, Harbor and zot.
 * Unless they are on, this leaves out Spring Boot's metrics and observation auto-configurations:
 * the meter registry, its binders (JVM, Tomcat, Hikari, Hibernate…), the per-request timers and the
 * {@code metrics} and {@code prometheus} actuator endpoints. Those are about 670 classes and 10 MiB
 * of resident memory that a registry nobody scrapes would carry for nothing. The health endpoint is
 * not affected.
 */
public class MetricsSwitch extends FeatureSwitch {

  static final String PROPERTY = "berth.metrics.enabled";

  @Override
  protected boolean isOn(Environment environment) {
    return environment.getProperty(PROPERTY, Boolean.class, false);
  }

  /** Spring Boot's metrics and observation auto-configurations, by their packages and names. */
  @Override
  protected boolean belongsToFeature(String autoConfiguration) {
    return autoConfiguration.contains(".metrics.")
        || autoConfiguration.contains(".observation.")
        || autoConfiguration.endsWith("ObservationAutoConfiguration");
  }
}
