package dev.berth.registry.blob;

import java.time.Instant;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Upload session rows. */
public interface UploadSessions extends JpaRepository<UploadSession, String> {
  List<UploadSession> findByUpdatedAtBefore(Instant cutoff);
}
