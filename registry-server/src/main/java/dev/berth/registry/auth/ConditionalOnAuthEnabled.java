package dev.berth.registry.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Registers a bean only when {@code berth.auth.mode} is not {@code none}: with auth off the
 * registry has exactly the beans it had before accounts existed.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(AuthEnabledCondition.class)
public @interface ConditionalOnAuthEnabled {}
