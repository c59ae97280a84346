package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.Layer;
import dev.berth.testkit.OciLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole registry as a pull-through cache of CNCF distribution (Debian's {@code
 * docker-registry}): skopeo copies out, byte for byte, an image that only distribution has, and
 * every repository refuses pushes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PullThroughDistributionIT {
  private static final Path ROOT =
      Path.of("target", "e2e-proxy-distribution-" + UUID.randomUUID()).toAbsolutePath();
  private static final int REMOTE_PORT = RegistryProcess.freePort();
  private static Process distribution;

  @DynamicPropertySource
  static void registry(DynamicPropertyRegistry properties) {
    properties.add("berth.data-dir", () -> ROOT.resolve("cache").toString());
    properties.add("berth.proxy.remote-url", () -> "http://127.0.0.1:" + REMOTE_PORT);
  }

  @LocalServerPort int port;
  @TempDir Path work;

  @BeforeAll
  static void startDistribution() throws Exception {
    Path program = ExternalCommand.requireProgram("docker-registry");
    Files.createDirectories(ROOT);
    Path config = ROOT.resolve("distribution.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "version: 0.1",
            "log: {level: warn}",
            "storage: {filesystem: {rootdirectory: " + ROOT.resolve("distribution") + "}}",
            "http: {addr: 127.0.0.1:" + REMOTE_PORT + "}",
            ""));
    distribution =
        new ProcessBuilder(program.toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(ROOT.resolve("distribution.log").toFile())
            .start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI ping = URI.create("http://127.0.0.1:" + REMOTE_PORT + "/v2/");
    for (int i = 0; i < 200; i++) {
      try {
        if (http.send(HttpRequest.newBuilder(ping).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("docker-registry did not start: " + ROOT.resolve("distribution.log"));
  }

  @AfterAll
  static void stopDistribution() throws InterruptedException {
    if (distribution != null) {
      distribution.destroy();
      distribution.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void skopeoCopy_ofAnImageOnlyDistributionHas_comesOutByteIdentical() {
    Skopeo skopeo = new Skopeo(work.resolve("skopeo"));
    OciLayout source =
        SkopeoIT.hostImage(
            work.resolve("src"),
            List.of(Layer.random("dist-base", 1024 * 1024, 71), Layer.random("dist", 300, 72)));
    skopeo.copy(
        "--preserve-digests",
        "oci:" + source.root() + ":v1",
        "docker://127.0.0.1:" + REMOTE_PORT + "/library/app:v1");

    OciLayout copied = OciLayout.create(work.resolve("out"));
    skopeo.copy(
        "--preserve-digests",
        "docker://127.0.0.1:" + port + "/library/app:v1",
        "oci:" + copied.root() + ":v1");

    SkopeoIT.assertSameImage(copied, source, "v1");
    ExternalCommand.Result push =
        skopeo.tryPush(
            "oci:" + source.root() + ":v1", "docker://127.0.0.1:" + port + "/anything/else:v1");
    assertThat(push.exitCode()).isNotZero();
    assertThat(push.output()).contains("pull-through cache");
  }
}
