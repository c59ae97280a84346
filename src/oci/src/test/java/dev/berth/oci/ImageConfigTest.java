package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageConfigTest {

  @Test
  void read_historyWithoutEmptyLayerMeansALayerWasMade() {
    String json =
        """
        {"created":"2024-05-06T07:08:09Z","architecture":"amd64","os":"linux",
         "config":{"Env":["A=1"],"Cmd":["/bin/hello"],"Labels":{"k":"v"}},
         "rootfs":{"type":"layers","diff_ids":[]},
         "history":[{"created_by":"COPY a /a"},{"created_by":"ENV A=1","empty_layer":true}]}
        """;

    ImageConfig config =
        OciJson.mapper().readValue(json.getBytes(StandardCharsets.UTF_8), ImageConfig.class);

    assertThat(config.history()).hasSize(2);
    assertThat(config.history().get(0).emptyLayer()).isFalse();
    assertThat(config.history().get(1).emptyLayer()).isTrue();
    assertThat(config.config().cmd()).containsExactly("/bin/hello");
  }
}
