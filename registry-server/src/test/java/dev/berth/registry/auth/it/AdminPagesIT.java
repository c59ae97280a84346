package dev.berth.registry.auth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.auth.Caller;
import dev.berth.registry.auth.project.ProjectService.MemberView;
import dev.berth.registry.auth.project.RepositoryAction;
import dev.berth.registry.auth.project.RobotService;
import dev.berth.registry.auth.project.Role;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The account-management pages: sign-in, CSRF, redirects, and objects addressed by id. */
class AdminPagesIT extends TokenModeIT {

  private Browser signedIn(String user) throws IOException {
    Browser browser = new Browser(base());
    HttpResponse<String> login = browser.login(user, password(user));
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
    return browser;
  }

  @Test
  void adminPages_needSignIn() throws IOException {
    HttpResponse<String> response = new Browser(base()).get("/admin/projects");
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/login");
  }

  @Test
  void login_setsAStrictSessionCookie_andNeedsTheCsrfToken() throws IOException {
    String alice = user("alice");
    Browser browser = new Browser(base());
    HttpResponse<String> page = browser.get("/login");
    assertThat(Browser.csrf(page.body())).isNotBlank();

    HttpResponse<String> withoutToken =
        browser.postWithToken("/login", null, "username", alice, "password", password(alice));
    assertThat(withoutToken.statusCode()).isEqualTo(403);

    HttpResponse<String> login = browser.login(alice, password(alice));
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/admin/projects");
    String cookie =
        login.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("BERTH_SESSION="))
            .findFirst()
            .orElseThrow();
    assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax");

