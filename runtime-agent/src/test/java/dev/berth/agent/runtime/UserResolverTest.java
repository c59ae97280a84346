package dev.berth.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserResolverTest {
  static final String PASSWD =
      "root:x:0:0:root:/root:/bin/sh\n"
          + "# a comment\n"
          + "app:x:1000:1001:App:/home/app:/bin/sh\n"
          + "web:x:33:33::/var/www:/bin/false\n";
  static final String GROUP = "root:x:0:\napp:x:1001:\nwheel:x:10:app,web\nstaff:x:50:web\n";

  @ParameterizedTest
  @CsvSource({
    "'', 0, 0, /root",
    "root, 0, 0, /root",
    "app, 1000, 1001, /home/app",
    "1000, 1000, 1001, /home/app",
    "4242, 4242, 0, /",
    "app:wheel, 1000, 10, /home/app",
    "app:50, 1000, 50, /home/app",
    "4242:4343, 4242, 4343, /",
    "web:staff, 33, 50, /var/www"
  })
  void resolve_table(String spec, int uid, int gid, String home) {
    UserResolver.ResolvedUser user = UserResolver.resolve(spec, PASSWD, GROUP);
    assertThat(user.uid()).isEqualTo(uid);
    assertThat(user.gid()).isEqualTo(gid);
    assertThat(user.home()).isEqualTo(home);
  }

  @Test
  void resolve_supplementaryGroupsListTheUserByName() {
    assertThat(UserResolver.resolve("web", PASSWD, GROUP).groups()).containsExactly(33, 10, 50);
    assertThat(UserResolver.resolve("app:app", PASSWD, GROUP).groups()).containsExactly(1001);
  }

  @Test
  void resolve_unknownNames() {
    assertThatThrownBy(() -> UserResolver.resolve("nobody", PASSWD, GROUP))
        .hasMessageContaining("unable to find user nobody");
    assertThatThrownBy(() -> UserResolver.resolve("app:nogroup", PASSWD, GROUP))
        .hasMessageContaining("unable to find group nogroup");
    assertThatThrownBy(() -> UserResolver.resolve("app:", PASSWD, GROUP))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UserResolver.resolve("99999999999", "", ""))
        .hasMessageContaining("invalid uid");
  }

  @Test
  void resolve_withoutPasswdFile_numbersStillWork() {
    assertThat(UserResolver.resolve("7:8", "", "").groupArray()).isEqualTo(new int[] {8});
    assertThat(UserResolver.resolve("", "", "").groups()).isEqualTo(List.of(0));
  }
}
