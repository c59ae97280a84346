package dev.berth.registry.auth.token;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One requested scope, {@code type:name:actions} such as {@code repository:team/app:pull,push} or
 * {@code registry:catalog:*}. A resource class ({@code repository(plugin)}) is dropped.
 *
 * @param type the resource type
 * @param name the resource name
 * @param actions the requested actions, in request order
 * @see <a href="https://distribution.github.io/distribution/spec/auth/scope/">token scope
 *     documentation</a>
 */
public record Scope(String type, String name, Set<String> actions) {
  public Scope {
    actions = Set.copyOf(actions);
  }

  /**
   * Every scope in the given parameter values. One value may hold several scopes separated by
   * spaces (the OAuth2 form); malformed entries are skipped, as they can grant nothing.
   */
  public static List<Scope> parseAll(List<String> values) {
    List<Scope> result = new ArrayList<>();
    for (String value : values) {
      if (value == null) {
        continue;
      }
      for (String item : value.trim().split("\\s+")) {
        if (!item.isEmpty()) {
          parse(item).ifPresent(result::add);
        }
      }
    }
    return result;
  }

  /** One scope, if well-formed. */
  static Optional<Scope> parse(String item) {
    int first = item.indexOf(':');
    int last = item.lastIndexOf(':');
    if (first <= 0 || last == first || last == item.length() - 1) {
      return Optional.empty();
    }
    String type = item.substring(0, first);
    int paren = type.indexOf('(');
    if (paren > 0 && type.endsWith(")")) {
      type = type.substring(0, paren);
    }
    String name = item.substring(first + 1, last);
    Set<String> actions = new LinkedHashSet<>();
    for (String action : item.substring(last + 1).split(",")) {
      if (!action.isBlank()) {
        actions.add(action.trim());
      }
    }
    if (name.isEmpty() || actions.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Scope(type, name, actions));
  }
}
