package dev.berth.registry.auth.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.berth.registry.auth.AuthMode;
import dev.berth.registry.auth.AuthProperties;
import dev.berth.registry.auth.Caller;
import dev.berth.registry.auth.account.Account;
import dev.berth.registry.auth.account.Accounts;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PermissionServiceTest {
  private final Accounts accounts = mock(Accounts.class);
  private final Projects projects = mock(Projects.class);
  private final ProjectMembers members = mock(ProjectMembers.class);
  private final Robots robots = mock(Robots.class);

  @BeforeEach
  void rows() {
    when(accounts.findByUsername(anyString())).thenReturn(Optional.empty());
    when(projects.findByName(anyString())).thenReturn(Optional.empty());
    when(members.findByProjectIdAndAccountId(anyLong(), anyLong())).thenReturn(Optional.empty());
    when(robots.findByProjectIdAndName(anyLong(), anyString())).thenReturn(Optional.empty());
    project(1, "open", true);
    project(2, "closed", false);
    account(10, "alice", false);
    account(11, "root", true);
    when(members.findByProjectIdAndAccountId(2, 10))
        .thenReturn(Optional.of(new ProjectMember(2, 10, Role.DEVELOPER, Instant.now())));
    robot(2, "ci", EnumSet.of(RepositoryAction.PUSH, RepositoryAction.PULL), null);
    robot(2, "old", EnumSet.of(RepositoryAction.PULL), Instant.now().minus(Duration.ofMinutes(1)));
  }

  private PermissionService service(boolean anonymousPull) {
    return new PermissionService(
        accounts,
        projects,
        members,
        robots,
        new AuthProperties(
            AuthMode.TOKEN, null, null, null, null, anonymousPull, null, null, null, 0));
  }

  @Test
  void anonymous_pullsPublicProjectsOnlyWhenAnonymousPullIsOn() {
    assertThat(service(true).permissions(Caller.ANONYMOUS, "open"))
        .containsExactly(Permission.PULL);
    assertThat(service(false).permissions(Caller.ANONYMOUS, "open")).isEmpty();
    assertThat(service(true).permissions(Caller.ANONYMOUS, "closed")).isEmpty();
  }

  @Test
  void signedInUsers_pullPublicProjectsEvenWithoutAnonymousPull() {
    assertThat(service(false).permissions(Caller.user("alice"), "open"))
        .containsExactly(Permission.PULL);
  }

  @Test
  void members_getTheirRolesPermissions() {
    assertThat(service(true).permissions(Caller.user("alice"), "closed"))
        .containsExactlyInAnyOrderElementsOf(Role.DEVELOPER.permissions());
    assertThat(service(true).mayOnRepository(Caller.user("alice"), "closed/app", Permission.PUSH))
        .isTrue();
    assertThat(service(true).mayOnRepository(Caller.user("alice"), "closed/app", Permission.DELETE))
        .isFalse();
  }

  @Test
  void systemAdministrators_mayDoEverythingEverywhere() {
    assertThat(service(true).permissions(Caller.user("root"), "not-yet-created"))
        .containsExactlyInAnyOrder(Permission.values());
  }

  @Test
  void robots_haveTheirActionsInTheirProjectOnly_untilTheyExpire() {
    PermissionService service = service(true);
    assertThat(service.permissions(Caller.robot("robot$closed+ci"), "closed"))
        .containsExactlyInAnyOrder(Permission.PULL, Permission.PUSH);
    assertThat(service.permissions(Caller.robot("robot$closed+old"), "closed")).isEmpty();
    assertThat(service.isActive(Caller.robot("robot$closed+old"))).isFalse();
    assertThat(service.permissions(Caller.robot("robot$closed+ci"), "open"))
        .containsExactly(Permission.PULL);
    assertThat(service.permissions(Caller.robot("robot$open+ci"), "closed")).isEmpty();
  }

  @Test
  void unknownAccountsAndProjects_getNothing() {
    assertThat(service(true).permissions(Caller.user("mallory"), "closed")).isEmpty();
    assertThat(service(true).permissions(Caller.user("alice"), "nope")).isEmpty();
    assertThat(service(true).isActive(Caller.user("mallory"))).isFalse();
  }

  private void project(long id, String name, boolean isPublic) {
    Project project = new Project(name, isPublic, Instant.now());
    setId(project, id);
    when(projects.findByName(name)).thenReturn(Optional.of(project));
  }

  private void account(long id, String name, boolean admin) {
    Account account = new Account(name, "{bcrypt}x", admin, Instant.now());
    setId(account, id);
    when(accounts.findByUsername(name)).thenReturn(Optional.of(account));
  }

  private void robot(
      long projectId, String name, EnumSet<RepositoryAction> actions, Instant expires) {
    when(robots.findByProjectIdAndName(projectId, name))
        .thenReturn(
            Optional.of(
                new Robot(projectId, name, "{bcrypt}x", actions, expires, "t", Instant.now())));
  }

  /** Sets the generated id a row would have after saving. */
  private static void setId(Object row, long id) {
    try {
      Field field = row.getClass().getDeclaredField("id");
      field.setAccessible(true);
      field.set(row, id);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
