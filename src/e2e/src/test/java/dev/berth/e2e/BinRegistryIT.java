package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, {@code bin/registry}: the registry starts on its embedded defaults
 * (H2 and the blob files under the data directory), with the JVM flags and allocator settings that
 * the benchmarks measured, from the unpacked jar with its class-data archive.
 */
class BinRegistryIT {
  /** Where bin/registry unpacks the boot jar and keeps the class-data archive it trained. */
  private static final Path APP = Repository.ROOT.resolve("registry-server/target/app");

  @TempDir Path work;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void startsOnEmbeddedDefaults_underOneDataDirectory_withTheMeasuredSettings() throws Exception {
    Path data = work.resolve("data");
    try (Registry registry = Registry.startWithScript(data)) {
      byte[] blob = "pushed through bin/registry\n".getBytes(StandardCharsets.UTF_8);
      Digest digest = Digest.sha256(blob);
      String blobs = "http://" + registry.host() + "/v2/bin/hello/blobs/";

      HttpResponse<Void> pushed =
          http.send(
              HttpRequest.newBuilder(URI.create(blobs + "uploads/?digest=" + digest))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(blob))
                  .header("Content-Type", "application/octet-stream")
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      HttpResponse<byte[]> pulled =
          http.send(
              HttpRequest.newBuilder(URI.create(blobs + digest)).build(),
              HttpResponse.BodyHandlers.ofByteArray());

      assertThat(pushed.statusCode()).as(registry.log()).isEqualTo(201);
      assertThat(pulled.statusCode()).isEqualTo(200);
      assertThat(pulled.body()).isEqualTo(blob);
      assertThat(pulled.headers().firstValue("Docker-Distribution-API-Version"))
          .hasValue("registry/2.0");
      assertThat(filesUnder(data.resolve("db"))).anyMatch(f -> f.toString().endsWith(".mv.db"));
      assertThat(filesUnder(data.resolve("storage/blobs")))
          .filteredOn(f -> f.getFileName().toString().contains(digest.hex()))
          .singleElement()
          .satisfies(f -> assertThat(f).hasBinaryContent(blob));
      String commandLine = Files.readString(Path.of("/proc", "" + registry.pid(), "cmdline"));
      assertThat(commandLine.split("\0"))
          .contains("-XX:+UseSerialGC", "-Xmx96m", "-XX:-TieredCompilation", "-jar")
          .contains(APP.resolve("registry-server.jar").toString());
      String archive = APP.resolve("registry-server.jsa").toRealPath().toString();
      assertThat(Files.readAllLines(Path.of("/proc", "" + registry.pid(), "maps")))
          .as("the class-data archive is mapped, so the JVM accepted it")
          .anyMatch(line -> line.endsWith(" " + archive));
      String environment = Files.readString(Path.of("/proc", "" + registry.pid(), "environ"));
      assertThat(environment.split("\0"))
          .contains("MALLOC_ARENA_MAX=2", "GLIBC_TUNABLES=glibc.malloc.mmap_threshold=24576");

      Matcher release = awaitLogLine(registry, RELEASE);
      assertThat(Long.parseLong(release.group(2)))
          .as("resident after the release, against before")
          .isLessThan(Long.parseLong(release.group(1)));
      assertThat(smapsFlags(registry.pid(), archive, "r--p"))
          .as("the archive mapped in place (clean), then advised to read only the pages touched")
          .contains(" rr");
    }
  }

  private static final Pattern RELEASE =
      Pattern.compile(
          "Start-up pages of \\d+ read-only file mappings given back: resident (\\d+) MiB, now (\\d+) MiB");

  /** The registry gives back its start-up pages once ready, which may be after it answers. */
  private static Matcher awaitLogLine(Registry registry, Pattern pattern)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      Matcher matcher = pattern.matcher(registry.log());
      if (matcher.find()) {
        return matcher;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no line matching " + pattern + " in:\n" + registry.log());
      }
      Thread.sleep(100);
    }
  }

  /** The {@code VmFlags} of the process's mapping of {@code file} with those permissions. */
  private static String smapsFlags(long pid, String file, String permissions) throws IOException {
    boolean inMapping = false;
    for (String line : Files.readAllLines(Path.of("/proc", "" + pid, "smaps"))) {
      if (line.matches("[0-9a-f]+-[0-9a-f]+ .*")) {
        inMapping = line.contains(" " + permissions + " ") && line.endsWith(" " + file);
      } else if (inMapping && line.startsWith("VmFlags:")) {
        return line;
      }
    }
    throw new AssertionError(file + " has no " + permissions + " mapping");
  }

  /**
   * A manifest is parsed whole, into four to five times its size in the heap. With the measured
   * heap, eight pushes of a manifest at the 4 MiB limit at once used to end the JVM with an
   * OutOfMemoryError; now large ones take turns, and each gets its answer.
   */
  @Test
  void largeManifestsPushedAtOnce_eachGetAnAnswer_andTheRegistryStaysUp() throws Exception {
    byte[] manifest = manifestOfSize(4 * 1024 * 1024 - 64 * 1024);
    try (Registry registry = Registry.startWithScript(work.resolve("data"))) {
      String base = "http://" + registry.host() + "/v2/bin/large";
      List<CompletableFuture<HttpResponse<String>>> pushes = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        pushes.add(
            http.sendAsync(
                HttpRequest.newBuilder(URI.create(base + i + "/manifests/v1"))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest))
                    .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                    .timeout(Duration.ofMinutes(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> push : pushes) {
        HttpResponse<String> answer = push.get(3, TimeUnit.MINUTES);
        assertThat(answer.statusCode()).as(registry.log()).isEqualTo(400);
        assertThat(answer.body()).contains("MANIFEST_BLOB_UNKNOWN");
      }
      HttpResponse<Void> alive =
          http.send(
              HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/v2/")).build(),
              HttpResponse.BodyHandlers.discarding());
      assertThat(alive.statusCode()).isEqualTo(200);
      assertThat(registry.log()).doesNotContain("OutOfMemoryError");
    }
  }

  /**
   * An image manifest of about {@code size} bytes: one layer per 155 bytes, none of them pushed.
   */
  private static byte[] manifestOfSize(int size) {
    StringBuilder json =
        new StringBuilder(size + 1024)
            .append("{\"schemaVersion\":2,")
            .append("\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",")
            .append("\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",")
            .append("\"digest\":\"")
            .append(Digest.sha256("{}".getBytes(StandardCharsets.UTF_8)))
            .append("\",\"size\":2},\"layers\":[");
    for (int i = 0; json.length() < size - 200; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"")
          .append(Digest.sha256(("layer " + i).getBytes(StandardCharsets.UTF_8)))
          .append("\",\"size\":")
          .append(1000 + i)
          .append('}');
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static List<Path> filesUnder(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
