package dev.berth.registry.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.files.LayerEntry.Type;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergedTreeTest {

  private static LayerIndex layer(TarFixture fixture) {
    try {
      return LayerIndexer.index(new ByteArrayInputStream(fixture.tar()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MergedTree merge(TarFixture... layers) {
    return MergedTree.of(Arrays.stream(layers).map(MergedTreeTest::layer).toList());
  }

  private static List<String> names(MergedTree tree, String directory) {
    return tree.children(directory).stream().map(node -> node.entry().name()).toList();
  }

  @Test
  void of_laterLayerOverridesAndRecordsWhichLayerWroteEachPath() {
    MergedTree tree =
        merge(
            new TarFixture().dir("etc").file("etc/a", "1").file("etc/b", "1"),
            new TarFixture().dir("etc").file("etc/b", "22"));

    assertThat(names(tree, "etc")).containsExactly("a", "b");
    assertThat(tree.get("etc/a").orElseThrow().layer()).isZero();
    assertThat(tree.get("etc/b").orElseThrow().layer()).isEqualTo(1);
    assertThat(tree.get("etc/b").orElseThrow().entry().size()).isEqualTo(2);
    assertThat(tree.totalSize()).isEqualTo(3);
  }

  @Test
  void of_whiteoutHidesAFileAndAWholeDirectoryFromLowerLayers() {
    MergedTree tree =
        merge(
            new TarFixture()
                .dir("etc")
                .file("etc/secret", "s")
                .file("etc/keep", "k")
                .dir("opt/app")
                .file("opt/app/x", "x"),
            new TarFixture().whiteout("etc/secret").whiteout("opt/app"));

    assertThat(tree.get("etc/secret")).isEmpty();
    assertThat(tree.get("opt/app")).isEmpty();
    assertThat(tree.get("opt/app/x")).isEmpty();
    assertThat(names(tree, "etc")).containsExactly("keep");
    assertThat(names(tree, "opt")).isEmpty();
  }

  @Test
  void of_whiteoutDoesNotHideAFileOfItsOwnLayer() {
    MergedTree tree =
        merge(new TarFixture().file("a", "old"), new TarFixture().whiteout("a").file("a", "new!"));

    assertThat(tree.get("a").orElseThrow().entry().size()).isEqualTo(4);
    assertThat(tree.get("a").orElseThrow().layer()).isEqualTo(1);
  }

  @Test
  void of_opaqueDirectoryHidesLowerContentButKeepsItsOwn() {
    MergedTree tree =
        merge(
            new TarFixture()
                .dir("var/cache")
                .file("var/cache/old1", "1")
                .file("var/cache/old2", "2"),
            new TarFixture().dir("var/cache").opaque("var/cache").file("var/cache/new", "n"));

    assertThat(names(tree, "var/cache")).containsExactly("new");
    assertThat(tree.get("var/cache")).isPresent();
  }

  @Test
  void of_fileReplacingADirectoryRemovesItsSubtree() {
    MergedTree tree =
        merge(
            new TarFixture().dir("lib").file("lib/libc.so", "c"),
            new TarFixture().symlink("lib", "usr/lib"));

    assertThat(tree.get("lib").orElseThrow().entry().type()).isEqualTo(Type.SYMLINK);
    assertThat(tree.get("lib/libc.so")).isEmpty();
  }

  @Test
  void of_directoryOverDirectoryMergesChildren() {
    MergedTree tree =
        merge(
            new TarFixture().dir("usr").file("usr/one", "1"),
            new TarFixture().dir("usr").file("usr/two", "2"));

    assertThat(names(tree, "usr")).containsExactly("one", "two");
  }

  @Test
  void of_fillsInImpliedParentDirectoriesAndListsDirectoriesFirst() {
    MergedTree tree = merge(new TarFixture().file("z-file", "z").file("a/b/c/deep", "d"));

    assertThat(names(tree, "")).containsExactly("a", "z-file");
    assertThat(tree.get("a/b").orElseThrow().implied()).isTrue();
    assertThat(tree.get("a/b").orElseThrow().entry().type()).isEqualTo(Type.DIRECTORY);
    assertThat(names(tree, "a/b/c")).containsExactly("deep");
  }

  @Test
  void of_siblingWithACommonPrefixSurvivesRemovalOfADirectory() {
    MergedTree tree =
        merge(
            new TarFixture().file("app/x", "1").file("app-data/y", "2").file("app.conf", "3"),
            new TarFixture().whiteout("app"));

    assertThat(names(tree, "")).containsExactly("app-data", "app.conf");
    assertThat(tree.get("app-data/y")).isPresent();
  }

  @Test
  void resolveHardlink_followsToTheTargetEntry() {
    MergedTree tree =
        merge(new TarFixture().file("bin/real", "12345").hardlink("bin/alias", "bin/real"));

    MergedTree.Node alias = tree.get("bin/alias").orElseThrow();
    assertThat(alias.entry().type()).isEqualTo(Type.HARDLINK);
    assertThat(tree.resolveHardlink(alias).orElseThrow().entry().size()).isEqualTo(5);
  }

  @Test
  void layerChanges_reportsAddedChangedDeletedAndOpaque() {
    LayerIndex base =
        layer(
            new TarFixture()
                .dir("etc")
                .file("etc/a", "1")
                .file("etc/gone", "g")
                .dir("cache")
                .file("cache/x", "x")
                .file("cache/y", "y"));
    LayerIndex top =
        layer(
            new TarFixture()
                .dir("etc")
                .file("etc/a", "changed")
                .file("etc/new", "n")
                .whiteout("etc/gone")
                .opaque("cache"));

    LayerChanges changes = LayerChanges.of(MergedTree.of(List.of(base)), top);

    assertThat(changes.changes())
        .extracting(change -> change.kind() + " " + change.entry().path() + " " + change.hidden())
        .containsExactly(
            "OPAQUE cache 2", "CHANGED etc/a 0", "DELETED etc/gone 1", "ADDED etc/new 0");
    assertThat(changes.added()).isEqualTo(1);
    assertThat(changes.changed()).isEqualTo(1);
    assertThat(changes.deleted()).isEqualTo(2);
    assertThat(changes.addedBytes()).isEqualTo(8);
  }
}
