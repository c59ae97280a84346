package dev.berth.registry.proxy;

import dev.berth.oci.RepositoryName;
import dev.berth.oci.distribution.Credentials;
import dev.berth.oci.distribution.RegistryClient;
import dev.berth.oci.distribution.RegistryClientException;
import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The registry a pull-through cache mirrors: one client per remote repository, kept (with the token
 * it was given) for the next pull of the same repository.
 */
@Component
class RemoteRegistry {
  private static final int CLIENTS_KEPT = 256;

  private final RegistryProperties.Proxy settings;
  // Made on first use: with no remote configured, the JDK's HTTP client (its classes and selector
  // thread, some 10 MiB resident) is never loaded.
  private HttpClient http;
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

  /** True when {@code repository} mirrors the remote registry. */
  boolean mirrors(RepositoryName repository) {
    return settings.covers(repository);
  }

  /** The client for the remote repository that {@code repository} mirrors. */
  RegistryClient mirrorOf(RepositoryName repository) {
    String name = settings.remoteName(repository);
    synchronized (clients) {
      return clients.computeIfAbsent(name, this::newClient);
    }
  }

  /**
   * The API error for a failed fetch of {@code what}: {@code notFound} when the remote does not
   * have it, TOOMANYREQUESTS when it limits requests, else UNAVAILABLE with its reason.
   */
  RegistryException failure(String what, IOException e, Supplier<RegistryException> notFound) {
    int status = e instanceof RegistryClientException remoteError ? remoteError.status() : 0;
    if (status == 404) {
      return notFound.get();
    }
    if (status == 429) {
      return new RegistryException(
          ErrorCode.TOOMANYREQUESTS, describe() + " limits requests: " + e.getMessage());
    }
    return new RegistryException(
        ErrorCode.UNAVAILABLE,
        "cannot fetch " + what + " from " + describe() + ": " + e.getMessage());
  }

  /** The remote registry as messages name it. */
  String describe() {
    return settings.remoteUrl().toString();
  }

  private RegistryClient newClient(String name) {
    if (http == null) {
      http = RegistryClient.newHttpClient();
    }
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
