package dev.berth.registry.auth;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code berth.auth.mode} is {@code none} (the default): the negation of {@link
 * AuthEnabledCondition}.
 */
public class AuthDisabledCondition implements Condition {
  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return !AuthEnabledCondition.enabledIn(context.getEnvironment());
  }
}
