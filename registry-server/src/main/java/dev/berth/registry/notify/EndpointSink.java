package dev.berth.registry.notify;

import dev.berth.oci.OciJson;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to one listener: a bounded queue and one thread that POSTs them in order, up to
 * {@link #MAX_BATCH} per envelope, and retries a failed delivery until it succeeds. Nothing on the
 * request path waits for a listener: {@link #offer} only queues.
 */
final class EndpointSink {
  private static final Logger log = LoggerFactory.getLogger(EndpointSink.class);

  /** Events per envelope at most: a listener that was down gets its backlog in pieces. */
  static final int MAX_BATCH = 100;

  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
  private static final Duration DROP_LOG_INTERVAL = Duration.ofSeconds(30);

  private final NotificationProperties.Endpoint endpoint;
  private final LinkedBlockingQueue<RegistryEvent> queue;
  private final HttpClient http;
  private final Thread sender;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private volatile long lastDropLog;
  private volatile boolean stopping;

  EndpointSink(NotificationProperties.Endpoint endpoint) {
    this.endpoint = endpoint;
    this.queue = new LinkedBlockingQueue<>(endpoint.queueSize());
    this.http = HttpClient.newBuilder().connectTimeout(endpoint.timeout()).build();
    this.sender = new Thread(this::run, "berth-notify-" + endpoint.name());
    sender.setDaemon(true);
    sender.start();
    log.info("sending registry events to {} ({})", endpoint.name(), endpoint.url());
  }

  /** Queues the event if this listener wants it; drops it (and says so) when the queue is full. */
  void offer(RegistryEvent event) {
    if (!endpoint.wants(event) || stopping) {
      return;
    }
    if (!queue.offer(event)) {
      long total = dropped.incrementAndGet();
      long now = System.nanoTime();
      if (now - lastDropLog > DROP_LOG_INTERVAL.toNanos()) {
        lastDropLog = now;
        log.warn(
            "event queue for {} is full ({} events): {} events dropped so far",
            endpoint.name(),
            endpoint.queueSize(),
            total);
      }
    }
  }

  /** Events dropped because the queue was full. */
  long dropped() {
    return dropped.get();
  }

  /** Events the listener has acknowledged. */
  long delivered() {
    return delivered.get();
  }

  /**
   * Stops taking events and gives the sender up to {@code grace} to deliver what is queued; what is
   * still queued after that is lost (and counted in the log).
   */
  void stop(Duration grace) throws InterruptedException {
    stopping = true;
    sender.join(Math.max(1, grace.toMillis()));
    if (sender.isAlive()) {
      sender.interrupt();
      sender.join(1000);
    }
    if (!queue.isEmpty()) {
      log.warn(
          "{} events for {} were not delivered before stopping", queue.size(), endpoint.name());
    }
  }

  private void run() {
    List<RegistryEvent> batch = new ArrayList<>();
    try {
      while (!(stopping && queue.isEmpty())) {
        RegistryEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        deliver(batch);
        delivered.addAndGet(batch.size());
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** POSTs the batch until the listener answers 2xx. */
  private void deliver(List<RegistryEvent> batch) throws InterruptedException {
    byte[] body = OciJson.mapper().writeValueAsBytes(new RegistryEvent.Envelope(batch));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint.url())
            .timeout(endpoint.timeout())
            .header("Content-Type", RegistryEvent.ENVELOPE_MEDIA_TYPE)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    endpoint.headers().forEach(request::header);
    HttpRequest built = request.build();
    Duration wait = endpoint.backoff();
    for (int attempt = 1; ; attempt++) {
      String failure;
      try {
        int status = http.send(built, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status >= 200 && status < 300) {
          if (attempt > 1) {
            log.info("{} accepted events again after {} attempts", endpoint.name(), attempt);
          }
          return;
        }
        failure = "answered " + status;
      } catch (IOException e) {
        failure = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      if (attempt == 1 || attempt % 10 == 0) {
        log.warn(
            "could not deliver {} events to {} ({}), attempt {}; retrying in {} ms",
            batch.size(),
            endpoint.name(),
            failure,
            attempt,
            wait.toMillis());
      }
      Thread.sleep(wait.toMillis());
      wait = wait.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait.multipliedBy(2);
    }
  }
}
