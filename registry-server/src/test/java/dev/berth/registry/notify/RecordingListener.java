package dev.berth.registry.notify;

import com.sun.net.httpserver.HttpServer;
import dev.berth.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * A notification listener on 127.0.0.1 for tests: records every delivery (headers and envelope) and
 * can be told to fail the next few with a status.
 */
public final class RecordingListener implements AutoCloseable {
  /** One POST as received. */
  public record Delivery(String contentType, String authorization, JsonNode envelope) {
    public List<JsonNode> events() {
      List<JsonNode> events = new ArrayList<>();
      envelope.get("events").forEach(events::add);
      return events;
    }
  }

  private final HttpServer server;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile int failureStatus = 503;

  public RecordingListener() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/events",
        exchange -> {
          attempts.incrementAndGet();
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.sendResponseHeaders(failureStatus, -1);
            exchange.close();
            return;
          }
          deliveries.add(
              new Delivery(
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  OciJson.mapper().readTree(body)));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  /** A listener, for static fields (an I/O failure becomes an unchecked one). */
  public static RecordingListener unchecked() {
    try {
      return new RecordingListener();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/events");
  }

  /** The next {@code count} deliveries are answered with {@code status} (and not recorded). */
  public void failNext(int count, int status) {
    failureStatus = status;
    failuresLeft.set(count);
  }

  /** POSTs received, failed ones included. */
  public int attempts() {
    return attempts.get();
  }

  public List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** Every event received so far, in order. */
  public List<JsonNode> events() {
    List<JsonNode> events = new ArrayList<>();
    deliveries.forEach(d -> events.addAll(d.events()));
    return events;
  }

  /** Waits until an event matching {@code match} arrived, and returns it. */
  public JsonNode await(Predicate<JsonNode> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode event : events()) {
        if (match.test(event)) {
          return event;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no matching event within " + timeout + "; received " + events());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
