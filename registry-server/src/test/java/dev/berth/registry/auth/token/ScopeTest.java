package dev.berth.registry.auth.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeTest {
  @Test
  void parseAll_repositoryWithSeveralActions() {
    assertThat(Scope.parseAll(List.of("repository:team/app:pull,push")))
        .containsExactly(new Scope("repository", "team/app", Set.of("pull", "push")));
  }

  @Test
  void parseAll_spaceSeparatedOAuthForm() {
    assertThat(Scope.parseAll(List.of("repository:a/b:pull registry:catalog:*")))
        .containsExactly(
            new Scope("repository", "a/b", Set.of("pull")),
            new Scope("registry", "catalog", Set.of("*")));
  }

  @Test
  void parseAll_dropsResourceClass() {
    assertThat(Scope.parseAll(List.of("repository(plugin):team/app:pull")))
        .containsExactly(new Scope("repository", "team/app", Set.of("pull")));
  }

  @Test
  void parseAll_nameWithPortKeepsColons() {
    assertThat(Scope.parseAll(List.of("repository:host:5000/app:pull")))
        .containsExactly(new Scope("repository", "host:5000/app", Set.of("pull")));
  }

  @Test
  void parseAll_skipsMalformed() {
    assertThat(Scope.parseAll(List.of("repository", "repository:app", "repository:app:", ":a:b")))
        .isEmpty();
  }
}
