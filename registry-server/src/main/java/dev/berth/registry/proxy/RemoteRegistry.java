package dev.berth.registry.proxy;

import dev.berth.oci.distribution.Credentials;
import dev.berth.oci.distribution.RegistryClient;
import dev.berth.registry.config.RegistryProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The registry a pull-through cache mirrors: one client per remote repository, kept (with the token
 * it was given) for the next pull of the same repository.
 */
@Component
class RemoteRegistry {
  private static final int CLIENTS_KEPT = 256;

  private final RegistryProperties.Proxy settings;
  private final HttpClient http = RegistryClient.newHttpClient();
  private final Map<String, RegistryClient> clients =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RegistryClient> eldest) {
          return size() > CLIENTS_KEPT;
        }
      };

  RemoteRegistry(RegistryProperties properties) {
    this.settings = properties.proxy();
  }

  /** The client for {@code name}, a repository of the remote registry. */
  RegistryClient repository(String name) {
    synchronized (clients) {
      return clients.computeIfAbsent(name, this::newClient);
    }
  }

  /** The remote registry as messages name it. */
  String describe() {
    return settings.remoteUrl().toString();
  }

  private RegistryClient newClient(String name) {
    String url = settings.remoteUrl().toString();
    URI base = URI.create((url.endsWith("/") ? url : url + "/") + "v2/");
    Optional<Credentials> credentials =
        settings.username() == null
            ? Optional.empty()
            : Optional.of(
                new Credentials(
                    settings.username(), settings.password() == null ? "" : settings.password()));
    return new RegistryClient(
        http,
        settings.remoteUrl().getAuthority(),
        base,
        name,
        () -> credentials,
        new RegistryClient.Advice(
            "set berth.proxy.username and berth.proxy.password for %s",
            "add the CA that signed %s's certificate to the JVM's trust store"));
  }
}
