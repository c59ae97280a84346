package dev.berth.registry.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EndpointSinkTest {
  private RecordingListener listener;
  private EndpointSink sink;

  @BeforeEach
  void listen() throws Exception {
    listener = new RecordingListener();
  }

  @AfterEach
  void close() throws Exception {
    if (sink != null) {
      sink.stop(Duration.ofSeconds(2));
    }
    listener.close();
  }

  private EndpointSink sink(Set<String> ignoredActions, Set<String> ignoredMediaTypes, int queue) {
    return new EndpointSink(
        new NotificationProperties.Endpoint(
            "test",
            listener.url(),
            Map.of("Authorization", "Bearer s3cret"),
            Duration.ofSeconds(2),
            Duration.ofMillis(50),
            queue,
            ignoredActions,
            ignoredMediaTypes));
  }

  private static RegistryEvent event(String id, EventAction action, String mediaType) {
    return new RegistryEvent(
        id,
        "2026-11-30T00:00:00Z",
        action,
        new RegistryEvent.Target(
            mediaType, 3L, "sha256:" + "a".repeat(64), 3L, "team/app", null, "http://x", "v1"),
        new RegistryEvent.Request("r1", "127.0.0.1", "localhost:5000", "PUT", "skopeo/1.9"),
        new RegistryEvent.Actor(null),
        new RegistryEvent.Source("host:5000", "instance"));
  }

  @Test
  void deliversEventsInOrder_asDistributionsEnvelope_withTheConfiguredHeaders() throws Exception {
    sink = sink(Set.of(), Set.of(), 100);
    for (int i = 0; i < 5; i++) {
      sink.offer(event("e" + i, EventAction.PUSH, "application/octet-stream"));
    }

    listener.await(e -> e.get("id").asString().equals("e4"), Duration.ofSeconds(10));

    List<JsonNode> events = listener.events();
    assertThat(events)
        .extracting(e -> e.get("id").asString())
        .containsExactly("e0", "e1", "e2", "e3", "e4");
    JsonNode first = events.get(0);
    assertThat(first.get("action").asString()).isEqualTo("push");
    assertThat(first.get("target").get("digest").asString()).isEqualTo("sha256:" + "a".repeat(64));
    assertThat(first.get("target").get("size").asLong()).isEqualTo(3);
    assertThat(first.get("target").get("length").asLong()).isEqualTo(3);
    assertThat(first.get("target").has("fromRepository")).isFalse();
    assertThat(first.get("request").get("useragent").asString()).isEqualTo("skopeo/1.9");
    assertThat(first.get("source").get("instanceID").asString()).isEqualTo("instance");
    assertThat(listener.deliveries())
        .allSatisfy(
            d -> {
              assertThat(d.contentType())
                  .isEqualTo("application/vnd.docker.distribution.events.v1+json");
              assertThat(d.authorization()).isEqualTo("Bearer s3cret");
            });
  }

  @Test
  void aFailedDelivery_isRetriedUntilTheListenerTakesIt_andNothingIsLostOrDuplicated()
      throws Exception {
    listener.failNext(3, 503);
    sink = sink(Set.of(), Set.of(), 100);
    sink.offer(event("only", EventAction.PUSH, "application/octet-stream"));

    listener.await(e -> e.get("id").asString().equals("only"), Duration.ofSeconds(10));

    assertThat(listener.attempts()).isEqualTo(4);
    assertThat(listener.events()).hasSize(1);
    // The listener has the event before the sender has read its answer and counted it.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (sink.delivered() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(sink.delivered()).isEqualTo(1);
  }

  @Test
  void ignoredActionsAndMediaTypes_areNotSent() throws Exception {
    sink = sink(Set.of("pull"), Set.of("application/octet-stream"), 100);
    sink.offer(event("pulled", EventAction.PULL, "application/vnd.oci.image.manifest.v1+json"));
    sink.offer(event("blob", EventAction.PUSH, "application/octet-stream"));
    sink.offer(event("kept", EventAction.PUSH, "application/vnd.oci.image.manifest.v1+json"));

    listener.await(e -> e.get("id").asString().equals("kept"), Duration.ofSeconds(10));

    assertThat(listener.events()).extracting(e -> e.get("id").asString()).containsExactly("kept");
  }

  @Test
  void aFullQueue_dropsNewEvents_andCountsThem_andDeliversTheRestOnceTheListenerIsBack()
      throws Exception {
    listener.failNext(Integer.MAX_VALUE, 500);
    sink = sink(Set.of(), Set.of(), 2);
    for (int i = 0; i < 10; i++) {
      sink.offer(event("e" + i, EventAction.PUSH, "application/octet-stream"));
    }
    // the queue holds two, the sender at most the three it took at once: the rest were dropped
    long dropped = sink.dropped();
    assertThat(dropped).isBetween(5L, 8L);

    listener.failNext(0, 500);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (sink.delivered() + dropped < 10 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }

    assertThat(sink.delivered()).isEqualTo(10 - dropped);
    assertThat(listener.events()).hasSize((int) (10 - dropped));
    assertThat(listener.events().get(0).get("id").asString()).isEqualTo("e0");
  }

  @Test
  void settings_areChecked() {
    assertThatThrownBy(
            () ->
                new NotificationProperties.Endpoint(
                    null, URI.create("ftp://x/"), null, null, null, 0, null, null))
        .hasMessageContaining("http:// or https://");
    assertThatThrownBy(
            () ->
                new NotificationProperties.Endpoint(
                    null, URI.create("http://x/"), null, null, null, 0, Set.of("fetch"), null))
        .hasMessageContaining("unknown event action 'fetch'");
    NotificationProperties.Endpoint defaults =
        new NotificationProperties.Endpoint(
            null, URI.create("http://hooks.example:8080/x"), null, null, null, 0, null, null);
    assertThat(defaults.name()).isEqualTo("hooks.example");
    assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.backoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(defaults.queueSize()).isEqualTo(10_000);
  }
}
