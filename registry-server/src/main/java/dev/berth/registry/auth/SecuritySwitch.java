package dev.berth.registry.auth;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * With auth off ({@code berth.auth.mode=none}, the default) there is nothing for Spring Security to
 * enforce, so this leaves out its auto-configurations: no filter chain proxy, no {@code
 * HttpSecurity}, no default user. That is about 400 classes loaded and a filter chain on every UI
 * request that only permitted everything. The one thing Spring Security still did in that mode,
 * refusing malformed paths, is done by {@link dev.berth.registry.auth.web.RequestFirewall} with the
 * same firewall.
 */
public class SecuritySwitch implements AutoConfigurationImportFilter, EnvironmentAware {

  static final String SECURITY_AUTO_CONFIGURATIONS =
      "org.springframework.boot.security.autoconfigure.";

  private boolean authEnabled;

  @Override
  public void setEnvironment(Environment environment) {
    authEnabled = AuthEnabledCondition.enabledIn(environment);
  }

  @Override
  public boolean[] match(String[] autoConfigurations, AutoConfigurationMetadata metadata) {
    boolean[] kept = new boolean[autoConfigurations.length];
    for (int i = 0; i < autoConfigurations.length; i++) {
      String candidate = autoConfigurations[i];
      kept[i] =
          authEnabled || candidate == null || !candidate.startsWith(SECURITY_AUTO_CONFIGURATIONS);
    }
    return kept;
  }
}
