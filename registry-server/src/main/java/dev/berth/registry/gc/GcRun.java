package dev.berth.registry.gc;

import dev.berth.registry.blob.BlobCollection;
import java.time.Duration;
import java.time.Instant;

/**
 * One garbage-collection run, as the storage page reports it.
 *
 * @param started when it started
 * @param took how long it took
 * @param manifestsDeleted untagged manifests deleted ({@code berth.gc.untagged-after})
 * @param blobs what the blob collector did
 * @param failure why the run stopped early, or null when it completed
 */
public record GcRun(
    Instant started, Duration took, int manifestsDeleted, BlobCollection blobs, String failure) {

  /** True when the run completed. */
  public boolean completed() {
    return failure == null;
  }
}
