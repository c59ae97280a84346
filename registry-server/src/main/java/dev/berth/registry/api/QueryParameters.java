package dev.berth.registry.api;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The query parameters of an API request, read from the URL alone.
 *
 * <p>{@code request.getParameter} would also read a POST body sent as {@code
 * application/x-www-form-urlencoded} (curl's default for {@code --data-binary}) as form fields: the
 * blob of a monolithic upload would be consumed before the upload could read it. A {@code +} is
 * kept as a plus sign (media types such as {@code …+json} in {@code artifactType}), not read as a
 * space.
 */
final class QueryParameters {
  private final MultiValueMap<String, String> raw;

  private QueryParameters(MultiValueMap<String, String> raw) {
    this.raw = raw;
  }

  static QueryParameters of(HttpServletRequest request) {
    String query = request.getQueryString();
    if (query == null || query.isEmpty()) {
      return new QueryParameters(new LinkedMultiValueMap<>());
    }
    return new QueryParameters(
        UriComponentsBuilder.newInstance().query(query).build().getQueryParams());
  }

  /** The first value of {@code name}, decoded; a parameter given without {@code =} has "". */
  Optional<String> first(String name) {
    List<String> values = raw.get(name);
    return values == null || values.isEmpty()
        ? Optional.empty()
        : Optional.of(decode(values.get(0)));
  }

  /** Every value of {@code name}, decoded, in the order given. */
  List<String> all(String name) {
    List<String> values = raw.get(name);
    return values == null ? List.of() : values.stream().map(QueryParameters::decode).toList();
  }

  /**
   * Percent-decodes a value. A value that is not valid percent-encoding is passed on as given: the
   * parameter's own grammar (digest, tag, number) then rejects it with its own error code.
   */
  private static String decode(String value) {
    if (value == null) {
      return "";
    }
    try {
      return UriUtils.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return value;
    }
  }
}
