package dev.berth.registry.auth;

/** How the registry authenticates callers: not at all, with bearer tokens, or with Basic auth. */
public enum AuthMode {
  /** Everyone may do everything, as a registry without accounts. */
  NONE,
  /**
   * The Docker token protocol: {@code /v2} answers 401 with a Bearer challenge to {@code /token}.
   */
  TOKEN,
  /** HTTP Basic credentials directly on every {@code /v2} request. */
  BASIC
}
