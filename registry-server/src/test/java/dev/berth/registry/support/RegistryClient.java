package dev.berth.registry.support;

import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small HTTP client for the distribution API, for tests that drive a running server. */
public final class RegistryClient {
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;

  public RegistryClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public HttpResponse<byte[]> send(
      String method, String path, BodyPublisher body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .method(method, body);
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return http.send(request.build(), BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<byte[]> send(String method, String path, String... headers) {
    return send(method, path, BodyPublishers.noBody(), headers);
  }

  public HttpResponse<byte[]> get(String path, String... headers) {
    return send("GET", path, headers);
  }

  public HttpResponse<byte[]> head(String path) {
    return send("HEAD", path);
  }

  public HttpResponse<byte[]> delete(String path) {
    return send("DELETE", path);
  }

  /** Pushes a blob monolithically and returns its digest. */
  public Digest pushBlob(String repository, byte[] content) {
    Digest digest = Digest.sha256(content);
    HttpResponse<byte[]> response =
        send(
            "POST",
            "/v2/" + repository + "/blobs/uploads/?digest=" + digest,
            BodyPublishers.ofByteArray(content),
            "Content-Type",
            "application/octet-stream");
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "blob push failed: " + response.statusCode() + " " + text(response));
    }
    return digest;
  }

  /** Pushes a manifest and returns the response. */
  public HttpResponse<byte[]> putManifest(
      String repository, String reference, String mediaType, byte[] content) {
    return send(
        "PUT",
        "/v2/" + repository + "/manifests/" + reference,
        BodyPublishers.ofByteArray(content),
        "Content-Type",
        mediaType);
  }

  public static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }
}
