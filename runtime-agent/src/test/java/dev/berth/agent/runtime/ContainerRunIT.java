package dev.berth.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.image.LocalImage;
import dev.berth.agent.linux.LinuxKernel;
import dev.berth.agent.state.StateDirectory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs containers for real, as root, and looks at them from inside. */
class ContainerRunIT {
  @TempDir static Path images;
  static LocalImage image;

  @TempDir Path root;
  ContainerService service;

  @BeforeAll
  static void image() throws Exception {
    BusyboxImage.assumeUsable();
    image = BusyboxImage.create(images);
  }

  @BeforeEach
  void service() {
    service =
        new ContainerService(
            new StateDirectory(root),
            LinuxKernel.instance(),
            Path.of("/sys/fs/cgroup"),
            BusyboxImage::plan);
  }

  record Result(int exitCode, String stdout, String stderr) {}

  Result run(List<String> command) {
    return run(command, "", Resources.UNLIMITED, false);
  }

  Result run(List<String> command, String user, Resources resources, boolean readOnly) {
    return run(command, user, resources, readOnly, false);
  }

  Container last;

  ContainerConfig.NetworkMode network = ContainerConfig.NetworkMode.NONE;

  Result run(
      List<String> command, String user, Resources resources, boolean readOnly, boolean remove) {
    ContainerConfig config =
        new ContainerConfig(
            command,
            List.of("PATH=/bin", "HOSTNAME=box"),
            "box",
            user,
            "/",
            readOnly,
            network,
            resources,
            remove,
            image.layers().stream().map(Path::toString).toList(),
            null);
    Container container = service.create(null, image, config);
    last = container;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try {
      code = service.supervise(container, out, err, c -> {});
    } catch (LaunchException e) {
      code = e.exitCode();
      err.writeBytes(e.getMessage().getBytes(StandardCharsets.UTF_8));
    }
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  Result sh(String script) {
    return run(List.of("sh", "-c", script));
  }

  @Test
  void echoHello() {
    Result result = run(List.of("echo", "hello"));
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo("hello\n");
  }

  @Test
  void isolation_pid1HostnameProcAndNetwork() {
    Result result =
        sh(
            "echo pid=$$; hostname; ls /proc | grep '^[0-9]' | wc -l;"
                + " tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '; ls /sys/class/net");
    assertThat(result.stderr()).isEmpty();
    // the shell, ls and grep|wc are the only processes: 1 plus the pipeline's 3, at most
    String[] lines = result.stdout().split("\n");
    assertThat(lines[0]).isEqualTo("pid=1");
    assertThat(lines[1]).isEqualTo("box");
    assertThat(Integer.parseInt(lines[2].trim())).isBetween(2, 4);
    assertThat(lines[3]).isEqualTo("lo");
    assertThat(lines[4]).isEqualTo("lo");
    assertThat(lines).hasSize(5);
  }

  @Test
  void networkHost_seesTheHostsInterfaces() throws Exception {
    network = ContainerConfig.NetworkMode.HOST;
    List<String> host;
    try (var names = java.nio.file.Files.list(Path.of("/sys/class/net"))) {
      host = names.map(p -> p.getFileName().toString()).sorted().toList();
    }
    Result result = sh("ls /sys/class/net");
    assertThat(result.stdout().trim().split("\\s+")).containsExactlyElementsOf(host);
  }

  @Test
  void etcFiles_localhostAndTheHostnameResolve_evenOnAReadOnlyRoot() {
    // the image has no /etc/hosts: without one, busybox cannot even resolve localhost. As with
    // Docker, the three files stay writable on a read-only root (they are the container's own).
    Result result =
        run(
            List.of(
                "sh",
                "-c",
                "cat /etc/hostname; grep -c localhost /etc/hosts;"
                    + " wget -q -O- http://localhost:1/ 2>&1; wget -q -O- http://box:1/ 2>&1;"
                    + " touch /etc/other 2>/dev/null || echo read-only"),
            "",
            Resources.UNLIMITED,
            true);
    String[] lines = result.stdout().split("\n");
    assertThat(lines[0]).isEqualTo("box");
    assertThat(lines[1]).isEqualTo("2");
    assertThat(lines[2]).contains("(127.0.0.1)").contains("Connection refused");
    assertThat(lines[3]).contains("(127.0.1.1)").contains("Connection refused");
    assertThat(result.stdout()).endsWith("read-only\n");
  }

  @Test
  void etcFiles_hostNetwork_getsTheHostsResolvers() throws Exception {
    network = ContainerConfig.NetworkMode.HOST;
    Result result = sh("cat /etc/resolv.conf");
    Path resolvConf = Path.of("/etc/resolv.conf");
    String expected =
        java.nio.file.Files.exists(resolvConf) ? java.nio.file.Files.readString(resolvConf) : "";
    assertThat(result.stdout()).isEqualTo(expected);
  }

  @Test
  void capabilitiesReducedToDefaultSet() {
    Result result =
        sh(
            "grep -E '^Cap(Eff|Bnd|Inh)' /proc/self/status; cat /proc/self/status | grep NoNewPrivs");
    long expected = Capabilities.mask(Capabilities.DEFAULT);
    assertThat(result.stdout())
        .contains(String.format("CapEff:\t%016x", expected))
        .contains(String.format("CapBnd:\t%016x", expected))
        .contains("CapInh:\t0000000000000000")
        .contains("NoNewPrivs:\t1");
  }

  @Test
  void userResolvedFromImagePasswdAndGroup() {
    Result result =
        run(
            List.of("sh", "-c", "id; grep CapEff /proc/self/status"),
            "app",
            Resources.UNLIMITED,
            false);
    assertThat(result.stdout())
        .contains("uid=1000(app) gid=1000(app) groups=")
        .contains("1000(app)")
        .contains("10(wheel)")
        .contains("CapEff:\t0000000000000000");
  }

  @Test
  void unknownUser_cannotInvoke() {
    Result result = run(List.of("true"), "nobody2", Resources.UNLIMITED, false);
    assertThat(result.exitCode()).isEqualTo(126);
    assertThat(result.stderr()).contains("unable to find user nobody2");
  }

  @Test
  void exitStatusPassesThrough() {
    assertThat(sh("exit 42").exitCode()).isEqualTo(42);
  }

  @Test
  void missingCommand_127() {
    Result result = run(List.of("no-such-command"));
    assertThat(result.exitCode()).isEqualTo(127);
    assertThat(result.stderr()).contains("no-such-command").contains("not found");
  }

  @Test
  void memoryLimit_oomKilled137() {
    Result result =
        run(
            List.of("dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1"),
            "",
            new Resources(16L << 20, 0, 0),
            false);
    assertThat(result.exitCode()).isEqualTo(137);
    Container stored = service.store().load(last.id()).orElseThrow();
    assertThat(stored.state().oomKilled()).isTrue();
    assertThat(stored.state().exitCode()).isEqualTo(137);
  }

  @Test
  void pidsLimit_stopsForkBomb() {
    Result result =
        run(
            List.of(
                "sh", "-c", "n=0; while [ $n -lt 40 ]; do sleep 30 & n=$((n+1)); echo $n; done"),
            "",
            new Resources(0, 0, 10),
            false);
    // the shell itself and at most 9 sleeps fit under pids.max 10; then fork fails
    assertThat(result.stderr()).contains("can't fork");
    String[] started = result.stdout().trim().split("\n");
    assertThat(Integer.parseInt(started[started.length - 1])).isBetween(1, 9);
  }

  @Test
  void cpuQuotaIsWritten() {
    Result result =
        run(
            List.of("sh", "-c", "cat /proc/self/cgroup | grep -c ."),
            "",
            new Resources(0, 500_000_000L, 0),
            false);
    assertThat(result.exitCode()).isZero();
    Path quota = Path.of("/sys/fs/cgroup/cpu/berth", last.id());
    assertThat(quota).doesNotExist(); // removed after exit
  }

  @Test
  void maskedAndReadOnlyPaths() {
    Result result =
        sh(
            "cat /proc/kcore | wc -c; ls /sys/firmware | wc -l; ls /proc/acpi 2>/dev/null | wc -l;"
                + " echo 1 > /proc/sys/kernel/panic && echo writable; echo h > /proc/sysrq-trigger"
                + " && echo writable");
    assertThat(result.stdout()).isEqualTo("0\n0\n0\n");
    assertThat(result.stderr()).contains("Read-only file system");
  }

  @Test
  void readOnlyRootfs() {
    Result result =
        run(List.of("sh", "-c", "touch /x || exit 3; echo wrote"), "", Resources.UNLIMITED, true);
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stderr()).contains("Read-only file system");
    Result writable = sh("touch /x && echo wrote");
    assertThat(writable.stdout()).isEqualTo("wrote\n");
  }

