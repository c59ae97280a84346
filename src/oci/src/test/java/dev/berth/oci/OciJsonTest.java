package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OciJsonTest {
  @Test
  void nullForAPrimitive_readsAsTheDefault() {
    String json =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"history\":"
            + "[{\"created_by\":\"podman import\",\"empty_layer\":null}]}";
    ImageConfig config = OciJson.mapper().readValue(json, ImageConfig.class);
    assertThat(config.history()).singleElement().matches(h -> !h.emptyLayer());
  }
}