    assertThat(browser.get("/admin/projects").statusCode()).isEqualTo(200);
    HttpResponse<String> postWithoutToken =
        browser.postWithToken("/admin/projects", null, "name", unique("p"));
    assertThat(postWithoutToken.statusCode()).isEqualTo(403);
  }

  @Test
  void login_wrongPassword_isRefused() throws IOException {
    String alice = user("alice");
    HttpResponse<String> login = new Browser(base()).login(alice, "not-the-password");
    assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
  }

  @Test
  void login_neverRedirectsOffSite() throws IOException {
    String alice = user("alice");
    for (String evil :
        List.of(
            "https://evil.example", "//evil.example/x", "/\\evil.example", "http:evil.example")) {
      Browser browser = new Browser(base());
      HttpResponse<String> login = browser.login(alice, password(alice), "continue", evil);
      String location = login.headers().firstValue("Location").orElseThrow();
      assertThat(location).as(evil).doesNotContain("evil").startsWith(base() + "/");
    }
    assertThat(new Browser(base()).get("/login?continue=https://evil.example").body())
        .doesNotContain("evil.example");

    Browser browser = new Browser(base());
    HttpResponse<String> local =
        browser.login(alice, password(alice), "continue", "/admin/account");
    assertThat(local.headers().firstValue("Location").orElseThrow())
        .isEqualTo(base() + "/admin/account");
  }

  @Test
  void membersAndRobotsOfAnotherProject_areNotFound() throws IOException {
    String alice = user("alice");
    String bob = user("bob");
    String carol = user("carol");
    String alices = project(alice, false);
    String bobs = project(bob, false);
    member(bobs, bob, carol, Role.GUEST);
    long bobsMember = memberId(bob, bobs, carol);
    RobotService.CreatedRobot bobsRobot = robot(bobs, bob, EnumSet.of(RepositoryAction.PULL), null);

    Browser browser = signedIn(alice);
    assertThat(
            browser
                .post(
                    "/admin/projects/" + alices + "/members/" + bobsMember + "/role",
                    "role",
                    "owner")
                .statusCode())
        .isEqualTo(404);
    assertThat(
            browser
                .post("/admin/projects/" + alices + "/members/" + bobsMember + "/delete")
                .statusCode())
        .isEqualTo(404);
    assertThat(
            browser
                .post("/admin/projects/" + alices + "/robots/" + bobsRobot.robot().id() + "/delete")
                .statusCode())
        .isEqualTo(404);
    assertThat(
            browser
                .post(
                    "/admin/projects/" + bobs + "/members/" + bobsMember + "/role", "role", "owner")
                .statusCode())
        .isEqualTo(404);
    assertThat(browser.get("/admin/projects/" + bobs).statusCode()).isEqualTo(404);

    assertThat(projects.members(Caller.user(bob), bobs))
        .anySatisfy(m -> assertThat(m).isEqualTo(new MemberView(bobsMember, carol, Role.GUEST)));
    assertThat(robots.list(Caller.user(bob), bobs)).hasSize(1);
  }

  @Test
  void changingOnesOwnRole_isIgnored() throws IOException {
    String owner = user("owner");
    String maintainer = user("maint");
    String project = project(owner, false);
    member(project, owner, maintainer, Role.MAINTAINER);
    projects.addMember(Caller.user(owner), "test", project, owner, Role.GUEST);
    long ownerId = memberId(owner, project, owner);

    Browser browser = signedIn(owner);
    HttpResponse<String> response =
        browser.post(
            "/admin/projects/" + project + "/members/" + ownerId + "/role", "role", "guest");
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(role(owner, project, owner)).isEqualTo(Role.OWNER);

    browser.post(
        "/admin/projects/" + project + "/members/" + memberId(owner, project, maintainer) + "/role",
        "role",
        "developer");
    assertThat(role(owner, project, maintainer)).isEqualTo(Role.DEVELOPER);
  }

  @Test
  void robotSecret_isShownOnceOnCreation() throws IOException {
    String owner = user("owner");
    String project = project(owner, false);
    Browser browser = signedIn(owner);
    HttpResponse<String> created =
        browser.post(
            "/admin/projects/" + project + "/robots",
            "robot",
            "ci",
            "actions",
            "pull",
            "actions",
            "push",
            "expiresInDays",
            "30");
    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(created.body()).contains("robot$" + project + "+ci").contains("id=\"robot-secret\"");
    assertThat(browser.get("/admin/projects/" + project).body())
        .contains("robot$" + project + "+ci")
        .doesNotContain("robot-secret");
  }

  @Test
  void usersPage_isForAdministrators() throws IOException {
    String alice = user("alice");
    assertThat(signedIn(alice).get("/admin/users").statusCode()).isEqualTo(403);
    assertThat(signedIn(alice).get("/admin/audit").statusCode()).isEqualTo(403);

    Browser admin = new Browser(base());
    admin.login("admin", ADMIN_PASSWORD);
    String name = unique("newuser");
    HttpResponse<String> created =
        admin.post("/admin/users", "username", name, "password", "long-enough-pw");
    assertThat(created.statusCode()).isEqualTo(302);
    assertThat(admin.get("/admin/users").body()).contains(name);
    assertThat(
            admin
                .post("/admin/users", "username", unique("weak"), "password", "short")
                .statusCode())
        .isEqualTo(400);

    HttpResponse<String> audit = admin.get("/admin/audit?action=USER_CREATED&actor=admin");
    assertThat(audit.statusCode()).isEqualTo(200);
    assertThat(audit.body()).contains(name);
    assertThat(admin.get("/admin/audit?action=LOGIN_FAILED&actor=admin").body())
        .doesNotContain(name);
  }

  @Test
  void projectPages_createAndMakePublic() throws IOException {
    String alice = user("alice");
    Browser browser = signedIn(alice);
    String name = unique("web");
    HttpResponse<String> created = browser.post("/admin/projects", "name", name);
    assertThat(created.headers().firstValue("Location").orElseThrow())
        .endsWith("/admin/projects/" + name);
    assertThat(browser.get("/admin/projects/" + name).body())
        .contains("id=\"visibility\">private<");
    browser.post("/admin/projects/" + name + "/visibility", "public", "true");
    assertThat(browser.get("/admin/projects/" + name).body()).contains("id=\"visibility\">public<");
    assertThat(browser.post("/admin/projects", "name", "Bad Name").statusCode()).isEqualTo(400);
  }

  private long memberId(String owner, String project, String user) {
    return projects.members(Caller.user(owner), project).stream()
        .filter(m -> m.username().equals(user))
        .findFirst()
        .orElseThrow()
        .id();
  }

  private Role role(String owner, String project, String user) {
    return projects.members(Caller.user(owner), project).stream()
        .filter(m -> m.username().equals(user))
        .findFirst()
        .orElseThrow()
        .role();
  }
}
