package dev.berth.registry.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.RepositoryName;
import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TagImmutabilityTest {
  private static TagImmutability rules(String... rules) {
    return new TagImmutability(
        new RegistryProperties(
            Path.of("unused"), true, false, 0, 0, 0, null, null, null, List.of(rules)));
  }

  private static RepositoryName name(String value) {
    return new RepositoryName(value);
  }

  @Test
  void oneStarStaysInOnePathComponent_twoStarsCrossThem() {
    TagImmutability immutability = rules("release/*:v*", "prod/**:stable");
    assertThat(immutability.covers(name("release/app"), "v1.2.3")).isTrue();
    assertThat(immutability.covers(name("release/app"), "latest")).isFalse();
    assertThat(immutability.covers(name("release/team/app"), "v1")).isFalse();
    assertThat(immutability.covers(name("prod/team/app"), "stable")).isTrue();
    assertThat(immutability.covers(name("prod/app"), "stable")).isTrue();
    assertThat(immutability.covers(name("prod/app"), "stable2")).isFalse();
    assertThat(immutability.covers(name("dev/app"), "stable")).isFalse();
  }

  @Test
  void everyRepository_andSingleCharacterWildcards() {
    TagImmutability immutability = rules(" **:release-? ");
    assertThat(immutability.covers(name("a"), "release-1")).isTrue();
    assertThat(immutability.covers(name("a/b/c"), "release-9")).isTrue();
    assertThat(immutability.covers(name("a/b/c"), "release-10")).isFalse();
  }

  @Test
  void noRules_coverNothing() {
    assertThat(rules().covers(name("release/app"), "v1")).isFalse();
  }

  @Test
  void aCoveredTag_isDeniedWithTheSpecCode_andTheTagInTheDetail() {
    TagImmutability immutability = rules("**:v*");
    immutability.requireMutable(name("a/b"), List.of("latest", "dev"), "deleted");
    assertThatThrownBy(
            () -> immutability.requireMutable(name("a/b"), List.of("latest", "v2"), "deleted"))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.DENIED);
              assertThat(e.getMessage()).contains("tag v2 of a/b is immutable");
            });
  }

  @Test
  void aRuleWithoutBothHalves_stopsTheStartWithTheExpectedForm() {
    for (String bad : List.of("release/**", ":v*", "release/**:", "a:b:c")) {
      assertThatThrownBy(() -> rules(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not REPOSITORY:TAG");
    }
  }
}
