package dev.berth.registry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The watchdog against a real HTTP server that stops sending, read through the JDK's client. */
class StallWatchdogTest {
  private static final int DECLARED = 1000;
  private static final int SENT_BEFORE_STALL = 10;

  private HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/stalls",
        exchange -> {
          exchange.sendResponseHeaders(200, DECLARED);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(new byte[SENT_BEFORE_STALL]);
            out.flush();
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.createContext(
        "/whole",
        exchange -> {
          exchange.sendResponseHeaders(200, DECLARED);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(new byte[DECLARED]);
          }
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    server.stop(0);
  }

  @Test
  void aReadWaitingLongerThanTheTimeout_fails() throws Exception {
    StallWatchdog watchdog = new StallWatchdog(Duration.ofMillis(400));

    try (InputStream in = watchdog.watch(open("/stalls"), "blob x")) {
      assertThat(in.readNBytes(SENT_BEFORE_STALL)).hasSize(SENT_BEFORE_STALL);
      long start = System.nanoTime();
      assertThatThrownBy(in::read)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("blob x: no bytes from the remote registry");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void timeBetweenReads_doesNotCount() throws Exception {
    StallWatchdog watchdog = new StallWatchdog(Duration.ofMillis(200));

    try (InputStream in = watchdog.watch(open("/whole"), "blob y")) {
      assertThat(in.readNBytes(1)).hasSize(1);
      Thread.sleep(1000); // a slow client: the watchdog looks several times meanwhile
      assertThat(in.readAllBytes()).hasSize(DECLARED - 1);
    }
  }

  private InputStream open(String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream())
        .body();
  }
}
