package dev.berth.registry.gc;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Garbage collection's totals as counters, when metrics are on ({@code berth.metrics.enabled}):
 * {@code berth_gc_runs_total}, {@code berth_gc_failed_runs_total}, {@code
 * berth_gc_removed_blobs_total}, {@code berth_gc_removed_bytes_total}, {@code
 * berth_gc_released_links_total} and {@code berth_gc_deleted_manifests_total} in Prometheus terms.
 */
@Component
@ConditionalOnBooleanProperty("berth.metrics.enabled")
public class GcMetrics implements MeterBinder {
  private final GcTotals totals;

  public GcMetrics(GarbageCollection gc) {
    this.totals = gc.totals();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, "berth.gc.runs", "garbage-collection runs", GcTotals::runs);
    counter(
        registry, "berth.gc.failed.runs", "runs that stopped on an error", GcTotals::failedRuns);
    counter(
        registry,
        "berth.gc.removed.blobs",
        "blobs whose files were deleted",
        GcTotals::blobsRemoved);
    FunctionCounter.builder(
            "berth.gc.removed", totals, (ToDoubleFunction<GcTotals>) GcTotals::bytesRemoved)
        .description("bytes of the files deleted")
        .baseUnit("bytes")
        .register(registry);
    counter(
        registry,
        "berth.gc.released.links",
        "blobs repositories let go of",
        GcTotals::linksReleased);
    counter(
        registry,
        "berth.gc.deleted.manifests",
        "untagged manifests deleted",
        GcTotals::manifestsDeleted);
  }

  private void counter(
      MeterRegistry registry, String name, String description, ToDoubleFunction<GcTotals> value) {
    FunctionCounter.builder(name, totals, value).description(description).register(registry);
  }
}
