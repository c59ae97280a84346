package dev.berth.registry.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Links to the current page with one query parameter changed, for sort headers and pagers. Any
 * change other than the page itself goes back to the first page.
 */
public final class QueryLinks {
  private final String path;
  private final Map<String, String> params = new LinkedHashMap<>();

  public QueryLinks(HttpServletRequest request) {
    this.path = request.getRequestURI();
    request
        .getParameterMap()
        .forEach(
            (name, values) -> {
              if (values.length > 0 && !values[0].isEmpty()) {
                params.put(name, values[0]);
              }
            });
  }

  /** The current page with {@code name} set to {@code value} (removed when null or empty). */
  public String with(String name, Object value) {
    Map<String, String> changed = new LinkedHashMap<>(params);
    if (!name.equals("page")) {
      changed.remove("page");
    }
    if (value == null || value.toString().isEmpty()) {
      changed.remove(name);
    } else {
      changed.put(name, value.toString());
    }
    return build(changed);
  }

  /** The link a sortable column header points to: sort by it, or reverse when already sorted. */
  public String sort(String key, String current, boolean reversed) {
    Map<String, String> changed = new LinkedHashMap<>(params);
    changed.remove("page");
    changed.put("sort", key);
    if (key.equals(current) && !reversed) {
      changed.put("reverse", "true");
    } else {
      changed.remove("reverse");
    }
    return build(changed);
  }

  /** The numbered page links to show around {@code page} (1-based), with 0 for a gap. */
  public static List<Integer> pageNumbers(int page, int pages) {
    List<Integer> numbers = new ArrayList<>();
    for (int i = 1; i <= pages; i++) {
      if (i == 1 || i == pages || Math.abs(i - page) <= 2) {
        numbers.add(i);
      } else if (numbers.get(numbers.size() - 1) != 0) {
        numbers.add(0);
      }
    }
    return numbers;
  }

  private String build(Map<String, String> query) {
    StringBuilder url = new StringBuilder(path);
    char separator = '?';
    for (Map.Entry<String, String> entry : query.entrySet()) {
      url.append(separator)
          .append(WebPaths.encode(entry.getKey()))
          .append('=')
          .append(WebPaths.encode(entry.getValue()));
      separator = '&';
    }
    return url.toString();
  }
}
