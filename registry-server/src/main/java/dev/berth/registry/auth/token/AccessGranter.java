package dev.berth.registry.auth.token;

import dev.berth.oci.RepositoryName;
import dev.berth.registry.auth.AuthProperties;
import dev.berth.registry.auth.Caller;
import dev.berth.registry.auth.ConditionalOnAuthEnabled;
import dev.berth.registry.auth.project.Permission;
import dev.berth.registry.auth.project.PermissionService;
import dev.berth.registry.auth.project.ProjectNames;
import dev.berth.registry.auth.project.RepositoryAction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Turns requested scopes into granted access: the intersection of what was asked for and what the
 * caller may do. A scope the caller may not use at all grants nothing and is left out of the token;
 * the request itself still succeeds, as the token specification requires.
 */
@Service
@ConditionalOnAuthEnabled
public class AccessGranter {
  private final PermissionService permissions;
  private final boolean anonymousPull;

  public AccessGranter(PermissionService permissions, AuthProperties properties) {
    this.permissions = permissions;
    this.anonymousPull = properties.anonymousPull();
  }

  /** The access to put in a token for {@code caller} who asked for {@code scopes}. */
  public List<Access> grant(Caller caller, List<Scope> scopes) {
    List<Access> granted = new ArrayList<>();
    for (Scope scope : scopes) {
      List<String> actions =
          switch (scope.type()) {
            case Access.REPOSITORY -> repository(caller, scope);
            case Access.REGISTRY -> registry(caller, scope);
            default -> List.of();
          };
      if (!actions.isEmpty()) {
        granted.add(new Access(scope.type(), scope.name(), actions));
      }
    }
    return merge(granted);
  }

  /** True when the caller may list the catalog (its entries are filtered per repository). */
  public boolean mayListCatalog(Caller caller) {
    return !caller.anonymous() || anonymousPull;
  }

  private List<String> repository(Caller caller, Scope scope) {
    if (!RepositoryName.isValid(scope.name())) {
      return List.of();
    }
    Set<RepositoryAction> asked = EnumSet.noneOf(RepositoryAction.class);
    for (String action : scope.actions()) {
      if (action.equals("*")) {
        asked.addAll(EnumSet.allOf(RepositoryAction.class));
      } else {
        RepositoryAction.fromWire(action).ifPresent(asked::add);
      }
    }
    Set<Permission> may = permissions.permissions(caller, ProjectNames.projectOf(scope.name()));
    List<String> result = new ArrayList<>();
    for (RepositoryAction action : asked) {
      if (may.contains(action.permission())) {
        result.add(action.wire());
      }
    }
    return result;
  }

  private List<String> registry(Caller caller, Scope scope) {
    if (Access.CATALOG.equals(scope.name())
        && scope.actions().contains("*")
        && mayListCatalog(caller)) {
      return List.of("*");
    }
    return List.of();
  }

  /** Joins entries for the same resource, as clients may ask for one repository twice. */
  private static List<Access> merge(List<Access> entries) {
    List<Access> merged = new ArrayList<>();
    for (Access entry : entries) {
      int at = -1;
      for (int i = 0; i < merged.size(); i++) {
        if (merged.get(i).type().equals(entry.type())
            && merged.get(i).name().equals(entry.name())) {
          at = i;
        }
      }
      if (at < 0) {
        merged.add(entry);
      } else {
        List<String> actions = new ArrayList<>(merged.get(at).actions());
        entry.actions().stream().filter(a -> !actions.contains(a)).forEach(actions::add);
        merged.set(at, new Access(entry.type(), entry.name(), actions));
      }
    }
    return merged;
  }
}
