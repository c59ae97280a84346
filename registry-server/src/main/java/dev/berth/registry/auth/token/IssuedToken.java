package dev.berth.registry.auth.token;

import java.time.Instant;
import java.util.List;

/**
 * A signed access token and what it says.
 *
 * @param token the compact JWT
 * @param issuedAt when it was issued
 * @param expiresIn seconds until it expires
 * @param access what it grants
 */
public record IssuedToken(String token, Instant issuedAt, long expiresIn, List<Access> access) {}
