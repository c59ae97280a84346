package dev.berth.registry.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryMappingTest {
  private static final List<String> SMAPS =
      List.of(
          "802f22000-8061aa000 r--p 0235c000 fe:00 5310916    /opt/berth/registry-server.jsa",
          "Size:              51744 kB",
          "Rss:               49152 kB",
          "Private_Clean:     49152 kB",
          "Private_Dirty:         0 kB",
          "Anonymous:             0 kB",
          "Swap:                  0 kB",
          "VmFlags: rd mr mw me",
          "800bc7000-802f22000 rw-p 00001000 fe:00 5310916    /opt/berth/registry-server.jsa",
          "Rss:               36140 kB",
          "Private_Dirty:     33280 kB",
          "7f0000000000-7f0000021000 rw-p 00000000 00:00 0 ",
          "Rss:                 132 kB",
          "Anonymous:           132 kB",
          "7f0000100000-7f0000200000 r--p 00000000 fe:00 77    /usr/lib/relocated.jsa",
          "Rss:                1024 kB",
          "Anonymous:           512 kB",
          "7fff00000000-7fff00002000 r-xp 00000000 00:00 0    [vdso]",
          "Rss:                   8 kB");

  @Test
  void parsesEachMappingWithItsResidentAndWrittenKibibytes() {
    List<MemoryMapping> mappings = MemoryMapping.parseSmaps(SMAPS);

    assertThat(mappings).hasSize(5);
    MemoryMapping archive = mappings.get(0);
    assertThat(archive.start()).isEqualTo(0x802f22000L);
    assertThat(archive.bytes()).isEqualTo(0x8061aa000L - 0x802f22000L);
    assertThat(archive.permissions()).isEqualTo("r--p");
    assertThat(archive.offset()).isEqualTo(0x235c000L);
    assertThat(archive.path()).isEqualTo("/opt/berth/registry-server.jsa");
    assertThat(archive.residentKib()).isEqualTo(49152);
    assertThat(archive.writtenKib()).isZero();
    assertThat(mappings.get(1).writtenKib()).isEqualTo(33280);
    assertThat(mappings.get(2).path()).isEmpty();
    assertThat(mappings.get(4).path()).isEqualTo("[vdso]");
  }

  @Test
  void onlyReadOnlyFilesThatNothingWroteCanBeDroppedAndReadAgain() {
    List<MemoryMapping> mappings = MemoryMapping.parseSmaps(SMAPS);

    assertThat(mappings)
        .filteredOn(MemoryMapping::isCleanFile)
        .extracting(MemoryMapping::start)
        .containsExactly(0x802f22000L);
  }

  @Test
  void anEmptyListingHasNoMappings() {
    assertThat(MemoryMapping.parseSmaps(List.of())).isEmpty();
    assertThat(MemoryMapping.parseSmaps(List.of("Rss: 4 kB"))).isEmpty();
  }
}
