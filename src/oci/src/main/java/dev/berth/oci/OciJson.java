package dev.berth.oci;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper for OCI documents: tolerant of unknown fields, as the specs require, and of
 * absent optional booleans and numbers (such as a history entry without {@code empty_layer}), which
 * read as false or 0.
 */
public final class OciJson {
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          // real configs write "empty_layer": null (podman import); read it as the default
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private OciJson() {}

  /** A shared, thread-safe mapper. */
  public static JsonMapper mapper() {
    return MAPPER;
  }
}
