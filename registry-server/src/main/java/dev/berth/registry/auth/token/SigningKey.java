package dev.berth.registry.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;

/**
 * The one key that signs and verifies tokens, with its fixed algorithm: ES256 for an EC P-256 key,
 * RS256 for an RSA key. Verification uses this key only, whatever a token's header says.
 *
 * @param algorithm the only accepted {@code alg}
 * @param signer signs with the private key
 * @param verifier verifies with the public key
 * @param keyId the key's thumbprint, written as {@code kid} for operators (never used to select a
 *     key)
 */
public record SigningKey(
    JWSAlgorithm algorithm, JWSSigner signer, JWSVerifier verifier, String keyId) {

  /** The key in a JWK file. */
  public static SigningKey load(Path file) {
    try {
      return of(JWK.parse(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the token signing key " + file, e);
    } catch (ParseException e) {
      throw new IllegalStateException("the token signing key " + file + " is no JWK", e);
    }
  }

  /**
   * The key kept at {@code file}, generating an EC P-256 key there first when the file does not
   * exist. The file is written owner-only and moved into place atomically, so two replicas that
   * start together on one data directory end up with the same key.
   */
  public static SigningKey loadOrGenerate(Path file) {
    if (Files.exists(file)) {
      return load(file);
    }
    try {
      Files.createDirectories(file.getParent());
      ECKey generated = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
      Path temp = Files.createTempFile(file.getParent(), ".token-key", ".tmp");
      try {
        restrict(temp);
        Files.writeString(temp, generated.toJSONString(), StandardCharsets.UTF_8);
        try {
          Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file);
        }
      } catch (FileAlreadyExistsException raced) {
        // another process created it first: use theirs
      } finally {
        Files.deleteIfExists(temp);
      }
      return load(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the token signing key " + file, e);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a token signing key", e);
    }
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // not a POSIX file system: rely on the data directory's permissions
    }
  }

  /** A signing key from a private JWK. */
  public static SigningKey of(JWK jwk) {
    try {
      if (jwk instanceof ECKey ec) {
        if (!ec.isPrivate() || !Curve.P_256.equals(ec.getCurve())) {
          throw new IllegalStateException("the EC signing key must be a private P-256 key");
        }
        return new SigningKey(
            JWSAlgorithm.ES256,
            new ECDSASigner(ec),
            new ECDSAVerifier(ec.toPublicJWK()),
            ec.computeThumbprint().toString());
      }
      if (jwk instanceof RSAKey rsa) {
        if (!rsa.isPrivate() || rsa.size() < 2048) {
          throw new IllegalStateException("the RSA signing key must be private, 2048 bits or more");
        }
        return new SigningKey(
            JWSAlgorithm.RS256,
            new RSASSASigner(rsa),
            new RSASSAVerifier(rsa.toPublicJWK()),
            rsa.computeThumbprint().toString());
      }
    } catch (JOSEException e) {
      throw new IllegalStateException("unusable token signing key", e);
    }
    throw new IllegalStateException("the token signing key must be an EC P-256 or RSA key");
  }
}
