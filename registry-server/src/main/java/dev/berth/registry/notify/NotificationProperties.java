package dev.berth.registry.notify;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the registry sends its events ({@code berth.notifications.*}): none by default.
 *
 * @param endpoints the listeners, each with a queue and a sender of its own
 */
@ConfigurationProperties("berth.notifications")
public record NotificationProperties(List<Endpoint> endpoints) {

  public NotificationProperties {
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
  }

  /**
   * One listener: events are POSTed to {@code url} as distribution's envelope, in order, and a
   * failed delivery is retried (after {@code backoff}, doubling up to a minute) until it succeeds.
   *
   * @param name shown in the log; the URL's host when not set
   * @param url the listener, http:// or https://
   * @param headers added to every request, such as {@code Authorization}
   * @param timeout how long one delivery may take (connect and answer)
   * @param backoff the wait after the first failed delivery
   * @param queueSize how many events may wait for this listener; beyond that new ones are dropped
   *     (and counted in the log) rather than holding memory without bound
   * @param ignoredActions actions not sent: {@code push}, {@code pull}, {@code mount}, {@code
   *     delete}
   * @param ignoredMediaTypes media types of targets not sent, such as {@code
   *     application/octet-stream} for blobs
   */
  public record Endpoint(
      String name,
      URI url,
      Map<String, String> headers,
      Duration timeout,
      Duration backoff,
      int queueSize,
      Set<String> ignoredActions,
      Set<String> ignoredMediaTypes) {

    public Endpoint {
      if (url == null
          || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
          || url.getHost() == null) {
        throw new IllegalArgumentException(
            "berth.notifications.endpoints[].url must be an http:// or https:// URL, not " + url);
      }
      name = name == null || name.isBlank() ? url.getHost() : name;
      headers = headers == null ? Map.of() : Map.copyOf(headers);
      timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
      backoff = backoff == null ? Duration.ofSeconds(1) : backoff;
      queueSize = queueSize <= 0 ? 10_000 : queueSize;
      ignoredActions = ignoredActions == null ? Set.of() : Set.copyOf(ignoredActions);
      for (String action : ignoredActions) {
        EventAction.parse(action);
      }
      ignoredMediaTypes = ignoredMediaTypes == null ? Set.of() : Set.copyOf(ignoredMediaTypes);
    }

    /** Whether this listener wants the event. */
    boolean wants(RegistryEvent event) {
      return !ignoredActions.contains(event.action().wireName())
          && (event.target().mediaType() == null
              || !ignoredMediaTypes.contains(event.target().mediaType()));
    }
  }
}
