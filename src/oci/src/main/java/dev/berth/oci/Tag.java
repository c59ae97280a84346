package dev.berth.oci;

import java.util.regex.Pattern;

/**
 * A tag: up to 128 characters of {@code [a-zA-Z0-9_.-]}, not starting with {@code .} or {@code -}.
 *
 * @see <a
 *     href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests">distribution-spec
 *     tag grammar</a>
 */
public record Tag(String value) {
  private static final Pattern GRAMMAR = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  public Tag {
    if (!isValid(value)) {
      throw new IllegalArgumentException("invalid tag: " + value);
    }
  }

  /** True when {@code value} matches the tag grammar. */
  public static boolean isValid(String value) {
    return value != null && GRAMMAR.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
