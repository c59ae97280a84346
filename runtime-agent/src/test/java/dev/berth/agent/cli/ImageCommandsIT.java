package dev.berth.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.testing.FakeRegistry;
import dev.berth.oci.OciJson;
import dev.berth.testkit.TarBuilder;
import dev.berth.testkit.TestImage;
import dev.berth.testkit.TestImage.Compression;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/** The image commands as a user runs them: in process, and once through the bin/berth launcher. */
class ImageCommandsIT {
  @TempDir Path dir;
  private FakeRegistry registry;
  private TestImage image;

  private record Result(int exit, String out, String err) {}

  @BeforeEach
  void setUp() throws IOException {
    registry = new FakeRegistry();
    image =
        new TestImage()
            .layer(new TarBuilder().file("hello", "world").build(), Compression.GZIP)
            .layer(new TarBuilder().file("second", "layer").build(), Compression.ZSTD)
            .build();
    registry.add("cli/app", "1", image);
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  private Result berth(String... args) {
    CommandLine commandLine = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  private String root() {
    return dir.resolve("root").toString();
  }

  @Test
  void pullImagesRmiPrune() throws IOException {
    String ref = registry.host() + "/cli/app:1";

    Result pull = berth("pull", "--root", root(), ref);
    assertThat(pull.exit()).as(pull.err()).isZero();
    assertThat(pull.out().trim()).isEqualTo(image.config().digest().hex());
    assertThat(pull.err())
        .contains("Trying to pull " + ref)
        .contains("Copying blob")
        .contains("done");

    Result table = berth("images", "--root", root());
    assertThat(table.out())
        .contains("REPOSITORY")
        .contains(registry.host() + "/cli/app")
        .contains(image.config().digest().shortHex());

    Result quiet = berth("images", "--root", root(), "-q");
    assertThat(quiet.out().trim()).isEqualTo(image.config().digest().shortHex());

    JsonNode json =
        OciJson.mapper().readTree(berth("images", "--root", root(), "--format", "json").out());
    assertThat(json.size()).isEqualTo(1);
    assertThat(json.get(0).path("Id").asString()).isEqualTo(image.config().digest().hex());
    assertThat(json.get(0).path("Names").get(0).asString()).isEqualTo(ref);

    Result rmi = berth("rmi", "--root", root(), ref);
    assertThat(rmi.exit()).isZero();
    assertThat(rmi.out())
        .contains("Untagged: " + ref)
        .contains("Deleted: " + image.config().digest().hex());
    assertThat(berth("images", "--root", root(), "-q").out()).isBlank();

    Result prune = berth("image-prune", "--root", root());
    assertThat(prune.out()).contains("Removed 2 layer snapshots, 4 blobs");
    List<String> left = new ArrayList<>();
    try (var files = Files.list(dir.resolve("root/snapshots"))) {
      files.forEach(p -> left.add(p.getFileName().toString()));
    }
    assertThat(left).containsExactly("l");
  }

  @Test
  void errorsAreOneLineWithExit125() {
    Result bad = berth("pull", "--root", root(), registry.host() + "/Bad:Name");
    assertThat(bad.exit()).isEqualTo(125);
    assertThat(bad.err()).startsWith("Error: invalid repository name").doesNotContain("\tat ");
    assertThat(bad.err().trim().lines()).hasSize(1);

    Result missing = berth("pull", "--root", root(), registry.host() + "/cli/app:404");
    assertThat(missing.exit()).isEqualTo(125);
    assertThat(missing.err()).contains("manifest 404 not found").contains("MANIFEST_UNKNOWN");

    Result unknown = berth("rmi", "--root", root(), "nothing-here");
    assertThat(unknown.exit()).isEqualTo(125);
    assertThat(unknown.err()).contains("image not known: nothing-here");

    Result platform =
        berth("pull", "--root", root(), "--platform", "linux", registry.host() + "/cli/app:1");
    assertThat(platform.exit()).isEqualTo(125);
    assertThat(platform.err()).contains("os/arch");
  }

  @Test
  void loginStoresCredentialsThatPullUses() throws IOException {
    registry.requireToken("tok", "bob:hunter2");
    Path authFile = dir.resolve("auth.json");
    String ref = registry.host() + "/cli/app:1";

    assertThat(berth("pull", "--root", root(), "--authfile", authFile.toString(), ref).exit())
        .isEqualTo(125);

    Result wrong =
        berth(
            "login", "--authfile", authFile.toString(), "-u", "bob", "-p", "nope", registry.host());
    assertThat(wrong.exit()).isEqualTo(125);
    assertThat(wrong.err()).contains("refused the credentials");
    assertThat(authFile).doesNotExist();

    Result login =
        berth(
            "login",
            "--authfile",
            authFile.toString(),
            "-u",
            "bob",
            "-p",
            "hunter2",
            registry.host());
    assertThat(login.exit()).as(login.err()).isZero();
    assertThat(login.out()).contains("Login Succeeded");
    assertThat(Files.readString(authFile)).contains(registry.host());

    Result pull = berth("pull", "--root", root(), "--authfile", authFile.toString(), ref);
    assertThat(pull.exit()).as(pull.err()).isZero();

    assertThat(berth("logout", "--authfile", authFile.toString(), registry.host()).exit()).isZero();
    assertThat(Files.readString(authFile)).doesNotContain(registry.host());
    Result again = berth("logout", "--authfile", authFile.toString(), registry.host());
    assertThat(again.exit()).isEqualTo(125);
    assertThat(again.err()).contains("not logged in");
  }

  @Test
  void pullKilledMidDownloadResumesWithRange() throws Exception {
    byte[] big = new byte[3_000_000];
    new java.util.Random(11).nextBytes(big);
    TestImage large =
        new TestImage()
            .layer(new TarBuilder().file("big", big, 0644, 0, 0).build(), Compression.GZIP)
            .build();
    registry.add("cli/large", "1", large);
    registry.throttleBlobs(40);
    String ref = registry.host() + "/cli/large:1";
    Path partial =
        dir.resolve(
            "root/content/ingest/sha256-" + large.layers().get(0).descriptor().digest().hex());

    Process process = launcher("pull", "-q", ref).start();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!(Files.exists(partial) && Files.size(partial) > 200_000)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    process.destroyForcibly(); // SIGKILL: no cleanup, the file lock dies with the process
    process.waitFor();
    long kept = Files.size(partial);
    assertThat(kept).isPositive().isLessThan(large.layers().get(0).descriptor().size());

    registry.throttleBlobs(0);
    Result resumed = berth("pull", "--root", root(), ref);

    assertThat(resumed.exit()).as(resumed.err()).isZero();
    assertThat(resumed.err()).contains("resumed at byte");
    assertThat(registry.requests())
        .anyMatch(
            r -> r.contains("/blobs/" + large.layers().get(0).descriptor().digest() + " bytes="));
    assertThat(partial).doesNotExist();
  }

  private ProcessBuilder launcher(String... args) {
    Path launcher = Path.of("..", "bin", "berth").toAbsolutePath().normalize();
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(dir.resolve("launcher.log").toFile());
    builder.environment().put("BERTH_ROOT", root());
    return builder;
  }

  @Test
  void launcherScriptRunsThePackagedJar() throws IOException, InterruptedException {
    Path launcher = Path.of("..", "bin", "berth").toAbsolutePath().normalize();
    assertThat(launcher).isExecutable();
    ProcessBuilder builder =
        new ProcessBuilder(launcher.toString(), "pull", "-q", registry.host() + "/cli/app:1")
            .redirectErrorStream(false);
    builder.environment().put("BERTH_ROOT", root());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(err).isZero();
    assertThat(out.trim()).isEqualTo(image.config().digest().hex());
    assertThat(dir.resolve("root/images/" + image.config().digest().hex() + ".json")).exists();
  }
}
