package dev.berth.registry.blob;

import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.storage.BlobStorage;
import java.io.IOException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Purges abandoned uploads: sessions untouched for {@code berth.upload.purge-after}, and upload
 * files that no session owns (left by a crash in the middle of a monolithic upload).
 */
@Component
public class UploadPurger {
  private static final Logger log = LoggerFactory.getLogger(UploadPurger.class);

  private final UploadSessions sessions;
  private final UploadService uploads;
  private final BlobStorage storage;
  private final RegistryProperties properties;

  public UploadPurger(
      UploadSessions sessions,
      UploadService uploads,
      BlobStorage storage,
      RegistryProperties properties) {
    this.sessions = sessions;
    this.uploads = uploads;
    this.storage = storage;
    this.properties = properties;
  }

  /** Runs one purge; returns how many uploads were removed. */
  @Scheduled(
      initialDelayString = "${berth.upload.purge-interval:15m}",
      fixedDelayString = "${berth.upload.purge-interval:15m}")
  public int purge() {
    if (properties.readOnly()) {
      return 0; // abandoned uploads are kept while the registry is read-only
    }
    Instant cutoff = Instant.now().minus(properties.upload().purgeAfter());
    int purged = 0;
    for (UploadSession session : sessions.findByUpdatedAtBefore(cutoff)) {
      uploads.purge(session.id());
      purged++;
    }
    try {
      for (String id : storage.uploadsOlderThan(cutoff)) {
        if (!sessions.existsById(id)) {
          storage.cancel(id);
          purged++;
        }
      }
    } catch (IOException e) {
      log.warn("could not list abandoned uploads", e);
    }
    if (purged > 0) {
      log.info("purged {} abandoned uploads older than {}", purged, cutoff);
    }
    return purged;
  }
}
