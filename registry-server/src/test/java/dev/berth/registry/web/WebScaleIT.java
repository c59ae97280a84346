package dev.berth.registry.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * The pages stay fast with 10,000 repositories and 10,000 tags in one repository: rows are inserted
 * straight into the database (pushing that many images would take far longer than the pages), and
 * every page must render in well under a second on a small machine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebScaleIT {
  private static final int REPOSITORIES = 10_000;
  private static final int TAGS = 10_000;
  private static final int MANIFESTS = 200;
  private static final long BUDGET_MILLIS = 1_500;
  private static final Path temp = createTemp();

  private static Path createTemp() {
    try {
      return Files.createTempDirectory("berth-web-scale");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("berth.data-dir", () -> temp.resolve("data").toString());
  }

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired PlatformTransactionManager transactions;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void fill() {
    // One transaction: committing each of the 40,000 rows on its own would take minutes.
    new TransactionTemplate(transactions).executeWithoutResult(status -> insertRows());
  }

  private void insertRows() {
    Instant now = Instant.now();
    List<Object[]> repositories = new ArrayList<>();
    for (int i = 0; i < REPOSITORIES; i++) {
      String name = "scale/team-" + (i % 20) + "/repo-" + String.format("%05d", i);
      repositories.add(new Object[] {name, ts(now.minusSeconds(i)), ts(now.minusSeconds(i))});
    }
    repositories.add(new Object[] {"scale/big", ts(now), ts(now)});
    jdbc.batchUpdate(
        "insert into repository (name, created_at, updated_at) values (?, ?, ?)", repositories);
    long big =
        jdbc.queryForObject("select id from repository where name = 'scale/big'", Long.class);

    List<Object[]> blobs = new ArrayList<>();
    List<Object[]> links = new ArrayList<>();
    for (int i = 0; i < REPOSITORIES; i++) {
      String digest = digest("blob", i);
      blobs.add(new Object[] {digest, 1000L + i, ts(now)});
    }
    jdbc.batchUpdate("insert into blob (digest, size, created_at) values (?, ?, ?)", blobs);
    jdbc.query(
        "select id from repository where name <> 'scale/big'",
        rs -> {
          long id = rs.getLong(1);
          links.add(new Object[] {id, digest("blob", (int) (id % REPOSITORIES)), ts(now)});
          if (id % REPOSITORIES != 0) {
            links.add(new Object[] {id, digest("blob", 0), ts(now)}); // a base layer all share
          }
        });
    jdbc.batchUpdate(
        "insert into blob_link (repository_id, digest, created_at) values (?, ?, ?)", links);

    List<Object[]> manifests = new ArrayList<>();
    for (int i = 0; i < MANIFESTS; i++) {
      manifests.add(
          new Object[] {
            big,
            digest("manifest", i),
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.config.v1+json",
            500L,
            ts(now.minusSeconds(i))
          });
    }
    jdbc.batchUpdate(
        "insert into manifest (repository_id, digest, media_type, artifact_type, size, pushed_at)"
            + " values (?, ?, ?, ?, ?, ?)",
        manifests);
    jdbc.update(
        "insert into image_summary (manifest_id, created_at, platforms, total_size)"
            + " select id, pushed_at, 'linux/amd64', 123456 from manifest where repository_id = ?",
        big);
    List<Object[]> tags = new ArrayList<>();
    for (int i = 0; i < TAGS; i++) {
      String tag = "1." + (i / 100) + "." + (i % 100);
      tags.add(new Object[] {big, tag, digest("manifest", i % MANIFESTS), ts(now.minusSeconds(i))});
    }
    jdbc.batchUpdate(
        "insert into tag (repository_id, name, manifest_digest, updated_at) values (?, ?, ?, ?)",
        tags);
  }

  @AfterAll
  void clean() throws IOException {
    FileSystemUtils.deleteRecursively(temp);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/?ns=scale/team-3",
        "/?q=repo-0999",
        "/?q=repo&sort=size",
        "/?q=repo&sort=pushed&page=150",
        "/r/scale/big",
        "/r/scale/big?sort=name&page=150",
        "/r/scale/big?sort=version&page=100",
        "/storage?page=100"
      })
  void page_rendersWithinBudget(String path) throws Exception {
    get(path); // warm up templates and caches
    long[] times = new long[5];
    for (int i = 0; i < times.length; i++) {
      long start = System.nanoTime();
      HttpResponse<String> response = get(path);
      times[i] = (System.nanoTime() - start) / 1_000_000;
      assertThat(response.statusCode()).isEqualTo(200);
    }
    Arrays.sort(times);
    long median = times[times.length / 2];
    System.out.printf(
        "WebScaleIT %-40s median %4d ms (min %d, max %d)%n", path, median, times[0], times[4]);
    assertThat(median).as("median time of %s in ms", path).isLessThan(BUDGET_MILLIS);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }

  private static String digest(String kind, int i) {
    byte[] bytes = new byte[32];
    byte[] seed = (kind + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, 32));
    return "sha256:" + HexFormat.of().formatHex(bytes);
  }
}
