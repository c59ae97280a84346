package dev.berth.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.runtime.ContainerConfig;
import dev.berth.agent.runtime.RunOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Argument parsing of {@code run}, without running anything. */
class RunCommandTest {
  @TempDir Path dir;

  static RunCommand parse(String... args) {
    CommandLine.ParseResult result = Main.commandLine().parseArgs(args);
    RunCommand run = (RunCommand) result.subcommand().commandSpec().userObject();
    run.invocation = run.invocation.withEnv(Map.of("FROM_HOST", "h"));
    return run;
  }

  @Test
  void everyOption() throws IOException {
    Path envFile = dir.resolve("env");
    Files.writeString(envFile, "# c\nF=file\nA=from-file\n");
    RunCommand run =
        parse(
            "run",
            "-d",
            "--rm",
            "--name",
            "web",
            "-e",
            "A=1",
            "-e",
            "FROM_HOST",
            "-e",
            "NOT_SET",
            "--env-file",
            envFile.toString(),
            "-h",
            "host1",
            "-m",
            "64m",
            "--cpus",
            "0.5",
            "--pids-limit",
            "30",
            "-u",
            "app:wheel",
            "-w",
            "/srv",
            "--entrypoint",
            "/bin/sh",
            "--read-only",
            "--network",
            "host",
            "--platform",
            "linux/arm64/v8",
            "--pull",
            "never",
            "img:1",
            "-c",
            "echo --not-an-option");
    RunOptions options = run.options();
    assertThat(run.detach).isTrue();
    assertThat(run.name).isEqualTo("web");
    assertThat(run.image).isEqualTo("img:1");
    assertThat(options.command()).containsExactly("-c", "echo --not-an-option");
    assertThat(options.entrypoint()).containsExactly("/bin/sh");
    assertThat(options.env()).containsExactly("F=file", "A=from-file", "A=1", "FROM_HOST=h");
    assertThat(options.hostname()).isEqualTo("host1");
    assertThat(options.user()).isEqualTo("app:wheel");
    assertThat(options.workingDir()).isEqualTo("/srv");
    assertThat(options.readOnly()).isTrue();
    assertThat(options.autoRemove()).isTrue();
    assertThat(options.network()).isEqualTo(ContainerConfig.NetworkMode.HOST);
    assertThat(options.resources().memoryBytes()).isEqualTo(64L << 20);
    assertThat(options.resources().nanoCpus()).isEqualTo(500_000_000L);
    assertThat(options.resources().pidsLimit()).isEqualTo(30);
  }

  @Test
  void defaults() throws IOException {
    RunOptions options = parse("run", "img").options();
    assertThat(options.entrypoint()).isNull();
    assertThat(options.command()).isEmpty();
    assertThat(options.network()).isEqualTo(ContainerConfig.NetworkMode.NONE);
    assertThat(options.autoRemove()).isFalse();
  }

  @Test
  void badValues_areClearErrors() {
    assertThatThrownBy(() -> parse("run", "--network", "bridge", "img").options())
        .hasMessageContaining("unsupported --network bridge");
    assertThatThrownBy(() -> parse("run", "--pull", "sometimes", "img").options())
        .hasMessageContaining("--pull must be");
    assertThatThrownBy(() -> parse("run", "-m", "lots", "img").options())
        .hasMessageContaining("invalid memory size");
    assertThatThrownBy(() -> parse("run", "--platform", "linux", "img").options())
        .hasMessageContaining("os/arch");
  }

  @Test
  void usageErrors_exit125() {
    CommandLine commandLine = Main.commandLine();
    commandLine.setErr(new PrintWriter(new StringWriter()));
    assertThat(commandLine.execute("run")).isEqualTo(125);
    assertThat(commandLine.execute("kill", "-s", "NOPE", "x")).isEqualTo(125);
    assertThat(commandLine.execute("stop")).isEqualTo(125);
  }
}
