package dev.berth.oci.distribution;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.oci.MediaType;
import dev.berth.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;

/**
 * Pulls manifests and blobs of one repository over the OCI distribution API, answering
 * authentication challenges: Docker token auth (anonymous, or with Basic credentials at the token
 * endpoint) and plain Basic. Redirects are followed by hand, without the {@code Authorization}
 * header, because blob redirects point at storage that rejects foreign credentials.
 *
 * <p>Thread-safe: layers are fetched in parallel through one client.
 *
 * @see <a
 *     href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pull">distribution-spec
 *     pull</a>
 * @see <a href="https://distribution.github.io/distribution/spec/auth/token/">token
 *     authentication</a>
 */
public final class RegistryClient {
  /** Manifests larger than this are refused, as in containerd and the reference registry. */
  public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  private static final String ACCEPT_MANIFESTS =
      String.join(
          ", ",
          MediaType.OCI_INDEX,
          MediaType.OCI_MANIFEST,
          MediaType.DOCKER_MANIFEST_LIST,
          MediaType.DOCKER_MANIFEST);
  private static final int MAX_REDIRECTS = 5;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http;
  private final URI base;
  private final String registry;
  private final String repository;
  private final Supplier<Optional<Credentials>> credentials;
  private final Advice advice;
  private final ConcurrentHashMap<String, String> authorization = new ConcurrentHashMap<>();

  /**
   * What to tell the user when a registry wants credentials that were not given, or presents a
   * certificate nobody vouches for: each is a format with one {@code %s}, the registry.
   *
   * @param login how to give credentials, such as {@code "run 'berth login %s'"}
   * @param privateCa where a private CA's certificate goes
   */
  public record Advice(String login, String privateCa) {
    /** Advice that adds nothing to the registry's own words. */
    public static Advice none() {
      return new Advice("", "");
    }

    String login(String registry) {
      return login.isEmpty() ? "" : "; " + String.format(login, registry);
    }

    String privateCa(String registry) {
      return privateCa.isEmpty() ? "" : "; " + String.format(privateCa, registry);
    }
  }

  /**
   * @param http the shared client; must not follow redirects itself
   * @param registry host[:port] as in the reference
   * @param apiHost host[:port] serving the API (differs for Docker Hub)
   * @param repository repository path, or null for registry-wide calls (login)
   * @param plainHttp use {@code http://} (only for registries marked insecure)
   * @param credentials looked up lazily, when a challenge asks for them
   * @param advice added to authentication and TLS errors
   */
  public RegistryClient(
      HttpClient http,
      String registry,
      String apiHost,
      String repository,
      boolean plainHttp,
      Supplier<Optional<Credentials>> credentials,
      Advice advice) {
    this(
        http,
        registry,
        URI.create((plainHttp ? "http://" : "https://") + apiHost + "/v2/"),
        repository,
        credentials,
        advice);
  }

  /**
   * A client for a registry whose API is at {@code base} (such as {@code https://host/v2/}).
   *
   * @param registry how messages name the registry
   */
  public RegistryClient(
      HttpClient http,
      String registry,
      URI base,
      String repository,
      Supplier<Optional<Credentials>> credentials,
      Advice advice) {
    this.http = http;
    this.registry = registry;
    this.repository = repository;
    this.base = base;
    this.credentials = credentials;
    this.advice = advice;
  }

  /** A client suitable for registries: HTTP/1.1, redirects handled by {@link RegistryClient}. */
  public static HttpClient newHttpClient() {
    return builder().build();
  }

  /** {@link #newHttpClient()} with its own TLS context (a registry's own authorities). */
  public static HttpClient newHttpClient(SSLContext tls) {
    return builder().sslContext(tls).build();
  }

