package dev.berth.oci;

import java.util.regex.Pattern;

/**
 * A repository name such as {@code team/app}: path components of lowercase alphanumerics joined by
 * separators, as the distribution-spec grammar allows.
 *
 * <p>A valid name has no {@code ..}, no leading or trailing slash and no empty component, so it is
 * safe to use in paths and URLs.
 *
 * @see <a
 *     href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests">distribution-spec
 *     name grammar</a>
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {
  /** Total length limit, as in the reference implementation. */
  public static final int MAX_LENGTH = 255;

  private static final Pattern GRAMMAR =
      Pattern.compile(
          "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");

  public RepositoryName {
    if (!isValid(value)) {
      throw new IllegalArgumentException("invalid repository name: " + value);
    }
  }

  /** True when {@code value} matches the spec grammar and length limit. */
  public static boolean isValid(String value) {
    return value != null
        && !value.isEmpty()
        && value.length() <= MAX_LENGTH
        && GRAMMAR.matcher(value).matches();
  }

  /** The first component, which names the project this repository belongs to. */
  public String project() {
    int slash = value.indexOf('/');
    return slash < 0 ? value : value.substring(0, slash);
  }

  /** Everything before the last slash, or empty for a top-level repository. */
  public String namespace() {
    int slash = value.lastIndexOf('/');
    return slash < 0 ? "" : value.substring(0, slash);
  }

  @Override
  public String toString() {
    return value;
  }

  @Override
  public int compareTo(RepositoryName other) {
    return value.compareTo(other.value);
  }
}
