package dev.berth.registry.blob;

import dev.berth.oci.Digest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps garbage collection away from stored bytes a request is about to rely on: a push that finds
 * a blob, or writes a manifest's bytes, reserves them before it checks them and ends the
 * reservation once the link or manifest row that uses them is stored. Meanwhile the blob's grace
 * period starts only {@link #RESERVATION} from now, whatever {@code berth.gc.grace} is, and neither
 * a collection nor a delete shortens it. A collection deleting the bytes at the moment of the
 * reservation is waited for (it holds the blob's row); they are then gone, and the caller stores
 * them again or reports them unknown.
 */
@Component
public class BlobReservations {
  /**
   * How long a reservation holds at most: far longer than a request takes from reserving bytes to
   * storing what uses them, and a reservation a crashed request never ended runs out.
   */
  static final Duration RESERVATION = Duration.ofMinutes(10);

  private final BlobRecords blobs;
  private final TransactionTemplate transaction;
  private final TransactionTemplate newTransaction;

  public BlobReservations(BlobRecords blobs, PlatformTransactionManager transactions) {
    this.blobs = blobs;
    this.transaction = new TransactionTemplate(transactions);
    this.newTransaction = new TransactionTemplate(transactions);
    this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** A reservation of a blob's bytes; {@link #end} it once what uses them is stored. */
  public record Reservation(String digest, Instant until) {}

  /** Reserves a blob that has a row; empty when it has none (there are no bytes to rely on). */
  public Optional<Reservation> reserveRecorded(Digest digest) {
    Reservation reservation = new Reservation(digest.toString(), until());
    return hold(reservation) ? Optional.of(reservation) : Optional.empty();
  }

  /** Reserves a blob whose bytes are about to be written, recording it when it has no row. */
  public Reservation reserve(Digest digest, long size) {
    Reservation reservation = new Reservation(digest.toString(), until());
    if (!hold(reservation)) {
      try {
        newTransaction.executeWithoutResult(
            status -> blobs.save(new BlobRecord(reservation.digest(), size, reservation.until())));
      } catch (DataIntegrityViolationException recordedMeanwhile) {
        hold(reservation);
      }
    }
    return reservation;
  }

  /**
   * Ends a reservation: the blob's grace period starts now, unless another request has reserved it
   * for longer since.
   */
  public void end(Reservation reservation) {
    newTransaction.executeWithoutResult(
        status -> blobs.endReservation(reservation.digest(), reservation.until(), Instant.now()));
  }

  /** Ends each of the reservations. */
  public void end(Collection<Reservation> reservations) {
    reservations.forEach(this::end);
  }

  /**
   * Starts the grace period of bytes nothing may use any more (a blob a repository let go, the
   * bytes of a manifest just deleted), in the caller's transaction if there is one; a reservation
   * in place is not shortened.
   */
  public void startGrace(Digest digest) {
    transaction.executeWithoutResult(
        status -> blobs.restartGrace(digest.toString(), Instant.now()));
  }

  private boolean hold(Reservation reservation) {
    Integer rows =
        newTransaction.execute(
            status -> blobs.restartGrace(reservation.digest(), reservation.until()));
    return rows != null && rows > 0;
  }

  /** Truncated to what every database stores, so that {@link #end} finds it again. */
  private static Instant until() {
    return Instant.now().plus(RESERVATION).truncatedTo(ChronoUnit.MILLIS);
  }
}
