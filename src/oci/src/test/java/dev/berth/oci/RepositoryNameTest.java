package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
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

  /** The spec's grammar as a regular expression: the hand-written scan must agree with it. */
  private static final Pattern SPEC_GRAMMAR =
      Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");

  @Test
  void isValid_agreesWithTheSpecGrammar_onAHundredThousandRandomNames() {
    char[] alphabet = {'a', 'z', '0', '9', '.', '_', '-', '/', 'A', ' '};
    Random random = new Random(7);
    for (int n = 0; n < 100_000; n++) {
      char[] name = new char[1 + random.nextInt(12)];
      for (int i = 0; i < name.length; i++) {
        name[i] = alphabet[random.nextInt(alphabet.length)];
      }
      String candidate = new String(name);
      assertThat(RepositoryName.isValid(candidate))
          .as(candidate)
          .isEqualTo(SPEC_GRAMMAR.matcher(candidate).matches());
    }
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
