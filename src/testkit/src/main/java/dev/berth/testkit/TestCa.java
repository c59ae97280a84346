package dev.berth.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority of its own for tests of HTTPS, made with the {@code openssl} command: a
 * CA certificate ({@code ca.crt}) and a server certificate it signed for 127.0.0.1 ({@code
 * tls.crt}, key {@code tls.key}), all PEM, valid for a day. Clients trust the CA as they would a
 * private registry's: skopeo and podman from a directory holding {@code ca.crt}, Java from {@link
 * #sslContext()}.
 */
public final class TestCa {
  private static final String EC_KEY = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";

  private final Path directory;

  private TestCa(Path directory) {
    this.directory = directory;
  }

  /** Creates the CA and the server certificate in {@code directory}. */
  public static TestCa create(Path directory) {
    TestCa ca = new TestCa(directory);
    ca.openssl(
        "req -x509 " + EC_KEY + " -keyout ca.key -out ca.crt -days 1 -subj /CN=berth-test-ca",
        "-addext basicConstraints=critical,CA:TRUE",
        "-addext keyUsage=critical,keyCertSign,cRLSign");
    ca.write(
        "tls.ext",
        "basicConstraints=CA:FALSE\n"
            + "keyUsage=critical,digitalSignature\n"
            + "extendedKeyUsage=serverAuth\n"
            + "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    ca.renewServerCertificate();
    return ca;
  }

  /**
   * Issues the server a new key and certificate (a new serial number) and puts them in place of the
   * old ones, the key first, each with an atomic rename, as a certificate renewal does.
   */
  public void renewServerCertificate() {
    openssl("req " + EC_KEY + " -keyout tls-new.key -out tls.csr -subj /CN=127.0.0.1");
    openssl(
        "x509 -req -in tls.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1",
        "-extfile tls.ext -out tls-new.crt");
    try {
      Files.move(directory.resolve("tls-new.key"), serverKey(), StandardCopyOption.ATOMIC_MOVE);
      Files.move(
          directory.resolve("tls-new.crt"), serverCertificate(), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CA's certificate (PEM): what a client must trust. */
  public Path caCertificate() {
    return directory.resolve("ca.crt");
  }

  /** The server's certificate for 127.0.0.1 and localhost (PEM). */
  public Path serverCertificate() {
    return directory.resolve("tls.crt");
  }

  /** The server certificate's private key (PEM, unencrypted). */
  public Path serverKey() {
    return directory.resolve("tls.key");
  }

  /** The serial number of the server certificate now on disk. */
  public BigInteger serverCertificateSerial() {
    try (InputStream in = Files.newInputStream(serverCertificate())) {
      return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in))
          .getSerialNumber();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A directory holding only {@code ca.crt}, the layout that skopeo's and podman's {@code
   * --cert-dir} (and {@code /etc/containers/certs.d/HOST/}) read.
   */
  public Path certDirectory() {
    Path certs = directory.resolve("certs.d");
    try {
      Files.createDirectories(certs);
      Files.copy(caCertificate(), certs.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return certs;
  }

  /** A TLS context that trusts this CA only (a new one each time, with no cached sessions). */
  public SSLContext sslContext() {
    try (InputStream in = Files.newInputStream(caCertificate())) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry(
          "berth-test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void write(String name, String content) {
    try {
      Files.createDirectories(directory);
      Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs openssl in the directory; each part is a space-separated run of arguments. */
  private void openssl(String... parts) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    for (String part : parts) {
      command.addAll(List.of(part.split(" ")));
    }
    try {
      Files.createDirectories(directory);
      Process process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
