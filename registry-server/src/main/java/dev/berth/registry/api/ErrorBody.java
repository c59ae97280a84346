package dev.berth.registry.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The distribution-spec error envelope: {@code {"errors":[{"code","message","detail"}]}}.
 *
 * @param errors the errors, usually one
 */
public record ErrorBody(List<Entry> errors) {

  /** One error: the spec's code, a message, and optional structured detail. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Entry(String code, String message, Object detail) {}

  /** A body with a single error. */
  public static ErrorBody of(String code, String message, Object detail) {
    return new ErrorBody(List.of(new Entry(code, message, detail)));
  }
}
