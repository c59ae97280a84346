package dev.berth.registry.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.access.RepositoryAccess;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Repositories: created on first push, looked up by name, listed for the catalog. */
@Service
public class RepositoryService {
  private final RepositoryRecords records;
  private final RepositoryAccess access;
  private final TransactionTemplate newTransaction;
  private final Cache<String, Long> ids = Caffeine.newBuilder().maximumSize(100_000).build();

  public RepositoryService(
      RepositoryRecords records, RepositoryAccess access, PlatformTransactionManager transactions) {
    this.records = records;
    this.access = access;
    this.newTransaction = new TransactionTemplate(transactions);
    this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** The repository's id, if it exists. */
  public Optional<Long> find(RepositoryName name) {
    Long cached = ids.getIfPresent(name.value());
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Long> id = records.findByName(name.value()).map(RepositoryRecord::id);
    id.ifPresent(value -> ids.put(name.value(), value));
    return id;
  }

  /** The repository's id; NAME_UNKNOWN when it was never pushed to. */
  public long require(RepositoryName name) {
    return find(name)
        .orElseThrow(
            () -> new RegistryException(ErrorCode.NAME_UNKNOWN, "repository unknown: " + name));
  }

  /** The repository's id, creating the repository when new (safe against concurrent pushes). */
  public long findOrCreate(RepositoryName name) {
    Optional<Long> existing = find(name);
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      Long id =
          newTransaction.execute(
              status -> records.save(new RepositoryRecord(name.value(), Instant.now())).id());
      ids.put(name.value(), id);
      return id;
    } catch (DataIntegrityViolationException raced) {
      return require(name);
    }
  }

  /** Marks the repository as pushed to now. */
  public void touch(long repositoryId) {
    records.findById(repositoryId).ifPresent(record -> record.touch(Instant.now()));
  }

  /**
   * One catalog page: names after {@code last} in byte order that the caller may pull, at most
   * {@code n}, plus whether more follow.
   */
  public Page catalog(int n, String last) {
    List<String> names = new ArrayList<>();
    String cursor = last;
    int batch = Math.max(n + 1, 100);
    while (names.size() <= n) {
      List<RepositoryRecord> rows =
          cursor == null || cursor.isEmpty()
              ? records.findAllByOrderByNameAsc(Limit.of(batch))
              : records.findByNameGreaterThanOrderByNameAsc(cursor, Limit.of(batch));
      for (RepositoryRecord row : rows) {
        if (access.canPull(row.name())) {
          names.add(row.name());
          if (names.size() > n) {
            break;
          }
        }
      }
      if (rows.size() < batch) {
        break;
      }
      cursor = rows.get(rows.size() - 1).name();
    }
    boolean more = names.size() > n;
    return new Page(more ? names.subList(0, n) : names, more);
  }

  /** A page of names and whether another page follows. */
  public record Page(List<String> names, boolean more) {}
}
