package dev.berth.e2e;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A signed-in session on the registry's admin pages, filling in CSRF tokens as a browser does. */
final class AdminSession {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private AdminSession(String base) {
    this.base = base;
  }

  static AdminSession signIn(String host, String user, String password)
      throws IOException, InterruptedException {
    AdminSession session = new AdminSession("http://" + host);
    String token = csrf(session.get("/login"));
    HttpResponse<String> response =
        session.post("/login", token, "username", user, "password", password);
    if (response.statusCode() != 302
        || response.headers().firstValue("Location").orElse("").contains("error")) {
      throw new IllegalStateException("sign-in failed: " + response.statusCode());
    }
    return session;
  }

  /** POSTs a form with the CSRF token of {@code formPage}; returns the response body. */
  HttpResponse<String> submit(String formPage, String action, String... fields)
      throws IOException, InterruptedException {
    return post(action, csrf(get(formPage)), fields);
  }

  String get(String path) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private HttpResponse<String> post(String path, String token, String... fields)
      throws IOException, InterruptedException {
    StringJoiner form = new StringJoiner("&");
    form.add("_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    for (int i = 0; i < fields.length; i += 2) {
      form.add(
          URLEncoder.encode(fields[i], StandardCharsets.UTF_8)
              + "="
              + URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
    }
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String csrf(String page) {
    Matcher m = CSRF.matcher(page);
    if (!m.find()) {
      throw new IllegalStateException("no CSRF token in the page");
    }
    return m.group(1);
  }
}
