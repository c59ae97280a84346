package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryNameTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "library/alpine", "team/app", "a.b_c__d-e--f/g", "x/y/z/w", "0/1"})
  void isValid_acceptsGrammar(String name) {
    assertThat(RepositoryName.isValid(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "../x", "x/../y", "/x", "x/", "x//y", "X", "a___b", "a.", "-a", "a/.b", "a%2fb", "a b"
      })
  void isValid_rejectsEverythingElse(String name) {
    assertThat(RepositoryName.isValid(name)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"team/app,team,team", "alpine,alpine,''", "a/b/c,a,a/b"})
  void projectAndNamespace(String name, String project, String namespace) {
    RepositoryName repository = new RepositoryName(name);
    assertThat(repository.project()).isEqualTo(project);
    assertThat(repository.namespace()).isEqualTo(namespace);
  }

  @ParameterizedTest
  @CsvSource({"latest,true", "v1.0.0-rc_1,true", "_x,true", ".x,false", "-x,false", "'',false"})
  void tagGrammar(String tag, boolean valid) {
    assertThat(Tag.isValid(tag)).isEqualTo(valid);
  }
}
