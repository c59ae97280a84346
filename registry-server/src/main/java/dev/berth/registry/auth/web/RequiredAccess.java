package dev.berth.registry.auth.web;

import dev.berth.oci.RepositoryName;
import dev.berth.registry.api.Route;
import dev.berth.registry.auth.project.RepositoryAction;
import dev.berth.registry.auth.token.Access;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code /v2} request needs, from its parsed route and method: GET and HEAD pull; POST, PUT
 * and PATCH push; DELETE deletes; every request on an upload session pushes (status and cancel
 * included: they are part of a push); the catalog needs {@code registry:catalog:*}. The base
 * endpoint and unknown paths need only a valid caller.
 *
 * <p>A cross-repository mount needs pull on its {@code from} repository too, but that is not a
 * reason to refuse the request: the blob service asks {@link
 * dev.berth.registry.access.RepositoryAccess#canPull} for the source and, when the caller may not
 * read it, answers with an ordinary upload session as the distribution-spec prescribes for a mount
 * that cannot be made.
 */
public final class RequiredAccess {
  private RequiredAccess() {}

  /**
   * One thing a request needs.
   *
   * @param type {@code repository} or {@code registry}
   * @param name the repository name, or {@code catalog}
   * @param action a repository action's wire name, or {@code *}
   */
  public record Need(String type, String name, String action) {
    /** The scope to ask for in a challenge. */
    public String scope() {
      return type + ":" + name + ":" + action;
    }

    /** The repository action, for repository needs. */
    public RepositoryAction repositoryAction() {
      return RepositoryAction.fromWire(action).orElseThrow();
    }

    public boolean catalog() {
      return Access.REGISTRY.equals(type);
    }
  }

  /**
   * The needs of a request.
   *
   * @param route the parsed path; null for a path that is no endpoint
   * @param method the HTTP method
   */
  public static List<Need> of(Route route, String method) {
    List<Need> needs = new ArrayList<>();
    if (route == null || route.endpoint() == Route.Endpoint.BASE) {
      return needs;
    }
    if (route.endpoint() == Route.Endpoint.CATALOG) {
      needs.add(new Need(Access.REGISTRY, Access.CATALOG, "*"));
      return needs;
    }
    if (!RepositoryName.isValid(route.name())) {
      return needs;
    }
    String name = route.name();
    RepositoryAction action =
        switch (route.endpoint()) {
          case UPLOAD -> RepositoryAction.PUSH;
          default ->
              switch (method) {
                case "GET", "HEAD" -> RepositoryAction.PULL;
                case "DELETE" -> RepositoryAction.DELETE;
                default -> RepositoryAction.PUSH;
              };
        };
    needs.add(new Need(Access.REPOSITORY, name, action.wire()));
    return needs;
  }

  /** The challenge scopes for these needs, one per resource with its actions joined. */
  public static List<String> scopes(List<Need> needs) {
    List<String> scopes = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (Need need : needs) {
      String resource = need.type() + ":" + need.name();
      if (seen.contains(resource)) {
        continue;
      }
      seen.add(resource);
      List<String> actions = new ArrayList<>();
      for (Need other : needs) {
        if ((other.type() + ":" + other.name()).equals(resource)) {
          actions.add(other.action());
        }
      }
      if (actions.contains("push") && !actions.contains("pull")) {
        actions.add(0, "pull");
      }
      scopes.add(resource + ":" + String.join(",", actions));
    }
    return scopes;
  }
}
