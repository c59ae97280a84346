package dev.berth.registry.config;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves a feature's Spring Boot auto-configurations out while the feature is off, so that their
 * classes are never loaded (registered as an {@link AutoConfigurationImportFilter} in {@code
 * META-INF/spring.factories}; Boot hands it the environment before filtering).
 */
public abstract class FeatureSwitch implements AutoConfigurationImportFilter, EnvironmentAware {

  private boolean on;

  @Override
  public final void setEnvironment(Environment environment) {
    on = isOn(environment);
  }

  @Override
  public final boolean[] match(String[] autoConfigurations, AutoConfigurationMetadata metadata) {
    boolean[] kept = new boolean[autoConfigurations.length];
    for (int i = 0; i < autoConfigurations.length; i++) {
      String candidate = autoConfigurations[i];
      kept[i] = on || candidate == null || !belongsToFeature(candidate);
    }
    return kept;
  }

  /** Whether the feature is on in this environment. */
  protected abstract boolean isOn(Environment environment);

  /** Whether this auto-configuration (its class name) serves only the feature. */
  protected abstract boolean belongsToFeature(String autoConfiguration);
}
