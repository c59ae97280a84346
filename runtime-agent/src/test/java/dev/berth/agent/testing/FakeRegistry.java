package dev.berth.agent.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.oci.Digest;
import dev.berth.testkit.TestImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A registry in a few lines of {@code com.sun.net.httpserver}, for what a real registry will not
 * do: serve lying content, drop a download half way, or demand a token from its own token service.
 * Serves manifests by tag or digest and blobs with {@code Range} support; records every request.
 */
public final class FakeRegistry implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
  private final Map<String, String> manifestTypes = new ConcurrentHashMap<>();
  private final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile Function<Digest, Long> truncateBlobAt = d -> null;
  private volatile long throttleMillis;
  private volatile String requiredToken;
  private volatile String tokenCredentials;

  public FakeRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/v2/", this::handle);
    server.createContext("/token", this::token);
    server.start();
  }

  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Serves every blob of {@code image} and its manifest under {@code repository:tag}. */
  public FakeRegistry add(String repository, String tag, TestImage image) {
    image.blobs().forEach(blobs::put);
    byte[] manifest = image.blobs().get(image.manifest().digest());
    putManifest(repository, tag, manifest, image.manifest().mediaType());
    putManifest(
        repository, image.manifest().digest().toString(), manifest, image.manifest().mediaType());
    return this;
  }

  public void putManifest(String repository, String reference, byte[] bytes, String mediaType) {
    manifests.put(repository + "/" + reference, bytes);
    manifestTypes.put(repository + "/" + reference, mediaType);
  }

  public void putBlob(Digest digest, byte[] bytes) {
    blobs.put(digest, bytes);
  }

  /** Makes blob downloads stop (connection dropped) after the returned number of bytes. */
  public void truncateBlobs(Function<Digest, Long> at) {
    truncateBlobAt = at;
  }

  /** Makes blob downloads slow: a pause after every 64 KiB. */
  public void throttleBlobs(long millisPerChunk) {
    throttleMillis = millisPerChunk;
  }

  /**
   * Demands {@code Bearer TOKEN} on /v2/, issued by /token to anyone (when {@code credentials} is
   * null) or only to Basic {@code user:password}.
   */
  public void requireToken(String token, String credentials) {
    requiredToken = token;
    tokenCredentials = credentials;
  }

  /** Every request as {@code METHOD PATH [Range]}. */
  public List<String> requests() {
    return requests;
  }

  private void token(HttpExchange exchange) throws IOException {
    requests.add("GET " + exchange.getRequestURI());
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (tokenCredentials != null) {
      String expected =
          "Basic "
              + java.util.Base64.getEncoder()
                  .encodeToString(tokenCredentials.getBytes(StandardCharsets.UTF_8));
      if (!expected.equals(auth)) {
        send(
            exchange,
            401,
            "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}"
                .getBytes(StandardCharsets.UTF_8),
            "application/json");
        return;
      }
    }
    send(
        exchange,
        200,
        ("{\"token\":\"" + requiredToken + "\",\"expires_in\":300}")
            .getBytes(StandardCharsets.UTF_8),
        "application/json");
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String range = exchange.getRequestHeaders().getFirst("Range");
    requests.add(exchange.getRequestMethod() + " " + path + (range != null ? " " + range : ""));
    if (requiredToken != null
        && !("Bearer " + requiredToken)
            .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      exchange
          .getResponseHeaders()
          .add(
              "WWW-Authenticate",
              "Bearer realm=\"http://"
                  + host()
                  + "/token\",service=\"fake\",scope=\"repository:"
                  + repositoryOf(path)
                  + ":pull\"");
      send(
          exchange,
          401,
          "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"token required\"}]}"
              .getBytes(StandardCharsets.UTF_8),
          "application/json");
      return;
    }
    if (path.equals("/v2/")) {
      send(exchange, 200, "{}".getBytes(StandardCharsets.UTF_8), "application/json");
      return;
    }
    int manifestsAt = path.indexOf("/manifests/");
    int blobsAt = path.indexOf("/blobs/");
    if (manifestsAt > 0) {
      String key = path.substring(4, manifestsAt) + "/" + path.substring(manifestsAt + 11);
      byte[] body = manifests.get(key);
      if (body == null) {
        send(
            exchange,
            404,
            "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}"
                .getBytes(StandardCharsets.UTF_8),
            "application/json");
        return;
      }
      exchange.getResponseHeaders().add("Docker-Content-Digest", Digest.sha256(body).toString());
      send(exchange, 200, body, manifestTypes.get(key));
      return;
    }
    if (blobsAt > 0) {
      Digest digest = Digest.parse(path.substring(blobsAt + 7));
      byte[] body = blobs.get(digest);
      if (body == null) {
        send(
            exchange,
            404,
            "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown\"}]}"
                .getBytes(StandardCharsets.UTF_8),
            "application/json");
        return;
      }
      int start = 0;
      if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
        start = Integer.parseInt(range.substring(6, range.length() - 1));
        exchange
            .getResponseHeaders()
            .add("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
      }
      Long cut = truncateBlobAt.apply(digest);
      exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
      exchange.sendResponseHeaders(start > 0 ? 206 : 200, body.length - start);
      OutputStream out = exchange.getResponseBody();
      if (cut != null && cut > start) {
        out.write(body, start, (int) (cut - start));
        out.flush();
        exchange.close(); // fewer bytes than Content-Length: the client sees a truncated body
        return;
      }
      if (throttleMillis > 0) {
        try {
          for (int at = start; at < body.length; at += 65536) {
            out.write(body, at, Math.min(65536, body.length - at));
            out.flush();
            Thread.sleep(throttleMillis);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
          exchange.close();
          return;
        }
        out.close();
        return;
      }
      out.write(body, start, body.length - start);
      out.close();
      return;
    }
    send(exchange, 404, new byte[0], "text/plain");
  }

  private static String repositoryOf(String path) {
    String rest = path.substring(4);
    int cut = rest.indexOf("/manifests/");
    if (cut < 0) {
      cut = rest.indexOf("/blobs/");
    }
    return cut < 0 ? "" : rest.substring(0, cut);
  }

  private static void send(HttpExchange exchange, int status, byte[] body, String type)
      throws IOException {
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
