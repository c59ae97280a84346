package dev.berth.registry.auth;

import java.util.Locale;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code berth.auth.mode} is set to anything but {@code none}. */
public class AuthEnabledCondition implements Condition {
  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return enabledIn(context.getEnvironment());
  }

  /** The one reading of the mode that every auth switch uses: anything but {@code none} is on. */
  static boolean enabledIn(PropertyResolver properties) {
    String mode = properties.getProperty("berth.auth.mode", "none");
    return !mode.trim().toLowerCase(Locale.ROOT).equals("none");
  }
}