  @Test
  void logsKeepStdoutAndStderrInOrder() {
    Result result = sh("echo out1; echo err1 >&2; sleep 0.1; echo out2; printf partial");
    assertThat(result.stdout()).isEqualTo("out1\nout2\npartial");
    assertThat(result.stderr()).isEqualTo("err1\n");
    List<ContainerLog.Entry> entries = ContainerLog.read(service.store().log(last.id()), -1);
    assertThat(entries)
        .extracting(ContainerLog.Entry::stream, ContainerLog.Entry::text)
        .containsSubsequence(
            org.assertj.core.groups.Tuple.tuple(ContainerLog.Stream.STDOUT, "out1"),
            org.assertj.core.groups.Tuple.tuple(ContainerLog.Stream.STDOUT, "out2"),
            org.assertj.core.groups.Tuple.tuple(ContainerLog.Stream.STDOUT, "partial"));
    assertThat(entries).extracting(ContainerLog.Entry::text).contains("err1");
    assertThat(ContainerLog.read(service.store().log(last.id()), 1))
        .singleElement()
        .matches(ContainerLog.Entry::partial);
  }

  @Test
  void autoRemoveLeavesNoState() throws Exception {
    Result result = run(List.of("true"), "", Resources.UNLIMITED, false, true);
    assertThat(result.exitCode()).isZero();
    assertThat(service.store().directory(last.id())).doesNotExist();
    assertThat(Path.of("/sys/fs/cgroup/memory/berth", last.id())).doesNotExist();
  }
}
