package dev.berth.registry.blob;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.access.RepositoryAccess;
import dev.berth.registry.blob.BlobReservations.Reservation;
import dev.berth.registry.catalog.RepositoryRecord;
import dev.berth.registry.catalog.RepositoryRecords;
import dev.berth.registry.catalog.RepositoryService;
import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.error.BlobUnknownException;
import dev.berth.registry.error.DeleteDisabledException;
import dev.berth.registry.error.PullThroughCacheException;
import dev.berth.registry.error.ReadOnlyException;
import dev.berth.registry.storage.BlobStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Blobs as repositories see them: a blob is readable in a repository only when linked to it, and
 * only while its stored bytes are whole (a missing or truncated file reads as unknown, so clients
 * push it again).
 */
@Service
public class BlobService {
  private final BlobStorage storage;
  private final BlobRecords blobs;
  private final BlobLinks links;
  private final BlobReservations reservations;
  private final RepositoryService repositories;
  private final RepositoryRecords repositoryRecords;
  private final RepositoryAccess access;
  private final RegistryProperties properties;
  private final TransactionTemplate newTransaction;

  public BlobService(
      BlobStorage storage,
      BlobRecords blobs,
      BlobLinks links,
      BlobReservations reservations,
      RepositoryService repositories,
      RepositoryRecords repositoryRecords,
      RepositoryAccess access,
      RegistryProperties properties,
      PlatformTransactionManager transactions) {
    this.storage = storage;
    this.blobs = blobs;
    this.links = links;
    this.reservations = reservations;
    this.repositories = repositories;
    this.repositoryRecords = repositoryRecords;
    this.access = access;
    this.properties = properties;
    this.newTransaction = new TransactionTemplate(transactions);
    this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** The blob's content in {@code repository}; BLOB_UNKNOWN when not linked or not whole. */
  public OpenBlob open(RepositoryName repository, Digest digest) {
    long size = linkedSize(repository, digest);
    try {
      return storage
          .open(digest, size)
          .map(OpenBlob::new)
          .orElseThrow(() -> new BlobUnknownException(digest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The blob's size in {@code repository}; BLOB_UNKNOWN when not linked or not whole. */
  public long stat(RepositoryName repository, Digest digest) {
    return open(repository, digest).size();
  }

  /**
   * For a manifest about to reference the blob: reserves it when {@code repository} links a whole
   * copy, so that garbage collection cannot delete it before the manifest's references are stored;
   * empty when the repository has no whole copy.
   */
  public Optional<Reservation> reserveLinked(long repositoryId, Digest digest) {
    Optional<BlobRecord> linked = blobs.findLinked(repositoryId, digest.toString());
    if (linked.isEmpty()) {
      return Optional.empty();
    }
    Optional<Reservation> reservation = reservations.reserveRecorded(digest);
    if (reservation.isPresent() && !isWhole(digest, linked.get().size())) {
      reservations.end(reservation.get());
      return Optional.empty();
    }
    return reservation;
  }

  /**
   * Links an existing blob into {@code target} without moving bytes.
   *
   * @param from the repository the client says holds the blob, or empty to look in any repository
   *     the caller may pull from
   * @return true when mounted; false when the blob is not available to the caller
   */
  public boolean mount(RepositoryName target, Digest digest, Optional<RepositoryName> from) {
    requirePushable(target);
    boolean readable;
    if (from.isPresent()) {
      readable =
          access.canPull(from.get().value())
              && repositories
                  .find(from.get())
                  .map(id -> blobs.findLinked(id, digest.toString()).isPresent())
                  .orElse(false);
    } else {
      List<Long> linking = links.repositoriesLinking(digest.toString());
      readable =
          repositoryRecords.findAllById(linking).stream()
              .map(RepositoryRecord::name)
              .anyMatch(access::canPull);
    }
    if (!readable) {
      return false;
    }
    return linkReserved(target, digest, OptionalLong.empty());
  }

  /**
   * Links a blob that is already stored whole into {@code repository}, for a caller that knows the
   * repository holds it (a pull-through cache whose remote has it).
   *
   * @return false when no whole copy of {@code size} bytes is stored
   */
  public boolean linkStored(RepositoryName repository, Digest digest, long size) {
    return linkReserved(repository, digest, OptionalLong.of(size));
  }

  /** Links a stored blob, if it is whole (and of {@code size}), holding a reservation meanwhile. */
  private boolean linkReserved(RepositoryName repository, Digest digest, OptionalLong size) {
    Optional<Reservation> reservation = reservations.reserveRecorded(digest);
    if (reservation.isEmpty()) {
      return false;
    }
    try {
      Optional<BlobRecord> blob = blobs.findById(digest.toString());
      if (blob.isEmpty()
          || (size.isPresent() && blob.get().size() != size.getAsLong())
          || !isWhole(digest, blob.get().size())) {
        return false;
      }
      link(repositories.findOrCreate(repository), digest, blob.get().size());
      return true;
    } finally {
      reservations.end(reservation.get());
    }
  }

  /**
   * Turns a verified upload into the blob {@code digest} and links it into a repository: reserves
   * the blob, so garbage collection cannot delete a copy already stored that the commit then keeps,
   * and commits the bytes.
   *
   * @throws IOException when the upload is missing or not of {@code size} bytes
   */
  public void publish(long repositoryId, String uploadId, Digest digest, long size)
      throws IOException {
    Reservation reservation = reservations.reserve(digest, size);
    try {
      storage.commit(uploadId, digest, size);
      link(repositoryId, digest, size);
    } finally {
      reservations.end(reservation);
    }
  }

  /** Records a committed blob and links it into a repository; idempotent and race-safe. */
  public void link(long repositoryId, Digest digest, long size) {
    String key = digest.toString();
    if (!blobs.existsById(key)) {
      insertIgnoringRace(() -> blobs.save(new BlobRecord(key, size, Instant.now())));
    }
    BlobLink.Key linkKey = new BlobLink.Key(repositoryId, key);
    if (!links.existsById(linkKey)) {
      insertIgnoringRace(() -> links.save(new BlobLink(repositoryId, key, Instant.now())));
    }
  }

  /** Removes the blob from {@code repository}. Other repositories keep their links. */
  public void delete(RepositoryName repository, Digest digest) {
    requireDeletable();
    long repositoryId =
        repositories.find(repository).orElseThrow(() -> new BlobUnknownException(digest));
    BlobLink.Key key = new BlobLink.Key(repositoryId, digest.toString());
    if (!links.existsById(key)) {
      throw new BlobUnknownException(digest);
    }
    newTransaction.executeWithoutResult(
        status -> {
          links.deleteById(key);
          reservations.startGrace(digest);
        });
  }

  /**
   * Makes sure {@code repository} links the blobs a manifest just pushed into it references.
   * Garbage collection may have let one go between the push's check and the manifest's references
   * being stored (its bytes are kept while {@link #reserveLinked}'s reservation holds); it is
   * linked again here. Non-distributable layers ({@code urls}) are not stored here and are skipped.
   */
  public void retain(long repositoryId, List<Descriptor> referenced) {
    for (Descriptor blob : referenced) {
      if (blob.urls().isEmpty()) {
        link(repositoryId, blob.digest(), blob.size());
      }
    }
  }

  /** Refuses a delete (405 UNSUPPORTED) while the registry is read-only or deletion is off. */
  public void requireDeletable() {
    if (properties.readOnly()) {
      throw new ReadOnlyException();
    }
    if (!properties.deleteEnabled()) {
      throw new DeleteDisabledException();
    }
  }

  /**
   * Refuses a push (405 UNSUPPORTED) while the registry is read-only, or into a repository that
   * mirrors another registry.
   */
  public void requirePushable(RepositoryName repository) {
    if (properties.readOnly()) {
      throw new ReadOnlyException();
    }
    RegistryProperties.Proxy proxy = properties.proxy();
    if (proxy.covers(repository)) {
      throw new PullThroughCacheException(repository, proxy.remoteUrl().toString());
    }
  }

  private long linkedSize(RepositoryName repository, Digest digest) {
    long repositoryId =
        repositories.find(repository).orElseThrow(() -> new BlobUnknownException(digest));
    return blobs
        .findLinked(repositoryId, digest.toString())
        .map(BlobRecord::size)
        .orElseThrow(() -> new BlobUnknownException(digest));
  }

  private boolean isWhole(Digest digest, long size) {
    try {
      return storage.size(digest).map(actual -> actual == size).orElse(false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void insertIgnoringRace(Runnable insert) {
    try {
      newTransaction.executeWithoutResult(status -> insert.run());
    } catch (DataIntegrityViolationException alreadyThere) {
      // Another request inserted the same row first; the row is what we wanted.
    }
  }
}
