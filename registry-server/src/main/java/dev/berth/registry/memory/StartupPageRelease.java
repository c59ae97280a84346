package dev.berth.registry.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Once the registry is up, gives back the pages of its read-only file mappings: above all the class
 * data archive that {@code bin/registry} maps (the classes' bytecode and names, 50 MiB), and the
 * JVM's own library. Start-up touches nearly all of it; serving touches a quarter to two thirds.
 * Each mapping is first told to read only the page a fault touches (without that, every page fault
 * made up to 8 MiB of its neighbours resident again), then its pages are dropped, as the kernel
 * would under memory pressure, with the page cache's copies of the file that no process maps (which
 * a page fault would otherwise map beside the page touched); whatever is touched later is read
 * again from the file.
 *
 * <p>Only mappings that nothing ever wrote to are touched, so no page is lost or sent to swap: an
 * archive that the JVM relocated (written) is left as it is. {@code berth.release-start-up-pages}
 * turns this off.
 */
@Component
class StartupPageRelease {
  private static final Logger log = LoggerFactory.getLogger(StartupPageRelease.class);
  private static final Path SMAPS = Path.of("/proc/self/smaps");
  private static final Path STATUS = Path.of("/proc/self/status");

  private final boolean enabled;

  StartupPageRelease(@Value("${berth.release-start-up-pages:true}") boolean enabled) {
    this.enabled = enabled;
  }

  @EventListener(ApplicationReadyEvent.class)
  void releaseOnceStarted() {
    if (!enabled || !Files.isReadable(SMAPS)) {
      return;
    }
    try {
      long before = residentKib();
      Released released = release(MemoryMapping.parseSmaps(Files.readAllLines(SMAPS)));
      log.info(
          "Start-up pages of {} read-only file mappings given back: resident {} MiB, now {} MiB",
          released.mappings(),
          before / 1024,
          residentKib() / 1024);
      if (released.failure() != null) {
        log.info("Some pages were kept: {}", released.failure().getMessage());
      }
    } catch (IOException | LinkageError e) {
      log.info("Start-up pages kept, as they could not be given back: {}", e.toString());
    }
  }

  /** What {@link #release} did: how many mappings it advised, and the first advice refused. */
  record Released(int mappings, IOException failure) {}

  /** Drops the pages of the clean file mappings among {@code mappings}; see the class comment. */
  static Released release(List<MemoryMapping> mappings) {
    int advised = 0;
    IOException failure = null;
    for (MemoryMapping mapping : mappings) {
      if (!mapping.isCleanFile()) {
        continue;
      }
      try {
        PageAdvice.readOnlyWhatIsTouched(mapping);
        PageAdvice.pageOut(mapping);
        PageAdvice.dropCachedCopies(mapping);
        advised++;
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
    }
    return new Released(advised, failure);
  }

  private static long residentKib() throws IOException {
    for (String line : Files.readAllLines(STATUS)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    return 0;
  }
}
