package dev.berth.registry.auth.token;

import dev.berth.registry.auth.Caller;
import java.time.Instant;
import java.util.List;

/**
 * An access token that passed verification.
 *
 * @param subject who it was issued to
 * @param access what it grants
 * @param expiresAt its {@code exp}
 */
public record VerifiedToken(Caller subject, List<Access> access, Instant expiresAt) {
  /** True when the token grants {@code action} on {@code type:name}. */
  public boolean grants(String type, String name, String action) {
    return access.stream().anyMatch(entry -> entry.grants(type, name, action));
  }
}
