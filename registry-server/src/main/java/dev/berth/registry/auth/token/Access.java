package dev.berth.registry.auth.token;

import java.util.List;
import java.util.Map;

/**
 * One entry of a token's {@code access} claim: the actions granted on one resource.
 *
 * @param type {@code repository} or {@code registry}
 * @param name the repository name, or {@code catalog}
 * @param actions the granted actions
 */
public record Access(String type, String name, List<String> actions) {
  public static final String REPOSITORY = "repository";
  public static final String REGISTRY = "registry";
  public static final String CATALOG = "catalog";

  public Access {
    actions = List.copyOf(actions);
  }

  /** True when this entry grants {@code action} on the resource {@code type:name}. */
  public boolean grants(String type, String name, String action) {
    return this.type.equals(type) && this.name.equals(name) && actions.contains(action);
  }

  /** The claim's JSON form. */
  Map<String, Object> toClaim() {
    return Map.of("type", type, "name", name, "actions", actions);
  }
}
