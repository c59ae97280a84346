package dev.berth.oci.distribution;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** A registry user name and password (or identity token used as password). */
public record Credentials(String username, String password) {
  public Credentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  /** Decodes the {@code auth} field of an auth file: base64 of {@code user:password}. */
  public static Credentials decode(String auth) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("auth entry is not base64", e);
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("auth entry is not user:password");
    }
    return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  /** The {@code auth} field value, which is also the HTTP Basic credential. */
  public String encode() {
    return Base64.getEncoder()
        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Credentials[" + username + ", ****]";
  }
}
