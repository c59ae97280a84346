package dev.berth.agent.pull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate authorities a registry's HTTPS certificate may chain to: the JDK's, plus the
 * {@code *.crt} files that podman, skopeo and docker read for that registry, so that a registry
 * with a private CA is trusted by all of them from the same files. For {@code host[:port]} these
 * are the files in {@code certs.d/host[:port]/} under {@code $HOME/.config/containers/}, {@code
 * /etc/containers/} and {@code /etc/docker/}; a directory given with {@code --cert-dir} replaces
 * that search, as in podman.
 *
 * @see <a href="https://github.com/containers/image/blob/main/docs/containers-certs.d.5.md">
 *     containers-certs.d(5)</a>
 */
public final class RegistryTrust {
  private final List<Path> roots;
  private final Path certDir;

  /**
   * @param roots directories holding one {@code host[:port]} directory per registry
   * @param certDir a directory whose {@code *.crt} files are used for every registry instead; null
   *     to search the roots
   */
  public RegistryTrust(List<Path> roots, Path certDir) {
    this.roots = List.copyOf(roots);
    this.certDir = certDir;
  }

  /** The JDK's authorities only. */
  public static RegistryTrust jdkOnly() {
    return new RegistryTrust(List.of(), null);
  }

  /** podman's search path for the caller whose environment and home these are. */
  public static RegistryTrust fromEnvironment(Map<String, String> env, Path home, Path certDir) {
    String configHome = env.get("XDG_CONFIG_HOME");
    Path userConfig =
        configHome == null || configHome.isBlank() ? home.resolve(".config") : Path.of(configHome);
    return new RegistryTrust(
        List.of(
            userConfig.resolve("containers/certs.d"),
            Path.of("/etc/containers/certs.d"),
            Path.of("/etc/docker/certs.d")),
        certDir);
  }

  /** The CA files for {@code registry} ({@code host[:port]}), in search order. */
  public List<Path> authorities(String registry) throws IOException {
    List<Path> files = new ArrayList<>();
    if (certDir != null) {
      if (!Files.isDirectory(certDir)) {
        throw new IOException("--cert-dir " + certDir + " is not a directory");
      }
      addCrtFiles(certDir, files);
      return files;
    }
    if (registry.contains("/") || registry.startsWith(".")) {
      return files; // never a path outside the roots, whatever the reference said
    }
    for (Path root : roots) {
      addCrtFiles(root.resolve(registry), files);
    }
    return files;
  }

  /**
   * A TLS context that trusts the JDK's authorities and the registry's CA files; empty when it has
   * none, so the JDK's own default applies.
   */
  public Optional<SSLContext> sslContext(String registry) throws IOException {
    List<Path> files = authorities(registry);
    if (files.isEmpty()) {
      return Optional.empty();
    }
    try {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int n = 0;
      for (X509Certificate jdk : jdkTrustManager().getAcceptedIssuers()) {
        trusted.setCertificateEntry("jdk-" + n++, jdk);
      }
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      for (Path file : files) {
        try (InputStream in = Files.newInputStream(file)) {
          for (Certificate certificate : x509.generateCertificates(in)) {
            trusted.setCertificateEntry(file + "-" + n++, certificate);
          }
        } catch (GeneralSecurityException e) {
          throw new IOException(file + ": not a PEM certificate: " + e.getMessage(), e);
        }
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return Optional.of(context);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS for " + registry + ": " + e.getMessage(), e);
    }
  }

  private static void addCrtFiles(Path directory, List<Path> files) throws IOException {
    if (!Files.isDirectory(directory)) {
      return;
    }
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.crt")) {
      for (Path entry : entries) {
        if (Files.isRegularFile(entry)) {
          found.add(entry);
        }
      }
    }
    found.sort(null);
    files.addAll(found);
  }

  private static X509TrustManager jdkTrustManager() throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("the JDK has no X.509 trust manager");
  }
}
