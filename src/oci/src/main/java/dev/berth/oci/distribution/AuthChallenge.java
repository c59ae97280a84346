package dev.berth.oci.distribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header, such as {@code Bearer
 * realm="https://auth.example/token",service="registry",scope="repository:a:pull"}.
 *
 * @param scheme lowercase scheme, {@code bearer} or {@code basic}
 * @param parameters auth-params by lowercase name, quotes removed
 * @see <a href="https://distribution.github.io/distribution/spec/auth/token/">distribution token
 *     authentication</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1">RFC 9110
 *     WWW-Authenticate</a>
 */
public record AuthChallenge(String scheme, Map<String, String> parameters) {
  public AuthChallenge {
    parameters = Map.copyOf(parameters);
  }

  public String parameter(String name) {
    return parameters.get(name);
  }

  /** Parses every challenge in one header value; unparsable tails are ignored. */
  public static List<AuthChallenge> parse(String header) {
    List<AuthChallenge> out = new ArrayList<>();
    if (header == null) {
      return out;
    }
    int[] pos = {0};
    String scheme = token(header, pos);
    while (scheme != null && !scheme.isEmpty()) {
      Map<String, String> params = new LinkedHashMap<>();
      String nextScheme = null;
      while (true) {
        skipSpacesAndCommas(header, pos);
        int mark = pos[0];
        String name = token(header, pos);
        if (name == null || name.isEmpty()) {
          break;
        }
        skipSpaces(header, pos);
        if (pos[0] < header.length() && header.charAt(pos[0]) == '=') {
          pos[0]++;
          skipSpaces(header, pos);
          params.put(name.toLowerCase(Locale.ROOT), value(header, pos));
        } else {
          // a token not followed by '=' starts the next challenge
          pos[0] = mark;
          nextScheme = token(header, pos);
          break;
        }
      }
      out.add(new AuthChallenge(scheme.toLowerCase(Locale.ROOT), params));
      scheme = nextScheme;
    }
    return out;
  }

  private static String token(String s, int[] pos) {
    skipSpaces(s, pos);
    int start = pos[0];
    while (pos[0] < s.length()) {
      char c = s.charAt(pos[0]);
      if (c == ' ' || c == ',' || c == '=' || c == '"') {
        break;
      }
      pos[0]++;
    }
    return start == pos[0] ? null : s.substring(start, pos[0]);
  }

  private static String value(String s, int[] pos) {
    if (pos[0] < s.length() && s.charAt(pos[0]) == '"') {
      pos[0]++;
      StringBuilder out = new StringBuilder();
      while (pos[0] < s.length()) {
        char c = s.charAt(pos[0]++);
        if (c == '\\' && pos[0] < s.length()) {
          out.append(s.charAt(pos[0]++));
        } else if (c == '"') {
          break;
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }
    int start = pos[0];
    while (pos[0] < s.length() && s.charAt(pos[0]) != ',' && s.charAt(pos[0]) != ' ') {
      pos[0]++;
    }
    return s.substring(start, pos[0]);
  }

  private static void skipSpaces(String s, int[] pos) {
    while (pos[0] < s.length() && s.charAt(pos[0]) == ' ') {
      pos[0]++;
    }
  }

  private static void skipSpacesAndCommas(String s, int[] pos) {
    while (pos[0] < s.length() && (s.charAt(pos[0]) == ' ' || s.charAt(pos[0]) == ',')) {
      pos[0]++;
    }
  }
}
