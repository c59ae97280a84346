package dev.berth.registry.auth;

import java.util.Locale;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code berth.auth.mode} is set to anything but {@code none}. */
class AuthEnabledCondition implements Condition {
  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    String mode = context.getEnvironment().getProperty("berth.auth.mode", "none");
    return !mode.trim().toLowerCase(Locale.ROOT).equals("none");
  }
}
