package dev.berth.agent.unpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.linux.ErrnoException;
import dev.berth.agent.linux.LinuxFiles;
import dev.berth.agent.linux.PosixFiles;
import dev.berth.testkit.TarBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerApplierTest {
  private static final int S_IFMT = 0170000;

  @TempDir Path temp;
  private Path root;
  private Path outside;
  private final PosixFiles posix = PosixFiles.system();

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(temp.resolve("a/b/root"));
    outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("victim"), "original");
  }

  private LayerApplier.Result apply(byte[] tar) throws IOException {
    return apply(tar, UnpackLimits.DEFAULT);
  }

  private LayerApplier.Result apply(byte[] tar, UnpackLimits limits) throws IOException {
    return new LayerApplier(posix, limits).apply(new ByteArrayInputStream(tar), root);
  }

  private static Map<String, Object> unix(Path path) throws IOException {
    return Files.readAttributes(
        path, "unix:mode,uid,gid,rdev,ino,nlink", LinkOption.NOFOLLOW_LINKS);
  }

  private static int mode(Path path) throws IOException {
    return (Integer) unix(path).get("mode");
  }

  private void assertOutsideUntouched() throws IOException {
    try (Stream<Path> files = Files.list(outside)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("victim");
    }
    assertThat(Files.readString(outside.resolve("victim"))).isEqualTo("original");
    try (Stream<Path> files = Files.list(temp.resolve("a/b"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("root");
    }
  }

  @Test
  void apply_everyEntryTypeWithModesOwnersAndTimes() throws IOException {
    byte[] tar =
        new TarBuilder()
            .dir("etc", 0755)
            .file("etc/passwd", "root:x:0:0\n".getBytes(StandardCharsets.UTF_8), 0644, 0, 0)
            .file("usr/bin/su", "#!su".getBytes(StandardCharsets.UTF_8), 04755, 0, 0)
            .dir("shared", 02775, 1000, 1000)
            .dir("tmp", 01777)
            .file("home/u/odd", "x".getBytes(StandardCharsets.UTF_8), 0421, 1234, 5678)
            .symlink("bin", "usr/bin")
            .symlink("abs", "/etc/passwd")
            .hardlink("usr/bin/su-again", "usr/bin/su")
            .fifo("run/fifo", 0620)
            .charDevice("dev/null", 0666, 1, 3)
            .blockDevice("dev/loop0", 0660, 7, 0)
            .fileWithXattr("xattr-file", "x", "user.berth", "yes")
            .build();

    assertThat(apply(tar).entries()).isEqualTo(13);

    assertThat(Files.readString(root.resolve("etc/passwd"))).isEqualTo("root:x:0:0\n");
    assertThat(mode(root.resolve("usr/bin/su"))).isEqualTo(0100000 | 04755);
    assertThat(mode(root.resolve("shared")) & 07777).isEqualTo(02775);
    assertThat(unix(root.resolve("shared")).get("uid")).isEqualTo(1000);
    assertThat(mode(root.resolve("tmp")) & 07777).isEqualTo(01777);
    assertThat(mode(root.resolve("home/u/odd")) & 07777).isEqualTo(0421);
    assertThat(unix(root.resolve("home/u/odd")).get("uid")).isEqualTo(1234);
    assertThat(unix(root.resolve("home/u/odd")).get("gid")).isEqualTo(5678);
    assertThat(mode(root.resolve("home")) & 07777).isEqualTo(0755); // implicit parent
    assertThat(Files.readSymbolicLink(root.resolve("bin"))).isEqualTo(Path.of("usr/bin"));
    assertThat(Files.readSymbolicLink(root.resolve("abs"))).isEqualTo(Path.of("/etc/passwd"));
    assertThat(unix(root.resolve("usr/bin/su-again")).get("ino"))
        .isEqualTo(unix(root.resolve("usr/bin/su")).get("ino"));
    assertThat(unix(root.resolve("usr/bin/su")).get("nlink")).isEqualTo(2);
    assertThat(mode(root.resolve("run/fifo"))).isEqualTo(0010000 | 0620);
    assertThat(mode(root.resolve("dev/null"))).isEqualTo(0020000 | 0666);
    assertThat(unix(root.resolve("dev/null")).get("rdev")).isEqualTo(LinuxFiles.makedev(1, 3));
    assertThat(mode(root.resolve("dev/loop0"))).isEqualTo(0060000 | 0660);
    assertThat(unix(root.resolve("dev/loop0")).get("rdev")).isEqualTo(LinuxFiles.makedev(7, 0));
    assertThat(posix.lgetxattr(root.resolve("xattr-file"), "user.berth"))
        .hasValueSatisfying(
            v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("yes"));
    assertThat(Files.getLastModifiedTime(root.resolve("etc/passwd")).toInstant())
        .isEqualTo(TarBuilder.MTIME);
    assertThat(Files.getLastModifiedTime(root.resolve("etc")).toInstant())
        .isEqualTo(TarBuilder.MTIME);
    assertThat(
            Files.getLastModifiedTime(root.resolve("abs"), LinkOption.NOFOLLOW_LINKS).toInstant())
        .isEqualTo(TarBuilder.MTIME);
  }

  @Test
  void apply_modesTheUmaskWouldMaskAndGroupsASetgidParentWouldImpose() throws IOException {
    byte[] tar =
        new TarBuilder()
            .file("world", "w".getBytes(StandardCharsets.UTF_8), 0777, 0, 0)
            .dir("open", 0777)
            .dir("shared", 02775, 0, 100)
            .file("shared/root-owned", "r".getBytes(StandardCharsets.UTF_8), 0644, 0, 0)
            .dir("shared/sub", 0755, 0, 0)
            .fifo("pipe", 0666)
            .build();

    apply(tar);

    assertThat(mode(root.resolve("world")) & 07777).isEqualTo(0777);
    assertThat(mode(root.resolve("open")) & 07777).isEqualTo(0777);
    assertThat(mode(root.resolve("pipe")) & 07777).isEqualTo(0666);
    assertThat(unix(root.resolve("shared/root-owned")).get("gid")).isEqualTo(0);
    assertThat(unix(root.resolve("shared/sub")).get("gid")).isEqualTo(0);
    assertThat(mode(root.resolve("shared/sub")) & 07777).isEqualTo(0755);
  }

  @Test
  void apply_whiteoutsBecomeOverlayForm() throws IOException {
    byte[] tar =
        new TarBuilder()
            .dir("etc", 0755)
            .whiteout("etc/removed")
            .whiteout("gone-dir")
            .dir("var/cache", 0700)
            .opaque("var/cache")
            .file("var/cache/new", "n")
            .opaque("fresh")
            .build();

    apply(tar);

    for (String whiteout : List.of("etc/removed", "gone-dir")) {
      Path path = root.resolve(whiteout);
      assertThat(mode(path) & S_IFMT).as(whiteout).isEqualTo(0020000);
      assertThat(unix(path).get("rdev")).isEqualTo(0L);
    }
    assertThat(root.resolve("etc/.wh.removed")).doesNotExist();
    assertThat(posix.lgetxattr(root.resolve("var/cache"), LayerApplier.OPAQUE_XATTR))
        .hasValueSatisfying(v -> assertThat(v).containsExactly('y'));
    assertThat(mode(root.resolve("var/cache")) & 07777).isEqualTo(0700);
    assertThat(root.resolve("var/cache/new")).exists();
    assertThat(root.resolve("var/cache/.wh..wh..opq")).doesNotExist();
    assertThat(posix.lgetxattr(root.resolve("fresh"), LayerApplier.OPAQUE_XATTR)).isPresent();
    assertThat(posix.lgetxattr(root.resolve("etc"), LayerApplier.OPAQUE_XATTR)).isEmpty();
  }

  @Test
  void apply_laterEntriesReplaceEarlierOnes() throws IOException {
    byte[] tar =
        new TarBuilder()
            .file("x", "first")
            .file("x", "second")
            .dir("d", 0755)
            .file("d/child", "c")
            .file("d", "now a file")
            .symlink("s", "x")
            .file("s", "replaces the link, not its target")
            .build();

    apply(tar);

    assertThat(Files.readString(root.resolve("x"))).isEqualTo("second");
    assertThat(Files.readString(root.resolve("d"))).isEqualTo("now a file");
    assertThat(Files.isSymbolicLink(root.resolve("s"))).isFalse();
    assertThat(Files.readString(root.resolve("s"))).isEqualTo("replaces the link, not its target");
  }

  @Test
  void apply_symlinksInsideTheLayerAreFollowedWithTheRootAsSlash() throws IOException {
    String absoluteOutside = outside.toString();
    byte[] tar =
        new TarBuilder()
            .dir("usr/lib", 0755)
            .symlink("lib", "usr/lib")
            .file("lib/via-relative", "r")
            .symlink("evil-abs", absoluteOutside)
            .file("evil-abs/victim", "written inside the layer, not on the host")
            .build();

    apply(tar);

    assertThat(Files.readString(root.resolve("usr/lib/via-relative"))).isEqualTo("r");
    assertThat(Files.readString(root.resolve(absoluteOutside.substring(1)).resolve("victim")))
        .isEqualTo("written inside the layer, not on the host");
    assertOutsideUntouched();
  }

  @Test
  void apply_refusesDotDotEscape() {
    byte[] tar = new TarBuilder().file("ok", "fine").file("../../outside/victim", "pwned").build();

    assertThatThrownBy(() -> apply(tar))
        .isInstanceOf(InvalidLayerException.class)
        .hasMessageContaining("'../../outside/victim'")
        .hasMessageContaining("'..'");
  }

  @Test
  void apply_refusesAbsolutePath() throws IOException {
    byte[] tar = new TarBuilder().file(outside.resolve("victim").toString(), "pwned").build();

    assertThatThrownBy(() -> apply(tar))
        .isInstanceOf(InvalidLayerException.class)
        .hasMessageContaining("absolute path refused");
    assertOutsideUntouched();
  }

  @Test
  void apply_refusesWritingThroughSymlinkThatEscapes() throws IOException {
    byte[] tar =
        new TarBuilder()
            .symlink("escape", "../../../outside")
            .file("escape/victim", "pwned")
            .build();

    assertThatThrownBy(() -> apply(tar))
        .isInstanceOf(InvalidLayerException.class)
        .hasMessageContaining("'escape/victim'")
        .hasMessageContaining("points outside the layer root");
    assertOutsideUntouched();
  }

  @Test
  void apply_refusesSymlinkChainEscape() throws IOException {
    byte[] tar =
        new TarBuilder()
            .dir("a", 0755)
            .symlink("a/up", "..")
            .symlink("hop", "a/up/a/up/..")
            .file("hop/victim", "pwned")
            .build();

    assertThatThrownBy(() -> apply(tar)).isInstanceOf(InvalidLayerException.class);
    assertOutsideUntouched();
  }

  @Test
  void apply_refusesHardlinkOutside() throws IOException {
    byte[] viaDotDot = new TarBuilder().hardlink("stolen", "../../../outside/victim").build();
    assertThatThrownBy(() -> apply(viaDotDot))
        .isInstanceOf(InvalidLayerException.class)
        .hasMessageContaining("'stolen'")
        .hasMessageContaining("outside the layer");

    byte[] viaSymlink =
        new TarBuilder()
            .symlink("out", "../../../outside")
            .hardlink("stolen2", "out/victim")
            .build();
    assertThatThrownBy(() -> apply(viaSymlink))
        .isInstanceOf(InvalidLayerException.class)
        .hasMessageContaining("'stolen2'");

    byte[] viaAbsolute =
        new TarBuilder().hardlink("stolen3", outside.resolve("victim").toString()).build();
    assertThatThrownBy(() -> apply(viaAbsolute)).isInstanceOf(InvalidLayerException.class);

    assertThat(unix(outside.resolve("victim")).get("nlink")).isEqualTo(1);
    assertOutsideUntouched();
  }

  @Test
  void apply_refusesHardlinkToMissingTarget() {
    byte[] tar = new TarBuilder().hardlink("l", "not/there").build();
    assertThatThrownBy(() -> apply(tar)).hasMessageContaining("not in this layer");
  }

  @Test
  void apply_stopsDecompressionBombBySize() throws IOException {
    byte[] big = new byte[1 << 20];
    byte[] tar = new TarBuilder().file("a", big, 0644, 0, 0).file("b", big, 0644, 0, 0).build();

    assertThatThrownBy(() -> apply(tar, new UnpackLimits(1_500_000, 100)))
        .isInstanceOf(InvalidLayerException.class)
        .hasMessageContaining("more than 1500000 bytes");
  }

  @Test
  void apply_stopsDecompressionBombByEntryCount() {
    TarBuilder builder = new TarBuilder();
    for (int i = 0; i < 50; i++) {
      builder.file("f" + i, "");
    }
    byte[] tar = builder.build();

    assertThatThrownBy(() -> apply(tar, new UnpackLimits(1L << 30, 20)))
        .isInstanceOf(InvalidLayerException.class)
        .hasMessageContaining("more than 20 entries");
  }

  @Test
  void apply_dropsForgedOverlayXattrs() throws IOException {
    byte[] tar =
        new TarBuilder().fileWithXattr("f", "x", "trusted.overlay.redirect", "/etc").build();

    apply(tar);

    assertThat(posix.lgetxattr(root.resolve("f"), "trusted.overlay.redirect")).isEmpty();
  }

  /** vfs_cap_data revision 2 granting setgid, setuid and net_bind_service: not valid UTF-8. */
  static final byte[] CAPABILITY = {
    0x01, 0x00, 0x00, 0x02, (byte) 0xc0, 0x04, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
  };

  @Test
  void apply_binaryXattrsByteForByte() throws IOException {
    byte[] binary = {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0x80, 0x41, (byte) 0xc3, 0x28, 0x0a};
    byte[] tar =
        new TarBuilder()
            // owned by someone else: the chown that follows creation must not clear it
            .fileWithXattr(
                "usr/bin/ping", "ping", 0755, 1000, 1000, "security.capability", CAPABILITY)
            .fileWithXattr("blob", "b", 0644, 0, 0, "user.binary", binary)
            .fileWithPaxHeaders(
                "archived-by-libarchive",
                "l",
                Map.of(
                    "LIBARCHIVE.xattr.user.with%3Dequals",
                    java.util.Base64.getEncoder().withoutPadding().encodeToString(binary)))
            .build();

    apply(tar);

    assertThat(posix.lgetxattr(root.resolve("usr/bin/ping"), "security.capability"))
        .hasValueSatisfying(v -> assertThat(v).containsExactly(CAPABILITY));
    assertThat(unix(root.resolve("usr/bin/ping")).get("uid")).isEqualTo(1000);
    assertThat(posix.lgetxattr(root.resolve("blob"), "user.binary"))
        .hasValueSatisfying(v -> assertThat(v).containsExactly(binary));
    assertThat(posix.lgetxattr(root.resolve("archived-by-libarchive"), "user.with=equals"))
        .hasValueSatisfying(v -> assertThat(v).containsExactly(binary));
  }

  @Test
  void nativeCall_failureNamesOperationPathAndErrno() {
    Path missing = root.resolve("missing/dir/file");
    assertThatThrownBy(() -> posix.chmod(missing, 0644))
        .isInstanceOf(ErrnoException.class)
        .hasMessage("chmod(" + missing + "): ENOENT (No such file or directory)");
  }
}
