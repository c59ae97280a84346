package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.testkit.Layer;
import dev.berth.testkit.OciLayout;
import dev.berth.testkit.TestCa;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The registry serving HTTPS from {@code berth.tls.certificate} and {@code berth.tls.private-key}
 * (PEM files signed by a CA of the test's own): skopeo verifies the certificate against that CA and
 * copies an image in and back out byte for byte, podman pulls with the CA, and both refuse the
 * registry without it; blobs (which are not sent with sendfile under TLS) come back whole and by
 * range; a renewed certificate is served without a restart.
 */
// berth.tls.* are read while the environment is prepared, before @DynamicPropertySource applies:
// given here as plain properties, as a user gives them, with files the class makes when it loads.
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "berth.tls.certificate=" + TlsIT.CA_DIR + "/tls.crt",
      "berth.tls.private-key=" + TlsIT.CA_DIR + "/tls.key",
      // Spring waits this long after the last change to the files before it reloads (default 10 s)
      "spring.ssl.bundle.watch.file.quiet-period=1s"
    })
class TlsIT {
  static final String CA_DIR = "target/e2e-tls-ca";
  private static final TestCa CA = TestCa.create(Path.of(CA_DIR));
  private static final Path DATA_DIR =
      Path.of("target", "e2e-tls-" + UUID.randomUUID()).toAbsolutePath();

  @DynamicPropertySource
  static void registry(DynamicPropertyRegistry properties) {
    properties.add("berth.data-dir", DATA_DIR::toString);
  }

  @LocalServerPort int port;
  @TempDir Path work;

  private Skopeo skopeo;
  private final HttpClient https = HttpClient.newBuilder().sslContext(CA.sslContext()).build();

  @BeforeEach
  void setUp() {
    skopeo = new Skopeo(work.resolve("skopeo"));
  }

  @Test
  void skopeoCopy_verifyingTheCertificate_comesBackByteIdentical() {
    OciLayout source =
        hostImage(
            "src", Layer.random("tls-base", 2 * 1024 * 1024, 41), Layer.random("tls", 512, 42));

    pushTrusting(source, "tls/app:v1");
    OciLayout copied = OciLayout.create(work.resolve("out"));
    skopeo.run(
        "copy",
        "--src-cert-dir",
        CA.certDirectory().toString(),
        "docker://" + reference("tls/app:v1"),
        "oci:" + copied.root() + ":v1");

    assertThat(copied.tagged("v1").digest()).isEqualTo(source.tagged("v1").digest());
    assertThat(copied.blobDigests()).isEqualTo(source.blobDigests());
    for (Digest blob : source.blobDigests()) {
      assertThat(copied.blobPath(blob)).hasSameBinaryContentAs(source.blobPath(blob));
    }
  }

  @Test
  void podmanPull_withTheCaInItsCertDir_andRefusedWithout() {
    OciLayout source = hostImage("podman-src", Layer.random("podman", 4096, 45));
    pushTrusting(source, "tls/podman:v1");
    Podman podman = new Podman(work);

    ExternalCommand.Result refused = podman.result("pull", reference("tls/podman:v1"));
    podman.run("pull", "--cert-dir", CA.certDirectory().toString(), reference("tls/podman:v1"));

    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output()).contains("certificate signed by unknown authority");
    assertThat(
            podman.run("image", "inspect", "--format", "{{.Digest}}", reference("tls/podman:v1")))
        .contains(source.tagged("v1").digest().toString());
  }

  @Test
  void skopeo_withoutTheCa_refusesTheCertificate() {
    OciLayout source = hostImage("untrusted", Layer.random("nope", 256, 43));

    ExternalCommand.Result result =
        skopeo.result(
            "copy", "oci:" + source.root() + ":v1", "docker://" + reference("tls/untrusted:v1"));

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("certificate signed by unknown authority");
  }

  @Test
  void blobGet_overHttps_wholeAndByRange() throws Exception {
    byte[] blob = new byte[3 * 1024 * 1024 + 17];
    new Random(44).nextBytes(blob);
    Digest digest = Digest.sha256(blob);
    String blobs = "https://127.0.0.1:" + port + "/v2/tls/blobs/blobs/";
    HttpResponse<String> pushed =
        https.send(
            HttpRequest.newBuilder(URI.create(blobs + "uploads/?digest=" + digest))
                .POST(HttpRequest.BodyPublishers.ofByteArray(blob))
                .header("Content-Type", "application/octet-stream")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    HttpResponse<byte[]> whole =
        https.send(
            HttpRequest.newBuilder(URI.create(blobs + digest)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> range =
        https.send(
            HttpRequest.newBuilder(URI.create(blobs + digest))
                .header("Range", "bytes=1000000-1999999")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(blob);
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.headers().firstValue("Content-Range"))
        .hasValue("bytes 1000000-1999999/" + blob.length);
    assertThat(range.body()).isEqualTo(Arrays.copyOfRange(blob, 1_000_000, 2_000_000));
  }

  @Test
  void renewedCertificate_isServedWithoutARestart() throws Exception {
    BigInteger before = servedSerial();
    assertThat(before).isEqualTo(CA.serverCertificateSerial());

    CA.renewServerCertificate();

    BigInteger renewed = CA.serverCertificateSerial();
    assertThat(renewed).isNotEqualTo(before);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    BigInteger served = servedSerial();
    while (!served.equals(renewed) && System.nanoTime() < deadline) {
      Thread.sleep(250);
      served = servedSerial();
    }
    assertThat(served).as("the certificate served after the renewal").isEqualTo(renewed);
  }

  /** The serial number of the certificate the registry presents to a new TLS connection. */
  private BigInteger servedSerial() throws Exception {
    try (SSLSocket socket =
        (SSLSocket) CA.sslContext().getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  /** A new layout with one image for this host, tagged v1. */
  private OciLayout hostImage(String name, Layer... layers) {
    OciLayout layout = OciLayout.create(work.resolve(name));
    layout.tag("v1", layout.addImage(SkopeoIT.hostPlatform(), List.of(layers)));
    return layout;
  }

  /** skopeo copies the layout's v1 in, verifying the registry's certificate against the CA. */
  private void pushTrusting(OciLayout source, String nameAndTag) {
    skopeo.run(
        "copy",
        "--dest-cert-dir",
        CA.certDirectory().toString(),
        "oci:" + source.root() + ":v1",
        "docker://" + reference(nameAndTag));
  }

  private String reference(String nameAndTag) {
    return "127.0.0.1:" + port + "/" + nameAndTag;
  }
}
