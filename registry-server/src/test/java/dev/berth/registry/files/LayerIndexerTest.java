package dev.berth.registry.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.berth.registry.files.LayerEntry.Type;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LayerIndexerTest {

  private static Map<String, LayerEntry> byKey(LayerIndex index) {
    return index.entries().stream()
        .collect(
            Collectors.toMap(
                entry -> entry.type().name().charAt(0) + ":" + entry.path(), Function.identity()));
  }

  @Test
  void index_listsFilesDirectoriesAndLinksWithNormalisedPaths() throws IOException {
    byte[] layer =
        new TarFixture()
            .dir("./")
            .dir("./etc")
            .file("./etc/os-release", "ID=berth\n")
            .file("/usr/bin/tool", "#!/bin/sh\n", 0755)
            .symlink("bin", "usr/bin")
            .hardlink("usr/bin/tool2", "./usr/bin/tool")
            .tar();

    LayerIndex index = LayerIndexer.index(new ByteArrayInputStream(layer));

    Map<String, LayerEntry> entries = byKey(index);
    assertThat(entries)
        .containsOnlyKeys(
            "D:", "D:etc", "F:etc/os-release", "F:usr/bin/tool", "S:bin", "H:usr/bin/tool2");
    assertThat(entries.get("F:etc/os-release").size()).isEqualTo(9);
    assertThat(entries.get("F:usr/bin/tool").modeString()).isEqualTo("-rwxr-xr-x");
    assertThat(entries.get("F:usr/bin/tool").owner()).isEqualTo("root:root");
    assertThat(entries.get("S:bin").linkTarget()).isEqualTo("usr/bin");
    assertThat(entries.get("H:usr/bin/tool2").linkTarget()).isEqualTo("usr/bin/tool");
    assertThat(entries.get("D:etc").modeString()).isEqualTo("drwxr-xr-x");
  }

  @Test
  void index_recognisesWhiteoutsAndOpaqueDirectories() throws IOException {
    byte[] layer =
        new TarFixture()
            .whiteout("etc/motd")
            .whiteout("top")
            .opaque("var/cache")
            .file("var/cache/new", "n")
            .tar();

    LayerIndex index = LayerIndexer.index(new ByteArrayInputStream(layer));

    assertThat(index.removals())
        .extracting(LayerEntry::type, LayerEntry::path)
        .containsExactly(
            tuple(Type.WHITEOUT, "etc/motd"),
            tuple(Type.WHITEOUT, "top"),
            tuple(Type.OPAQUE, "var/cache"));
    assertThat(index.additions()).extracting(LayerEntry::path).containsExactly("var/cache/new");
  }

  @Test
  void index_skipsPathsEscapingTheRoot() throws IOException {
    byte[] layer =
        new TarFixture().file("../evil", "x").file("a/../../evil2", "x").file("ok", "y").tar();

    LayerIndex index = LayerIndexer.index(new ByteArrayInputStream(layer));

    assertThat(index.entries()).extracting(LayerEntry::path).containsExactly("ok");
    assertThat(index.skipped()).isEqualTo(2);
  }

  @Test
  void index_keepsTheLastEntryForARepeatedPath() throws IOException {
    byte[] layer = new TarFixture().file("a", "first").file("b", "b").file("a", "second!").tar();

    LayerIndex index = LayerIndexer.index(new ByteArrayInputStream(layer));

    assertThat(index.entries()).extracting(LayerEntry::path).containsExactly("b", "a");
    assertThat(index.entries().get(1).size()).isEqualTo(7);
  }

  @Test
  void index_readsGzipAndZstdLayersByTheirMagicBytes() throws IOException {
    TarFixture fixture = new TarFixture().file("hello.txt", "hello");
    byte[] plain = fixture.tar();
    for (byte[] blob :
        new byte[][] {plain, TarFixture.compress(plain, false), TarFixture.compress(plain, true)}) {
      LayerIndex index = LayerIndexer.index(new ByteArrayInputStream(blob));
      assertThat(index.entries()).extracting(LayerEntry::path).containsExactly("hello.txt");
    }
  }

  @Test
  void index_ofALongPaxPath() throws IOException {
    String longName = "d/" + "x".repeat(200) + "/file";
    byte[] layer = new TarFixture().file(longName, "z").tar();

    LayerIndex index = LayerIndexer.index(new ByteArrayInputStream(layer));

    assertThat(index.entries()).extracting(LayerEntry::path).containsExactly(longName);
  }

  @Test
  void codec_roundTripsEveryField() throws IOException {
    byte[] layer =
        new TarFixture()
            .dir("etc")
            .file("etc/ünïcode name", "x", 04755)
            .symlink("link", "/abs/target")
            .whiteout("gone")
            .opaque("etc")
            .tar();
    LayerIndex index = LayerIndexer.index(new ByteArrayInputStream(layer));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LayerIndexCodec.write(index, out);
    LayerIndex read = LayerIndexCodec.read(new ByteArrayInputStream(out.toByteArray()));

    assertThat(read).isEqualTo(index);
    assertThat(byKey(read).get("F:etc/ünïcode name").modeString()).isEqualTo("-rwsr-xr-x");
  }
}
