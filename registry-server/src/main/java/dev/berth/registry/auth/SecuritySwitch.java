package dev.berth.registry.auth;

import dev.berth.registry.config.FeatureSwitch;
import org.springframework.core.env.Environment;

/**
 * With auth off ({@code berth.auth.mode=none}, the default) there is nothing for Spring Security to
 * enforce, so this leaves out its auto-configurations: no filter chain proxy, no {@code
 * HttpSecurity}, no default user. That is about 400 classes loaded and a filter chain on every UI
 * request that only permitted everything. The one thing Spring Security still did in that mode,
 * refusing malformed paths, is done by {@link dev.berth.registry.auth.web.RequestFirewall} with the
 * same firewall.
 */
public class SecuritySwitch extends FeatureSwitch {

  static final String SECURITY_AUTO_CONFIGURATIONS =
      "org.springframework.boot.security.autoconfigure.";

  @Override
  protected boolean isOn(Environment environment) {
    return AuthEnabledCondition.enabledIn(environment);
  }

  @Override
  protected boolean belongsToFeature(String autoConfiguration) {
    return autoConfiguration.startsWith(SECURITY_AUTO_CONFIGURATIONS);
  }
}
