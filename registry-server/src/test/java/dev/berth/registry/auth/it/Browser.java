package dev.berth.registry.auth.it;

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

/**
 * A cookie-keeping HTTP client that fills in the CSRF token of the page's forms, as a browser does.
 */
final class Browser {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final String base;
  final CookieManager cookies = new CookieManager();
  private final HttpClient http;

  Browser(String base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  HttpResponse<String> get(String path) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
  }

  /** Signs in through the login form; returns the form's response (a redirect). */
  HttpResponse<String> login(String user, String password, String... extra) throws IOException {
    String page = get("/login").body();
    String[] fields = new String[4 + extra.length];
    fields[0] = "username";
    fields[1] = user;
    fields[2] = "password";
    fields[3] = password;
    System.arraycopy(extra, 0, fields, 4, extra.length);
    return postWithToken("/login", csrf(page), fields);
  }

  /** POSTs a form with the CSRF token of a freshly loaded page, as the browser's form would. */
  HttpResponse<String> post(String path, String... fields) throws IOException {
    return postWithToken(path, csrf(get("/admin/account").body()), fields);
  }

  HttpResponse<String> postWithToken(String path, String token, String... fields)
      throws IOException {
    StringJoiner form = new StringJoiner("&");
    if (token != null) {
      form.add("_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }
    for (int i = 0; i < fields.length; i += 2) {
      form.add(
          URLEncoder.encode(fields[i], StandardCharsets.UTF_8)
              + "="
              + URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
    }
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
            .build());
  }

  static String csrf(String page) {
    Matcher m = CSRF.matcher(page);
    return m.find() ? m.group(1) : null;
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
