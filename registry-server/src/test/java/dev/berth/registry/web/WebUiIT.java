package dev.berth.registry.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.oci.Descriptor;
import dev.berth.oci.MediaType;
import dev.berth.oci.Platform;
import dev.berth.registry.gc.GarbageCollection;
import dev.berth.registry.gc.GcRun;
import dev.berth.registry.manifest.PullRecorder;
import dev.berth.registry.notify.RecordingListener;
import dev.berth.testkit.Layer;
import dev.berth.testkit.OciLayout;
import dev.berth.testkit.TarBuilder;
import java.io.File;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The web UI in a real headless Chromium against a running registry, with images pushed by skopeo:
 * search, the tag list, the image page, the file browser (whiteouts and opaque directories
 * applied), layer changes, downloads, pull times, storage, and deletion checked against the API.
 * Screenshots of every page go to {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiIT {
  @Autowired GarbageCollection gc;
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SKOPEO = Path.of("/usr/bin/skopeo");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Formats FORMATS = new Formats();

  /**
   * The server's data directory and the test's layouts. Not a {@code @TempDir}: the Spring context
   * of a per-class test starts before JUnit injects one, so it is made here and removed after.
   */
  private static final Path temp = createTemp();

  private static Path createTemp() {
    try {
      return Files.createTempDirectory("berth-web-it");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("berth.data-dir", () -> temp.resolve("data").toString());
    registry.add("berth.pull-flush-interval", () -> "1h"); // the test flushes when it wants
    registry.add("berth.notifications.endpoints[0].url", () -> LISTENER.url().toString());
  }

  private static final RecordingListener LISTENER = RecordingListener.unchecked();

  @LocalServerPort int port;
  @Autowired PullRecorder pulls;

  private final HttpClient http = HttpClient.newHttpClient();
  private ChromeDriverService service;
  private WebDriver driver;
  private Descriptor sample;
  private long sampleTotalSize;

  @BeforeAll
  void pushImagesAndStartBrowser() throws Exception {
    assumeTrue(Files.isExecutable(SKOPEO), "skopeo is not installed at " + SKOPEO);
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Debian chromium and chromium-driver are not installed");
    pushImages();
    Files.createDirectories(SCREENSHOTS);
    // Never let Selenium Manager look for (or download) a browser or driver: both are given.
    System.setProperty("SE_OFFLINE", "true");
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        "--window-size=1400,900",
        "--user-data-dir=" + Files.createTempDirectory(temp, "chrome"));
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
  }

  @AfterAll
  void stopBrowser() throws IOException {
    LISTENER.close();
    if (driver != null) {
      driver.quit();
    }
    if (service != null) {
      service.stop();
    }
    org.springframework.util.FileSystemUtils.deleteRecursively(temp);
  }

  @Test
  @Order(1)
  void repositories_searchNarrowsTheListAsYouType() throws IOException {
    open("/");
    assertThat(texts("#repositories a.folder")).containsExactly("library/", "team/");
    screenshot("repositories");

    WebElement search = driver.findElement(By.id("q"));
    search.sendKeys("e");
    waitFor(() -> texts("#repositories a.repo").size() == 3);
    assertThat(texts("#repositories a.repo"))
        .containsExactly("library/hello", "team/api", "team/web/frontend");

    search.sendKeys("nd"); // "end" matches only frontend
    waitFor(() -> texts("#repositories a.repo").size() == 1);
    assertThat(texts("#repositories a.repo")).containsExactly("team/web/frontend");
    assertThat(driver.getCurrentUrl()).endsWith("?q=end");
    screenshot("repositories-search");

    open("/?ns=team");
    assertThat(texts("#repositories a.repo")).containsExactly("team/api");
    assertThat(texts("#repositories a.folder")).containsExactly("web/");
  }

  @Test
  @Order(2)
  void repository_showsEachTagsDigestSizeAndGroupsTagsOfOneImage() throws IOException {
    open("/r/team/web/frontend");

    WebElement row = driver.findElement(By.cssSelector("#tags tr[data-tag='1.0']"));
    assertThat(row.getDomAttribute("data-digest")).isEqualTo(sample.digest().toString());
    assertThat(row.findElement(By.cssSelector("button.digest")).getText())
        .isEqualTo(sample.digest().shortHex());
    assertThat(row.findElements(By.tagName("td")).get(3).getText())
        .isEqualTo(FORMATS.bytes(sampleTotalSize));
    assertThat(row.getText()).contains("linux/amd64", "+1");
    assertThat(row.getDomAttribute("class")).contains("grouped");
    WebElement latest = driver.findElement(By.cssSelector("#tags tr[data-tag='latest']"));
    assertThat(latest.getDomAttribute("data-digest")).isEqualTo(sample.digest().toString());

    WebElement digestButton = row.findElement(By.cssSelector("button.digest"));
    digestButton.click();
    waitFor(() -> digestButton.getDomAttribute("class").contains("copied"));
    screenshot("repository");

    latest.findElement(By.cssSelector("details.menu summary")).click();
    WebElement menu = latest.findElement(By.cssSelector(".menu-panel"));
    assertThat(menu.getText())
        .contains(
            "podman pull 127.0.0.1:" + port + "/team/web/frontend:latest",
            "docker pull 127.0.0.1:" + port + "/team/web/frontend@" + sample.digest());
    screenshot("repository-pull-menu");

    open("/r/team/web/frontend?untagged=true");
    assertThat(driver.findElement(By.id("untagged")).getText())
        .contains("referrer", "application/vnd.example.sbom+json");
    screenshot("repository-untagged");
  }

  @Test
  @Order(3)
  void image_showsConfigLayersHistoryReferrersAndEscapesLabels() throws IOException {
    open("/r/team/web/frontend/-/tags/1.0");

    assertThat(driver.getCurrentUrl()).contains("/-/manifests/" + sample.digest());
    assertThat(driver.findElement(By.id("digest")).getText()).isEqualTo(sample.digest().toString());
    assertThat(driver.findElement(By.id("total-size")).getText())
        .isEqualTo(FORMATS.bytes(sampleTotalSize));
    List<WebElement> layers = driver.findElements(By.cssSelector("#layers tbody tr"));
    assertThat(layers).hasSize(3);
    assertThat(layers.get(1).getText()).contains("COPY app.conf /etc/app.conf");
    String config = driver.findElement(By.id("config")).getText();
    assertThat(config).contains("/bin/hello", "--greet", "/srv", "1000:1000", "8080/tcp");
    assertThat(config).contains("GREETING=hello world");
    assertThat(driver.findElement(By.id("labels")).getText())
        .contains("<script>window.__xss=1</script>");
    assertThat(driver.findElement(By.id("annotations")).getText())
        .contains("<img src=x onerror=window.__xss=2>");
    assertThat(((JavascriptExecutor) driver).executeScript("return window.__xss")).isNull();
    assertThat(driver.findElement(By.id("referrers")).getText())
        .contains("application/vnd.example.sbom+json");
    screenshot("image");
  }

  @Test
  @Order(4)
  void files_showTheMergedFilesystemWithoutWhitedOutFiles() throws Exception {
    String files = "/r/team/web/frontend/-/manifests/" + sample.digest() + "/files";
    open(files);
    assertThat(names()).containsExactly("bin", "etc", "var");
    screenshot("files");

    open(files + "?path=/etc");
    assertThat(names()).containsExactly("..", "app.conf", "os-release");
    assertThat(layerOf("os-release")).isEqualTo("3");
    assertThat(layerOf("app.conf")).isEqualTo("2");

    open(files + "?path=/var/cache");
    assertThat(names()).containsExactly("..", "new.dat");

    open(files + "?path=/bin");
    assertThat(names()).containsExactly("..", "hello", "hello2", "hi");
    assertThat(texts("#files .link-target")).containsExactly("→ bin/hello", "→ hello");

    open(files + "?path=/etc/os-release");
    WebElement detail = driver.findElement(By.id("file-detail"));
    assertThat(detail.getText()).contains("-rw-r--r--", "root:root", "19 bytes", "layer 3");
    screenshot("file-detail");

    String href = driver.findElement(By.id("download")).getDomAttribute("href");
    HttpResponse<String> download = get(href);
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo("ID=berth\nVERSION=2\n");
    assertThat(download.headers().firstValue("Content-Disposition").orElseThrow())
        .startsWith("attachment;")
        .contains("os-release");
    assertThat(download.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(download.headers().firstValue("Content-Type")).contains("application/octet-stream");

    try (var indexes = Files.walk(temp.resolve("data/file-index"))) {
      assertThat(indexes.filter(path -> path.toString().endsWith(".idx")).count())
          .as("one stored index per layer, kept for the next restart")
          .isEqualTo(3);
    }

    String digestPath = "/r/team/web/frontend/-/manifests/" + sample.digest();
    assertThat(get(digestPath + "/download?path=/etc/secret.conf").statusCode()).isEqualTo(404);
    assertThat(get(digestPath + "/download?path=/bin/hello2").body()).contains("echo hello");
    assertThat(get(digestPath + "/files?path=/etc/secret.conf").statusCode()).isEqualTo(404);
  }

  @Test
  @Order(5)
  void layer_showsWhatItAddedChangedAndDeleted() throws IOException {
    open("/r/team/web/frontend/-/manifests/" + sample.digest() + "/layers/2");
    String changes = driver.findElement(By.id("changes")).getText();
    assertThat(changes).contains("added /etc/app.conf", "deleted /etc/secret.conf");
    assertThat(changes).contains("added /bin/hi", "added /bin/hello2");
    screenshot("layer");

    open("/r/team/web/frontend/-/manifests/" + sample.digest() + "/layers/3");
    assertThat(driver.findElement(By.id("changes")).getText())
        .contains("emptied /var/cache", "changed /etc/os-release", "added /var/cache/new.dat");
  }

  @Test
  @Order(6)
  void index_listsPlatformsWithLinksToEachChild() throws IOException {
    open("/r/library/multi/-/tags/1");
    List<WebElement> rows = driver.findElements(By.cssSelector("#platforms tbody tr"));
    assertThat(rows).extracting(WebElement::getText).anyMatch(t -> t.contains("linux/amd64"));
    assertThat(rows).extracting(WebElement::getText).anyMatch(t -> t.contains("linux/arm64"));
    screenshot("index");
    rows.get(1).findElement(By.tagName("a")).click();
    assertThat(driver.findElement(By.cssSelector(".facts")).getText()).contains("linux/arm64");
  }

  @Test
  @Order(7)
  void pullTime_isRecordedOffThePullPathAndShown() throws Exception {
    open("/r/library/hello");
    assertThat(cell("#tags tr[data-tag='latest']", 6)).isEqualTo("never");

    HttpResponse<String> pull =
        http.send(
            HttpRequest.newBuilder(uri("/v2/library/hello/manifests/latest"))
                .header("Accept", MediaType.OCI_MANIFEST)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(pull.statusCode()).isEqualTo(200);
    assertThat(pulls.flush()).isEqualTo(1);

    open("/r/library/hello");
    assertThat(cell("#tags tr[data-tag='latest']", 6)).isEqualTo("just now");
  }

  @Test
  @Order(8)
  void storage_showsBytesSharedBetweenRepositories_andGarbageCollection() throws IOException {
    GcRun run = gc.run().orElseThrow();
    open("/storage");
    assertThat(driver.findElement(By.id("shared-bytes")).getText()).isNotEqualTo("0 B");
    assertThat(texts("#usage tbody tr td:first-child a")).contains("team/web/frontend");
    assertThat(driver.findElement(By.id("gc")).getText())
        .contains("Runs every 1 hour")
        .contains("Last run " + FORMATS.time(run.started()))
        .contains("removed " + run.blobs().blobsRemoved() + " blobs")
        .contains("Next run around " + FORMATS.time(gc.nextRun()));
    screenshot("storage");
  }

  @Test
  @Order(9)
  void phone_pagesFitTheScreen() throws IOException {
    driver.manage().window().setSize(new Dimension(390, 844));
    try {
      for (String page :
          List.of(
              "/",
              "/r/team/web/frontend",
              "/r/team/web/frontend/-/manifests/" + sample.digest(),
              "/r/team/web/frontend/-/manifests/" + sample.digest() + "/files?path=/etc")) {
        open(page);
        Long overflow =
            (Long)
                ((JavascriptExecutor) driver)
                    .executeScript(
                        "return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(overflow).as("horizontal overflow on %s", page).isLessThanOrEqualTo(0L);
      }
      open("/r/team/web/frontend");
      screenshot("repository-phone");
      open("/r/team/web/frontend/-/manifests/" + sample.digest());
      screenshot("image-phone");
    } finally {
      driver.manage().window().setSize(new Dimension(1400, 900));
    }
  }

  @Test
  @Order(10)
  void keyboard_slashFocusesTheSearchBox() throws IOException {
    open("/");
    driver.findElement(By.tagName("body")).sendKeys("/");
    assertThat(driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("q");
  }

  @Test
  @Order(20)
  void delete_removesTheTagAndTheApiAgrees() throws Exception {
    open("/r/team/web/frontend");
    driver.findElement(By.cssSelector("#tags tr[data-tag='latest'] a.btn-danger-ghost")).click();
    assertThat(driver.findElement(By.id("confirm-title")).getText())
        .contains("team/web/frontend:latest");
    screenshot("delete-tag");
    driver.findElement(By.id("confirm-delete")).click();

    waitFor(() -> driver.getCurrentUrl().contains("deleted=latest"));
    assertThat(driver.findElement(By.cssSelector(".notice")).getText())
        .isEqualTo("Deleted tag latest.");
    assertThat(driver.findElements(By.cssSelector("#tags tr[data-tag='latest']"))).isEmpty();
    assertThat(driver.findElements(By.cssSelector("#tags tr[data-tag='1.0']"))).hasSize(1);
    assertThat(get("/v2/team/web/frontend/tags/list").body())
        .isEqualTo("{\"name\":\"team/web/frontend\",\"tags\":[\"1.0\"]}");
    JsonNode tagDeleted =
        LISTENER.await(
            e ->
                "delete".equals(e.get("action").asString())
                    && "team/web/frontend".equals(e.get("target").get("repository").asString()),
            Duration.ofSeconds(10));
    assertThat(tagDeleted.get("target").get("tag").asString()).isEqualTo("latest");
    assertThat(tagDeleted.get("request").get("method").asString()).isEqualTo("POST");

    open("/r/team/api/-/manifests/" + sample.digest() + "/delete");
    assertThat(driver.findElement(By.id("tag-impact")).getText()).contains("This removes 2 tags");
    assertThat(driver.findElement(By.id("reclaim-notice")).getText())
        .as("berth.gc defaults: let go after 24 h, deleted 1 h later, runs hourly")
        .contains("deleted by garbage collection within 27 hours");
    screenshot("delete-manifest");
    driver.findElement(By.id("confirm-delete")).click();
    waitFor(() -> driver.getCurrentUrl().contains("removedTags=2"));
    assertThat(get("/v2/team/api/tags/list").body())
        .isEqualTo("{\"name\":\"team/api\",\"tags\":[]}");
    assertThat(get("/v2/team/api/manifests/" + sample.digest()).statusCode()).isEqualTo(404);
    JsonNode manifestDeleted =
        LISTENER.await(
            e ->
                "delete".equals(e.get("action").asString())
                    && "team/api".equals(e.get("target").get("repository").asString()),
            Duration.ofSeconds(10));
    assertThat(manifestDeleted.get("target").get("digest").asString())
        .isEqualTo(sample.digest().toString());
  }

  // --- fixtures -------------------------------------------------------------------------------

  private void pushImages() throws Exception {
    OciLayout layout = OciLayout.create(temp.resolve("layout"));
    Layer base =
        Layer.gzip(
            new TarBuilder()
                .dir("etc")
                .file("etc/os-release", "ID=berth\n")
                .file("etc/secret.conf", "password=hunter2\n")
                .dir("bin")
                .file("bin/hello", "#!/bin/sh\necho hello\n", 0755)
                .dir("var")
                .dir("var/cache")
                .file("var/cache/old.dat", "old")
                .build());
    Layer app =
        Layer.gzip(
            new TarBuilder()
                .dir("etc")
                .file("etc/app.conf", "port=8080\n")
                .whiteout("etc/secret.conf")
                .symlink("bin/hi", "hello")
                .hardlink("bin/hello2", "bin/hello")
                .build());
    Layer update =
        Layer.gzip(
            new TarBuilder()
                .dir("var/cache")
                .opaque("var/cache")
                .file("var/cache/new.dat", "new")
                .file("etc/os-release", "ID=berth\nVERSION=2\n")
                .build());
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("User", "1000:1000");
    run.put("ExposedPorts", Map.of("8080/tcp", Map.of()));
    run.put("Env", List.of("PATH=/bin", "GREETING=hello world"));
    run.put("Entrypoint", List.of("/bin/hello"));
    run.put("Cmd", List.of("--greet"));
    run.put("WorkingDir", "/srv");
    run.put(
        "Labels",
        Map.of(
            "org.opencontainers.image.title", "sample", "evil", "<script>window.__xss=1</script>"));
    List<Map<String, Object>> history = new ArrayList<>();
    history.add(OciLayout.historyStep("ADD base.tar /", false));
    history.add(OciLayout.historyStep("ENV GREETING=hello world", true));
    history.add(OciLayout.historyStep("COPY app.conf /etc/app.conf", false));
    history.add(OciLayout.historyStep("RUN rm -rf /var/cache/* && update", false));
    history.add(OciLayout.historyStep("CMD [\"--greet\"]", true));
    sample =
        layout.addImage(
            Platform.of("linux", "amd64", null),
            List.of(base, app, update),
            run,
            history,
            Map.of("org.opencontainers.image.description", "<img src=x onerror=window.__xss=2>"));
    layout.tag("sample", sample);
    sampleTotalSize = sample.size() + base.size() + app.size() + update.size();
    sampleTotalSize += configSize(layout, sample);

    Layer armLayer = Layer.gzip(new TarBuilder().file("arch", "arm64\n").build());
    Descriptor arm =
        layout.addImage(
            Platform.of("linux", "arm64", null),
            List.of(armLayer),
            Map.of("Cmd", List.of("/bin/sh")),
            List.of(OciLayout.historyStep("ADD arch /arch", false)),
            Map.of());
    Descriptor amd =
        Descriptor.of(sample.mediaType(), sample.digest(), sample.size())
            .withPlatform(Platform.of("linux", "amd64", null));
    layout.tag("multi", layout.addIndex(List.of(amd, arm)));

    skopeo("--all", "oci:" + layout.root() + ":sample", "team/web/frontend:1.0");
    skopeo("--all", "oci:" + layout.root() + ":sample", "team/web/frontend:latest");
    skopeo("--all", "oci:" + layout.root() + ":sample", "team/api:2.0");
    skopeo("--all", "oci:" + layout.root() + ":sample", "team/api:2");
    skopeo("--all", "oci:" + layout.root() + ":sample", "library/hello:latest");
    skopeo("--all", "oci:" + layout.root() + ":multi", "library/multi:1");
    pushReferrer("team/web/frontend", layout);
  }

  private static long configSize(OciLayout layout, Descriptor manifest) throws IOException {
    var json = dev.berth.oci.OciJson.mapper().readTree(layout.blob(manifest.digest()));
    return json.get("config").get("size").asLong();
  }

  /** Pushes an SBOM-like artifact whose subject is the sample image, through the API. */
  private void pushReferrer(String repository, OciLayout layout) throws Exception {
    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
    byte[] sbom = "{\"packages\":[]}".getBytes(StandardCharsets.UTF_8);
    Descriptor emptyConfig = layout.blob(MediaType.OCI_EMPTY, empty);
    Descriptor sbomLayer = layout.blob("application/spdx+json", sbom);
    for (Descriptor blob : List.of(emptyConfig, sbomLayer)) {
      HttpResponse<String> upload =
          http.send(
              HttpRequest.newBuilder(
                      uri("/v2/" + repository + "/blobs/uploads/?digest=" + blob.digest()))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(layout.blob(blob.digest())))
                  .header("Content-Type", "application/octet-stream")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaType.OCI_MANIFEST);
    manifest.put("artifactType", "application/vnd.example.sbom+json");
    manifest.put("config", emptyConfig);
    manifest.put("layers", List.of(sbomLayer));
    manifest.put("subject", Descriptor.of(sample.mediaType(), sample.digest(), sample.size()));
    manifest.put("annotations", Map.of("org.example.tool", "syft"));
    byte[] body = OciLayout.json(manifest);
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(
                    uri("/v2/" + repository + "/manifests/" + dev.berth.oci.Digest.sha256(body)))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", MediaType.OCI_MANIFEST)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
  }

  private void skopeo(String all, String source, String target) throws Exception {
    List<String> command =
        List.of(
            SKOPEO.toString(),
            "--insecure-policy",
            "copy",
            "--quiet",
            all,
            "--dest-tls-verify=false",
            source,
            "docker://127.0.0.1:" + port + "/" + target);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(temp.resolve("skopeo.log").toFile())
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("skopeo finished").isTrue();
    assertThat(process.exitValue())
        .as("skopeo %s: %s", command, Files.readString(temp.resolve("skopeo.log")))
        .isZero();
  }

  // --- browser helpers ------------------------------------------------------------------------

  private void open(String path) {
    driver.get("http://127.0.0.1:" + port + path);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<String> texts(String css) {
    return driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
  }

  private List<String> names() {
    return texts("#files tbody a.entry");
  }

  private String layerOf(String name) {
    for (WebElement row : driver.findElements(By.cssSelector("#files tbody tr"))) {
      List<WebElement> entry = row.findElements(By.cssSelector("a.entry"));
      if (!entry.isEmpty() && entry.get(0).getText().equals(name)) {
        return row.findElement(By.cssSelector("a.layer-chip")).getText();
      }
    }
    throw new AssertionError("no row for " + name);
  }

  private String cell(String rowCss, int column) {
    return driver
        .findElement(By.cssSelector(rowCss))
        .findElements(By.tagName("td"))
        .get(column)
        .getText();
  }

  private void waitFor(java.util.function.BooleanSupplier condition) {
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(ExpectedConditions.jsReturnsValue("return true"));
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> condition.getAsBoolean());
  }

  /** Saves a full-page screenshot under target/screenshots/NAME.png. */
  private void screenshot(String name) throws IOException {
    Dimension before = driver.manage().window().getSize();
    Long height =
        (Long)
            ((JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollHeight");
    driver
        .manage()
        .window()
        .setSize(new Dimension(before.getWidth(), (int) Math.max(before.getHeight(), height + 20)));
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(
        shot.toPath(),
        SCREENSHOTS.resolve(name + ".png"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    driver.manage().window().setSize(before);
  }
}
