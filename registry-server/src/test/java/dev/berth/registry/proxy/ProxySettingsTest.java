package dev.berth.registry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.RepositoryName;
import dev.berth.registry.config.RegistryProperties.Proxy;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {
  @Test
  void withoutRemote_coversNothing() {
    Proxy off = new Proxy(null, null, null, null, null, null);

    assertThat(off.covers(new RepositoryName("team/app"))).isFalse();
  }

  @Test
  void withoutNamespace_coversEveryRepository_underItsOwnName() {
    Proxy proxy = new Proxy(URI.create("https://mirror.example"), "", null, null, null, null);

    assertThat(proxy.covers(new RepositoryName("team/app"))).isTrue();
    assertThat(proxy.remoteName(new RepositoryName("team/app"))).isEqualTo("team/app");
    assertThat(proxy.remoteName(new RepositoryName("alpine"))).isEqualTo("alpine");
  }

  @Test
  void withNamespace_coversOnlyItsRepositories_withoutThePrefixRemotely() {
    Proxy proxy = new Proxy(URI.create("https://mirror.example"), "hub", null, null, null, null);

    assertThat(proxy.covers(new RepositoryName("hub/team/app"))).isTrue();
    assertThat(proxy.covers(new RepositoryName("hub"))).isFalse();
    assertThat(proxy.covers(new RepositoryName("hubble/app"))).isFalse();
    assertThat(proxy.covers(new RepositoryName("team/app"))).isFalse();
    assertThat(proxy.remoteName(new RepositoryName("hub/team/app"))).isEqualTo("team/app");
  }

  @Test
  void dockerHub_officialImages_getTheLibraryPrefix() {
    Proxy proxy =
        new Proxy(URI.create("https://registry-1.docker.io"), "hub", null, null, null, null);

    assertThat(proxy.remoteName(new RepositoryName("hub/alpine"))).isEqualTo("library/alpine");
    assertThat(proxy.remoteName(new RepositoryName("hub/bitnami/redis")))
        .isEqualTo("bitnami/redis");
  }

  @Test
  void badSettings_areRefusedWithTheirName() {
    assertThatThrownBy(() -> new Proxy(URI.create("ftp://x.example"), null, null, null, null, null))
        .hasMessageContaining("berth.proxy.remote-url");
    assertThatThrownBy(() -> new Proxy(URI.create("x.example:5000"), null, null, null, null, null))
        .hasMessageContaining("berth.proxy.remote-url");
    assertThatThrownBy(
            () -> new Proxy(URI.create("https://x.example"), "a/b", null, null, null, null))
        .hasMessageContaining("berth.proxy.namespace");
    assertThatThrownBy(
            () -> new Proxy(URI.create("https://x.example"), "UPPER", null, null, null, null))
        .hasMessageContaining("berth.proxy.namespace");
  }
}
