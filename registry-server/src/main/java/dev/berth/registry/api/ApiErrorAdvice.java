package dev.berth.registry.api;

import dev.berth.oci.InvalidDigestException;
import dev.berth.oci.OciJson;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Writes every API failure as the spec's error JSON with its code's status. */
@RestControllerAdvice(assignableTypes = RegistryApiController.class)
public class ApiErrorAdvice {
  private static final Logger log = LoggerFactory.getLogger(ApiErrorAdvice.class);

  @ExceptionHandler(RegistryException.class)
  ResponseEntity<byte[]> registry(RegistryException e) {
    return body(e.code(), e.getMessage(), e.detail(), e.headers());
  }

  @ExceptionHandler(InvalidDigestException.class)
  ResponseEntity<byte[]> digest(InvalidDigestException e) {
    return body(ErrorCode.DIGEST_INVALID, e.getMessage(), null, Map.of());
  }

  @ExceptionHandler(UncheckedIOException.class)
  ResponseEntity<byte[]> io(UncheckedIOException e) {
    log.warn("I/O failure while serving a request: {}", e.getMessage());
    return unknown();
  }

  @ExceptionHandler(RuntimeException.class)
  ResponseEntity<byte[]> unexpected(RuntimeException e) {
    log.error("unexpected failure", e);
    return unknown();
  }

  static ResponseEntity<byte[]> body(
      ErrorCode code, String message, Object detail, Map<String, String> headers) {
    ResponseEntity.BodyBuilder builder =
        ResponseEntity.status(code.status()).contentType(MediaType.APPLICATION_JSON);
    headers.forEach((name, value) -> builder.header(name, value));
    String text = message == null ? code.message() : message;
    return builder.body(
        OciJson.mapper().writeValueAsBytes(ErrorBody.of(code.wireCode(), text, detail)));
  }

  private static ResponseEntity<byte[]> unknown() {
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
        .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
        .body(
            OciJson.mapper()
                .writeValueAsBytes(ErrorBody.of("UNKNOWN", "internal server error", null)));
  }
}
