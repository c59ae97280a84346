package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegistryApiHandlerMappingTest {
  @Test
  void pattern_namesTheEndpoint_withoutTheRepositoryOrReference() {
    assertThat(RegistryApiHandlerMapping.pattern("/v2/")).isEqualTo("/v2/");
    assertThat(RegistryApiHandlerMapping.pattern("/v2/_catalog")).isEqualTo("/v2/_catalog");
    assertThat(RegistryApiHandlerMapping.pattern("/v2/team/app/manifests/v1"))
        .isEqualTo("/v2/{name}/manifests/{reference}");
    assertThat(RegistryApiHandlerMapping.pattern("/v2/a/b/c/blobs/sha256:" + "0".repeat(64)))
        .isEqualTo("/v2/{name}/blobs/{digest}");
    assertThat(RegistryApiHandlerMapping.pattern("/v2/team/app/blobs/uploads/"))
        .isEqualTo("/v2/{name}/blobs/uploads/");
    assertThat(RegistryApiHandlerMapping.pattern("/v2/team/app/blobs/uploads/abc"))
        .isEqualTo("/v2/{name}/blobs/uploads/{uuid}");
    assertThat(RegistryApiHandlerMapping.pattern("/v2/team/app/tags/list"))
        .isEqualTo("/v2/{name}/tags/list");
    assertThat(RegistryApiHandlerMapping.pattern("/v2/nothing-here")).isEqualTo("/v2/**");
  }
}
