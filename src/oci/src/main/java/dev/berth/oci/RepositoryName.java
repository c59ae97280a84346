package dev.berth.oci;

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
        && matchesGrammar(value);
  }

  /**
   * The spec's {@code [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*},
   * scanned by hand: every API request checks a name, and the regular expression was a measurable
   * part of serving a cached manifest.
   */
  private static boolean matchesGrammar(String value) {
    int n = value.length();
    int i = 0;
    while (true) {
      i = alphanumerics(value, i);
      if (i < 0) {
        return false;
      }
      while (i < n && value.charAt(i) != '/') {
        char separator = value.charAt(i++);
        if (separator == '_') {
          if (i < n && value.charAt(i) == '_') {
            i++;
          }
        } else if (separator == '-') {
          while (i < n && value.charAt(i) == '-') {
            i++;
          }
        } else if (separator != '.') {
          return false;
        }
        i = alphanumerics(value, i);
        if (i < 0) {
          return false;
        }
      }
      if (i == n) {
        return true;
      }
      i++; // the slash; a component must follow
    }
  }

  /** The index after a run of at least one [a-z0-9] starting at {@code from}, or -1. */
  private static int alphanumerics(String value, int from) {
    int i = from;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
        break;
      }
      i++;
    }
    return i > from ? i : -1;
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
