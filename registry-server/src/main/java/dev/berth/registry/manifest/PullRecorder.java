package dev.berth.registry.manifest;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.catalog.RepositoryService;
import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Remembers the latest pull of each manifest in memory and writes them to {@code
 * manifest.pulled_at} every few seconds, so that a pull never waits for the database.
 *
 * <p>A repeated pull of the same manifest only stores a {@code long}: two map lookups on keys the
 * request already holds, no allocation. A crash loses at most one flush interval of pull times,
 * which only makes "last pulled" a few seconds older than it should be.
 */
@Component
public class PullRecorder implements ManifestPullListener {
  private static final Logger log = LoggerFactory.getLogger(PullRecorder.class);

  /** How long stopping waits for the last pull times to be written. */
  static final Duration SHUTDOWN_FLUSH_WAIT = Duration.ofSeconds(5);

  private final ConcurrentHashMap<RepositoryName, ConcurrentHashMap<Digest, Stamp>> latest =
      new ConcurrentHashMap<>();
  private final RepositoryService repositories;
  private final JdbcTemplate jdbc;

  public PullRecorder(RepositoryService repositories, JdbcTemplate jdbc) {
    this.repositories = repositories;
    this.jdbc = jdbc;
  }

  @Override
  public void pulled(RepositoryName repository, Digest digest) {
    long now = System.currentTimeMillis();
    ConcurrentHashMap<Digest, Stamp> digests = latest.get(repository);
    if (digests == null) {
      digests = latest.computeIfAbsent(repository, key -> new ConcurrentHashMap<>());
    }
    Stamp stamp = digests.get(digest);
    if (stamp == null) {
      stamp = digests.computeIfAbsent(digest, key -> new Stamp());
    }
    stamp.pulledAt = now;
  }

  /** Writes the pull times recorded since the last flush; returns how many it wrote. */
  @Scheduled(
      fixedDelayString = "${berth.pull-flush-interval:5s}",
      initialDelayString = "${berth.pull-flush-interval:5s}")
  public synchronized int flush() {
    List<Object[]> batch = new ArrayList<>();
    List<Runnable> afterWrite = new ArrayList<>();
    for (Map.Entry<RepositoryName, ConcurrentHashMap<Digest, Stamp>> repository :
        latest.entrySet()) {
      Optional<Long> repositoryId = repositories.find(repository.getKey());
      for (Map.Entry<Digest, Stamp> entry : repository.getValue().entrySet()) {
        Stamp stamp = entry.getValue();
        long pulledAt = stamp.pulledAt;
        if (pulledAt == stamp.flushedAt) {
          // Not pulled since the last flush: forget it so idle manifests cost no memory.
          if (repository.getValue().remove(entry.getKey(), stamp) && stamp.pulledAt != pulledAt) {
            repository.getValue().putIfAbsent(entry.getKey(), stamp); // pulled while removing
          }
          continue;
        }
        if (repositoryId.isPresent()) {
          Timestamp time = Timestamp.from(Instant.ofEpochMilli(pulledAt));
          batch.add(new Object[] {time, repositoryId.get(), entry.getKey().toString(), time});
        }
        afterWrite.add(() -> stamp.flushedAt = pulledAt);
      }
      if (repository.getValue().isEmpty()) {
        latest.remove(repository.getKey(), repository.getValue());
      }
    }
    if (batch.isEmpty()) {
      return 0;
    }
    try {
      jdbc.batchUpdate(
          "update manifest set pulled_at = ? where repository_id = ? and digest = ?"
              + " and (pulled_at is null or pulled_at < ?)",
          batch);
      afterWrite.forEach(Runnable::run);
      return batch.size();
    } catch (RuntimeException e) {
      log.warn("could not record pull times, will retry: {}", e.getMessage());
      return 0;
    }
  }

  /**
   * Writes what is left when the registry stops, waiting for it at most {@link
   * #SHUTDOWN_FLUSH_WAIT}: the database may be stopping with the host, and the pool would otherwise
   * hold shutdown for its whole connection timeout (30 s) waiting for a connection.
   */
  @PreDestroy
  void flushOnShutdown() {
    flushWithin(SHUTDOWN_FLUSH_WAIT);
  }

  /** Flushes on a thread of its own and waits for it at most {@code wait}; true if it finished. */
  boolean flushWithin(Duration wait) {
    FutureTask<Integer> last = new FutureTask<>(this::flush);
    Thread thread = new Thread(last, "pull-time-flush");
    thread.setDaemon(true); // never keeps the JVM alive
    thread.start();
    try {
      last.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      log.warn("pull times not written: the database did not answer within {}", wait);
      return false;
    } catch (ExecutionException e) {
      log.warn("pull times not written: {}", e.getCause().toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The latest pull of one manifest and the latest one written to the database. */
  private static final class Stamp {
    volatile long pulledAt;
    volatile long flushedAt;
  }
}
