package dev.berth.registry.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionOrderTest {

  @Test
  void compare_ordersTagsAsVersions() {
    List<String> tags =
        new ArrayList<>(
            List.of(
                "latest",
                "1.10.0",
                "1.9.2",
                "v2.0.0",
                "v2.0.0-rc1",
                "1.9",
                "2.0.0-rc2",
                "edge",
                "1.9.10",
                "0010"));

    tags.sort(VersionOrder.INSTANCE);

    assertThat(tags)
        .containsExactly(
            "1.9",
            "1.9.2",
            "1.9.10",
            "1.10.0",
            "v2.0.0-rc1",
            "2.0.0-rc2",
            "v2.0.0",
            "0010",
            "edge",
            "latest");
  }

  @Test
  void newestFirst_putsNamedTagsThenTheHighestVersionOnTop() {
    List<String> tags = List.of("latest", "1.2", "1.10", "1.2-rc1", "0.9");

    assertThat(VersionOrder.newestFirst(tags))
        .containsExactly("latest", "1.10", "1.2", "1.2-rc1", "0.9");
  }

  @Test
  void tokens_splitsNumbersWordsAndSeparators() {
    assertThat(VersionOrder.tokens("v1.2.3-rc.1+build5"))
        .containsExactly("1", "2", "3", "rc", "1", "build", "5");
    assertThat(VersionOrder.tokens("alpine3.20")).containsExactly("alpine", "3", "20");
  }
}
