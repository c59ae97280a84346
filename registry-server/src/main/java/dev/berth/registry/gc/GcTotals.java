package dev.berth.registry.gc;

import java.util.concurrent.atomic.AtomicLong;

/** Running totals of the garbage-collection runs since the registry started. */
public class GcTotals {
  private final AtomicLong runs = new AtomicLong();
  private final AtomicLong failedRuns = new AtomicLong();
  private final AtomicLong manifestsDeleted = new AtomicLong();
  private final AtomicLong linksReleased = new AtomicLong();
  private final AtomicLong blobsRemoved = new AtomicLong();
  private final AtomicLong bytesRemoved = new AtomicLong();

  void add(GcRun run) {
    runs.incrementAndGet();
    if (!run.completed()) {
      failedRuns.incrementAndGet();
    }
    manifestsDeleted.addAndGet(run.manifestsDeleted());
    linksReleased.addAndGet(run.blobs().linksReleased());
    blobsRemoved.addAndGet(run.blobs().blobsRemoved());
    bytesRemoved.addAndGet(run.blobs().bytesRemoved());
  }

  public long runs() {
    return runs.get();
  }

  /** Runs that stopped early on an error. */
  public long failedRuns() {
    return failedRuns.get();
  }

  public long manifestsDeleted() {
    return manifestsDeleted.get();
  }

  public long linksReleased() {
    return linksReleased.get();
  }

  public long blobsRemoved() {
    return blobsRemoved.get();
  }

  public long bytesRemoved() {
    return bytesRemoved.get();
  }
}