  private static HttpClient.Builder builder() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(15));
  }

  /** Fetches a manifest by tag or digest, verifying a digest reference against the bytes. */
  public FetchedManifest manifest(String reference) throws IOException {
    URI uri = base.resolve(requireRepository() + "/manifests/" + reference);
    HttpResponse<InputStream> response =
        send(
            HttpRequest.newBuilder(uri).header("Accept", ACCEPT_MANIFESTS),
            uri,
            "manifest " + reference);
    byte[] bytes;
    try (InputStream body = response.body()) {
      bytes = body.readNBytes(MAX_MANIFEST_BYTES + 1);
    }
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw new RegistryClientException(
          response.statusCode(), "manifest " + reference + " is larger than " + MAX_MANIFEST_BYTES);
    }
    DigestAlgorithm algorithm =
        Digest.isValid(reference) ? Digest.parse(reference).algorithm() : DigestAlgorithm.SHA256;
    Digest actual = Digest.of(algorithm, bytes);
    if (Digest.isValid(reference) && !actual.equals(Digest.parse(reference))) {
      throw new RegistryClientException(
          response.statusCode(),
          "manifest " + reference + " from " + registry + " has digest " + actual);
    }
    Optional<String> served = response.headers().firstValue("Docker-Content-Digest");
    if (served.isPresent()
        && Digest.isValid(served.get())
        && Digest.parse(served.get()).algorithm() == algorithm
        && !Digest.parse(served.get()).equals(actual)) {
      throw new RegistryClientException(
          response.statusCode(),
          "manifest "
              + reference
              + ": Docker-Content-Digest "
              + served.get()
              + " but body is "
              + actual);
    }
    return new FetchedManifest(bytes, mediaTypeOf(response, bytes), actual);
  }

  /** Fetches a small blob (a config) into memory; the caller verifies it. */
  public byte[] smallBlob(Descriptor descriptor) throws IOException {
    if (descriptor.size() > MAX_MANIFEST_BYTES) {
      throw new RegistryClientException(0, "config " + descriptor.digest() + " is too large");
    }
    BlobResponse response = blob(descriptor.digest(), 0);
    try (InputStream body = response.body()) {
      return body.readNBytes((int) descriptor.size() + 1);
    }
  }

  /** Opens a blob download, from {@code offset} when the registry supports ranges. */
  public BlobResponse blob(Digest digest, long offset) throws IOException {
    URI uri = base.resolve(requireRepository() + "/blobs/" + digest);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    if (offset > 0) {
      request.header("Range", "bytes=" + offset + "-");
    }
    HttpResponse<InputStream> response = send(request, uri, "blob " + digest);
    long start = 0;
    if (response.statusCode() == 206) {
      start = rangeStart(response);
      if (start != offset) {
        response.body().close();
        throw new RegistryClientException(
            206, "blob " + digest + ": server sent a range starting at " + start);
      }
    }
    return new BlobResponse(
        response.body(), start, response.headers().firstValueAsLong("Content-Length").orElse(-1));
  }

  /**
   * The digest the registry gives for a manifest reference ({@code HEAD}), without downloading the
   * manifest; empty when it answers without {@code Docker-Content-Digest}.
   */
  public Optional<Digest> manifestDigest(String reference) throws IOException {
    URI uri = base.resolve(requireRepository() + "/manifests/" + reference);
    HttpResponse<InputStream> response =
        send(
            HttpRequest.newBuilder(uri).header("Accept", ACCEPT_MANIFESTS),
            uri,
            "manifest " + reference,
            "HEAD");
    response.body().close();
    return response
        .headers()
        .firstValue("Docker-Content-Digest")
        .filter(Digest::isValid)
        .map(Digest::parse);
  }

  /**
   * One page of the repository's tags, in the registry's order.
   *
   * @param n the page size to ask for, or 0 to leave it to the registry
   * @param last the last tag of the previous page, or null for the first page
   */
  public TagPage tags(int n, String last) throws IOException {
    StringBuilder query = new StringBuilder();
    if (n > 0) {
      query.append("?n=").append(n);
    }
    if (last != null && !last.isEmpty()) {
      query
          .append(query.length() == 0 ? '?' : '&')
          .append("last=")
          .append(URLEncoder.encode(last, StandardCharsets.UTF_8));
    }
    URI uri = base.resolve(requireRepository() + "/tags/list" + query);
    HttpResponse<InputStream> response = send(HttpRequest.newBuilder(uri), uri, "tag list");
    JsonNode body;
    try (InputStream in = response.body()) {
      body = OciJson.mapper().readTree(in.readNBytes(MAX_MANIFEST_BYTES + 1));
    } catch (tools.jackson.core.JacksonException e) {
      throw new RegistryClientException(200, registry + " sent a tag list that is not JSON");
    }
    List<String> tags = new java.util.ArrayList<>();
    for (JsonNode tag : body.path("tags")) {
      tags.add(tag.asString(""));
    }
    boolean more =
        response.headers().allValues("Link").stream()
            .anyMatch(link -> link.contains("rel=\"next\""));
    return new TagPage(List.copyOf(tags), more);
  }

  /**
   * A page of a tag list.
   *
   * @param more whether the registry offered a next page ({@code Link: <…>; rel="next"})
   */
  public record TagPage(List<String> tags, boolean more) {}

  /** A blob's size ({@code HEAD}); -1 when the registry does not declare it. */
  public long blobSize(Digest digest) throws IOException {
    URI uri = base.resolve(requireRepository() + "/blobs/" + digest);
    HttpResponse<InputStream> response =
        send(HttpRequest.newBuilder(uri), uri, "blob " + digest, "HEAD");
    response.body().close();
    return response.headers().firstValueAsLong("Content-Length").orElse(-1);
  }

  /** Checks that the registry accepts our credentials ({@code GET /v2/}), for login. */
  public void checkAccess() throws IOException {
    HttpResponse<InputStream> response = send(HttpRequest.newBuilder(base), base, "registry");
    response.body().close();
  }

  private String requireRepository() {
    if (repository == null) {
      throw new IllegalStateException("this client has no repository");
    }
    return repository;
  }

  private HttpResponse<InputStream> send(HttpRequest.Builder request, URI uri, String what)
      throws IOException {
    return send(request, uri, what, "GET");
  }

  private HttpResponse<InputStream> send(
      HttpRequest.Builder request, URI uri, String what, String method) throws IOException {
    String scope = repository == null ? "" : "repository:" + repository + ":pull";
    String auth = authorization.get(scope);
    HttpResponse<InputStream> response = sendFollowing(request, uri, auth, method);
    if (response.statusCode() == 401) {
      String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
      response.body().close();
      auth = authenticate(AuthChallenge.parse(challenge), scope);
      authorization.put(scope, auth);
      response = sendFollowing(request, uri, auth, method);
      if (response.statusCode() == 401) {
        String errors = errorText(response);
        throw new RegistryAuthenticationException(
            401, registry + " refused the credentials for " + what + errors);
      }
    }
    int status = response.statusCode();
    if (status == 200 || status == 206) {
      return response;
    }
    String errors = errorText(response);
    if (status == 403) {
      throw new RegistryAuthenticationException(
          403, registry + " denied access to " + what + errors);
    }
    if (status == 404) {
      throw new RegistryClientException(
          404, what + " not found in " + registry + "/" + repository + errors);
    }
    throw new RegistryClientException(
        status, registry + " answered " + status + " for " + what + errors);
  }

  private HttpResponse<InputStream> sendFollowing(
      HttpRequest.Builder request, URI uri, String auth, String method) throws IOException {
    HttpRequest.BodyPublisher none = HttpRequest.BodyPublishers.noBody();
    HttpRequest.Builder current = request.copy().uri(uri).timeout(TIMEOUT).method(method, none);
    if (auth != null) {
      current.setHeader("Authorization", auth);
    }
    URI at = uri;
    for (int hop = 0; ; hop++) {
      HttpResponse<InputStream> response = exchange(current.build());
      int status = response.statusCode();
      if (status < 300 || status >= 400 || status == 304) {
        return response;
      }
      Optional<String> location = response.headers().firstValue("Location");
      response.body().close();
      if (location.isEmpty() || hop >= MAX_REDIRECTS) {
        throw new RegistryClientException(status, "bad redirect from " + at);
      }
      at = at.resolve(location.get());
      // the redirect target gets the Range but never our Authorization
      HttpRequest.Builder next = HttpRequest.newBuilder(at).timeout(TIMEOUT).method(method, none);
      request.build().headers().firstValue("Range").ifPresent(r -> next.header("Range", r));
      current = next;
    }
  }

  private String authenticate(List<AuthChallenge> challenges, String scope) throws IOException {
    for (AuthChallenge challenge : challenges) {
      if (challenge.scheme().equals("bearer") && challenge.parameter("realm") != null) {
        return "Bearer " + token(challenge, scope);
      }
    }
    for (AuthChallenge challenge : challenges) {
      if (challenge.scheme().equals("basic")) {
        Credentials found =
            credentials
                .get()
                .orElseThrow(
                    () ->
                        new RegistryAuthenticationException(
                            401, registry + " requires a login" + advice.login(registry)));
        return "Basic " + found.encode();
      }
    }
    throw new RegistryAuthenticationException(
        401, registry + " asked for authentication without a usable challenge");
  }

  private String token(AuthChallenge challenge, String scope) throws IOException {
    StringBuilder query = new StringBuilder();
    String service = challenge.parameter("service");
    if (service != null) {
      query.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
    }
    String challengeScope = challenge.parameter("scope");
    for (String s : (challengeScope != null ? challengeScope : scope).split(" ")) {
      if (s.isEmpty()) {
        continue;
      }
      query
          .append(query.length() > 0 ? "&" : "")
          .append("scope=")
          .append(URLEncoder.encode(s, StandardCharsets.UTF_8));
    }
    String realm = challenge.parameter("realm");
    URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
    Optional<Credentials> found = credentials.get();
    found.ifPresent(c -> request.header("Authorization", "Basic " + c.encode()));
    HttpResponse<InputStream> response = exchange(request.build());
    if (response.statusCode() != 200) {
      String errors = errorText(response);
      throw new RegistryAuthenticationException(
          response.statusCode(),
          "token service "
              + uri.getHost()
              + " refused "
              + (found.isPresent() ? "the credentials" : "anonymous access")
              + " for "
              + registry
              + " ("
              + response.statusCode()
              + ")"
              + errors
              + (found.isPresent() ? "" : advice.login(registry)));
    }
    JsonNode body;
    try (InputStream in = response.body()) {
      body = OciJson.mapper().readTree(in.readNBytes(1 << 20));
    } catch (tools.jackson.core.JacksonException e) {
      throw new RegistryClientException(
          200, "token service " + uri.getHost() + " sent invalid JSON");
    }
    String token = body.path("token").asString("");
    if (token.isEmpty()) {
      token = body.path("access_token").asString("");
    }
    if (token.isEmpty()) {
      throw new RegistryClientException(200, "token service " + uri.getHost() + " sent no token");
    }
    return token;
  }

  private HttpResponse<InputStream> exchange(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while talking to " + registry);
    } catch (java.net.ConnectException e) {
      throw new RegistryClientException(
          0,
          "cannot connect to "
              + request.uri().getScheme()
              + "://"
              + request.uri().getAuthority()
              + ": "
              + e);
    } catch (javax.net.ssl.SSLHandshakeException e) {
      throw new RegistryClientException(
          0,
          request.uri().getAuthority()
              + ": the TLS handshake failed ("
              + e.getMessage()
              + ")"
              + advice.privateCa(registry));
    }
  }

  private static long rangeStart(HttpResponse<InputStream> response)
      throws RegistryClientException {
    String range = response.headers().firstValue("Content-Range").orElse("");
    // bytes START-END/TOTAL
    try {
      String spec = range.substring(range.indexOf(' ') + 1);
      return Long.parseLong(spec.substring(0, spec.indexOf('-')));
    } catch (RuntimeException e) {
      throw new RegistryClientException(
          206, "206 response without a valid Content-Range: " + range);
    }
  }

  private static String mediaTypeOf(HttpResponse<InputStream> response, byte[] bytes) {
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    int semicolon = contentType.indexOf(';');
    String type = (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType).trim();
    if (MediaType.isManifest(type)) {
      return type;
    }
    try {
      return OciJson.mapper().readTree(bytes).path("mediaType").asString(type);
    } catch (tools.jackson.core.JacksonException e) {
      return type;
    }
  }

  /** The spec error envelope as {@code : CODE message; …}, or empty. */
  private static String errorText(HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes(64 * 1024);
      JsonNode errors = OciJson.mapper().readTree(bytes).path("errors");
      StringBuilder out = new StringBuilder();
      for (JsonNode error : errors) {
        out.append(out.length() == 0 ? ": " : "; ")
            .append(error.path("code").asString(""))
            .append(' ')
            .append(error.path("message").asString(""));
      }
      return out.toString();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
