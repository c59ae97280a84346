package dev.berth.registry.auth.project;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.registry.auth.AuthProperties;
import dev.berth.registry.auth.Caller;
import dev.berth.registry.auth.ConditionalOnAuthEnabled;
import dev.berth.registry.auth.account.Accounts;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Decides what a caller may do in a project. System administrators may do everything; members have
 * their role's permissions; robots their own actions in their own project; anyone signed in may
 * pull a public project, and so may anonymous callers when {@code berth.auth.anonymous-pull} is on.
 * Lookups are cached for a few seconds so that listing a catalog costs no query per repository;
 * changes made on this replica invalidate the cache at once.
 */
@Service
@ConditionalOnAuthEnabled
public class PermissionService {
  private static final Duration TTL = Duration.ofSeconds(5);

  private final Accounts accounts;
  private final Projects projects;
  private final ProjectMembers members;
  private final Robots robots;
  private final boolean anonymousPull;
  private final Cache<String, Optional<AccountView>> accountCache = cache();
  private final Cache<String, Optional<ProjectView>> projectCache = cache();
  private final Cache<MemberKey, Optional<Role>> roleCache = cache();
  private final Cache<String, Optional<RobotView>> robotCache = cache();

  public PermissionService(
      Accounts accounts,
      Projects projects,
      ProjectMembers members,
      Robots robots,
      AuthProperties properties) {
    this.accounts = accounts;
    this.projects = projects;
    this.members = members;
    this.robots = robots;
    this.anonymousPull = properties.anonymousPull();
  }

  private static <K, V> Cache<K, V> cache() {
    return Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(TTL).build();
  }

  /** What {@code caller} may do in the project named {@code project} (which may not exist). */
  public Set<Permission> permissions(Caller caller, String project) {
    if (isSystemAdmin(caller)) {
      return EnumSet.allOf(Permission.class);
    }
    Optional<ProjectView> found = project(project);
    if (found.isEmpty()) {
      return Set.of();
    }
    ProjectView view = found.get();
    EnumSet<Permission> result = EnumSet.noneOf(Permission.class);
    if (view.isPublic() && (anonymousPull || !caller.anonymous())) {
      result.add(Permission.PULL);
    }
    switch (caller.kind()) {
      case USER ->
          account(caller.name())
              .flatMap(account -> role(view.id(), account.id()))
              .ifPresent(role -> result.addAll(role.permissions()));
      case ROBOT ->
          robot(caller.name())
              .filter(robot -> robot.projectId() == view.id())
              .filter(robot -> !robot.expired(Instant.now()))
              .ifPresent(
                  robot -> robot.actions().forEach(action -> result.add(action.permission())));
      case ANONYMOUS -> {}
    }
    return result;
  }

  /** True when the caller may do {@code permission} in the project of {@code repository}. */
  public boolean mayOnRepository(Caller caller, String repository, Permission permission) {
    return permissions(caller, ProjectNames.projectOf(repository)).contains(permission);
  }

  /** True for a user account that administers the whole registry. */
  public boolean isSystemAdmin(Caller caller) {
    return caller.kind() == Caller.Kind.USER
        && account(caller.name()).map(AccountView::systemAdmin).orElse(false);
  }

  /** True when the caller's account still exists and (for robots) has not expired. */
  public boolean isActive(Caller caller) {
    return switch (caller.kind()) {
      case USER -> account(caller.name()).isPresent();
      case ROBOT -> robot(caller.name()).filter(r -> !r.expired(Instant.now())).isPresent();
      case ANONYMOUS -> true;
    };
  }

  /** Forgets every cached lookup, after a change to accounts, projects, members or robots. */
  public void invalidate() {
    accountCache.invalidateAll();
    projectCache.invalidateAll();
    roleCache.invalidateAll();
    robotCache.invalidateAll();
  }

  private Optional<AccountView> account(String name) {
    return accountCache.get(
        name,
        key ->
            accounts
                .findByUsername(key)
                .map(account -> new AccountView(account.id(), account.systemAdmin())));
  }

  private Optional<ProjectView> project(String name) {
    return projectCache.get(
        name, key -> projects.findByName(key).map(p -> new ProjectView(p.id(), p.isPublic())));
  }

  private Optional<Role> role(long projectId, long accountId) {
    return roleCache.get(
        new MemberKey(projectId, accountId),
        key ->
            members
                .findByProjectIdAndAccountId(key.projectId(), key.accountId())
                .map(ProjectMember::role));
  }

  private Optional<RobotView> robot(String accountName) {
    return robotCache.get(accountName, this::loadRobot);
  }

  private Optional<RobotView> loadRobot(String accountName) {
    if (!accountName.startsWith(Robot.PREFIX)) {
      return Optional.empty();
    }
    String rest = accountName.substring(Robot.PREFIX.length());
    int plus = rest.indexOf('+');
    if (plus <= 0) {
      return Optional.empty();
    }
    return projects
        .findByName(rest.substring(0, plus))
        .flatMap(p -> robots.findByProjectIdAndName(p.id(), rest.substring(plus + 1)))
        .map(r -> new RobotView(r.projectId(), r.actions(), r.expiresAt()));
  }

  private record AccountView(long id, boolean systemAdmin) {}

  private record ProjectView(long id, boolean isPublic) {}

  private record MemberKey(long projectId, long accountId) {}

  private record RobotView(long projectId, Set<RepositoryAction> actions, Instant expiresAt) {
    boolean expired(Instant now) {
      return expiresAt != null && !now.isBefore(expiresAt);
    }
  }
}
