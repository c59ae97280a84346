package dev.berth.registry.auth.audit;

import dev.berth.registry.auth.AuthProperties;
import dev.berth.registry.auth.Caller;
import dev.berth.registry.auth.ConditionalOnAuthEnabled;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log. Recording only puts the event on a bounded queue, so a pull costs the request no
 * database write; a scheduled task writes the queue in batches. Readers flush first, so what a page
 * shows includes everything recorded before it was asked for.
 */
@Service
@ConditionalOnAuthEnabled
public class AuditLog {
  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
  private static final int CAPACITY = 50_000;
  private static final int BATCH = 500;

  private final AuditEvents events;
  private final TransactionTemplate transactions;
  private final AuthProperties properties;
  private final BlockingQueue<AuditEvent> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicLong dropped = new AtomicLong();

  public AuditLog(AuditEvents events, TransactionTemplate transactions, AuthProperties properties) {
    this.events = events;
    this.transactions = transactions;
    this.properties = properties;
  }

  /** Records an event; never blocks the caller. */
  public void record(
      Caller caller,
      String address,
      AuditAction action,
      String project,
      String target,
      String outcome,
      String detail) {
    record(caller.displayName(), address, action, project, target, outcome, detail);
  }

  /** Records an event for an actor given by name (such as a failed login's claimed name). */
  public void record(
      String actor,
      String address,
      AuditAction action,
      String project,
      String target,
      String outcome,
      String detail) {
    AuditEvent event =
        new AuditEvent(Instant.now(), actor, address, action, project, target, outcome, detail);
    if (!queue.offer(event)) {
      long lost = dropped.incrementAndGet();
      if (lost % 1000 == 1) {
        log.warn("audit queue full: {} events dropped so far", lost);
      }
    }
  }

  /** Writes queued events now. */
  @Scheduled(fixedDelay = 1000)
  public synchronized void flush() {
    List<AuditEvent> batch = new ArrayList<>(BATCH);
    while (queue.drainTo(batch, BATCH) > 0) {
      List<AuditEvent> toSave = List.copyOf(batch);
      transactions.executeWithoutResult(status -> events.saveAll(toSave));
      batch.clear();
    }
  }

  /** A page of events, newest first. */
  public Page<AuditEvent> find(AuditFilter filter, int page, int size) {
    flush();
    return events.findAll(
        filter.specification(),
        PageRequest.of(
            Math.max(page, 0),
            Math.min(Math.max(size, 1), 500),
            Sort.by(Sort.Order.desc("occurredAt"), Sort.Order.desc("id"))));
  }

  /** Deletes events older than the retention period. */
  @Scheduled(fixedDelay = 3_600_000, initialDelay = 60_000)
  public void expire() {
    Instant cutoff = Instant.now().minus(properties.auditRetention());
    Integer removed = transactions.execute(status -> events.deleteOlderThan(cutoff));
    if (removed != null && removed > 0) {
      log.info("removed {} audit events older than {}", removed, cutoff);
    }
  }

  @PreDestroy
  void shutdown() {
    try {
      flush();
    } catch (RuntimeException e) {
      log.warn("could not write the last audit events: {}", e.getMessage());
    }
  }
}
