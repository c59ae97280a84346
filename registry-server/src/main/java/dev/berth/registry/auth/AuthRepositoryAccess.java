package dev.berth.registry.auth;

import dev.berth.registry.access.RepositoryAccess;
import dev.berth.registry.auth.project.Permission;
import dev.berth.registry.auth.project.PermissionService;
import org.springframework.stereotype.Component;

/**
 * Repository access for the caller of the current request (API or web session), from project roles:
 * replaces the open default, so the catalog and the UI list only what the caller may pull.
 */
@Component
@ConditionalOnAuthEnabled
public class AuthRepositoryAccess implements RepositoryAccess {
  private final PermissionService permissions;

  public AuthRepositoryAccess(PermissionService permissions) {
    this.permissions = permissions;
  }

  @Override
  public boolean canPull(String repository) {
    return may(repository, Permission.PULL);
  }

  @Override
  public boolean canPush(String repository) {
    return may(repository, Permission.PUSH);
  }

  @Override
  public boolean canDelete(String repository) {
    return may(repository, Permission.DELETE);
  }

  private boolean may(String repository, Permission permission) {
    return permissions.mayOnRepository(CallerAuthentication.current(), repository, permission);
  }
}
