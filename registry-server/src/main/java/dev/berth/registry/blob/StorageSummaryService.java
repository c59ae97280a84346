package dev.berth.registry.blob;

import dev.berth.registry.access.RepositoryAccess;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Where the bytes go: what the store holds once (blobs are content-addressed and shared), what each
 * repository references, how much of that it shares with other repositories, and how much nothing
 * uses any more. A few aggregate queries, whatever the number of repositories.
 */
@Service
public class StorageSummaryService {
  private final JdbcTemplate jdbc;
  private final BlobRecords blobs;
  private final RepositoryAccess access;

  public StorageSummaryService(JdbcTemplate jdbc, BlobRecords blobs, RepositoryAccess access) {
    this.jdbc = jdbc;
    this.blobs = blobs;
    this.access = access;
  }

  /**
   * The store as a whole.
   *
   * @param storedBytes bytes actually stored: each blob and each manifest once
   * @param blobs how many distinct blobs
   * @param referencedBytes the sum over repositories of what each references (counting shared blobs
   *     once per repository)
   * @param sharedBytes bytes of blobs and manifests that more than one repository holds, stored
   *     once
   * @param unusedBlobs stored blobs and manifests no repository links, references or holds any
   *     more: garbage collection deletes them once their grace period has passed
   * @param unusedBytes their size
   * @param repositories the repositories the caller may see, largest first
   */
  public record Summary(
      long storedBytes,
      long blobs,
      long referencedBytes,
      long sharedBytes,
      long unusedBlobs,
      long unusedBytes,
      List<RepositoryUsage> repositories) {

    /** Bytes saved by storing shared blobs once. */
    public long savedBytes() {
      return Math.max(0, referencedBytes - storedBytes);
    }
  }

  /**
   * One repository's usage.
   *
   * @param name the repository
   * @param bytes bytes its blobs and manifests take
   * @param sharedBytes of those, bytes other repositories hold too
   */
  public record RepositoryUsage(String name, long bytes, long sharedBytes) {
    /** Bytes only this repository holds (what deleting it could free). */
    public long uniqueBytes() {
      return bytes - sharedBytes;
    }
  }

  /** Computes the summary now. */
  public Summary summary() {
    // Every stored blob and manifest has one blob row (until garbage collection removes both).
    long storedBytes = value("select coalesce(sum(size), 0) from blob");
    long blobCount =
        value(
            "select count(*) from blob b"
                + " where not exists (select 1 from manifest m where m.digest = b.digest)");
    long sharedBytes =
        value(
                "select coalesce(sum(b.size), 0) from blob b where b.digest in"
                    + " (select digest from blob_link group by digest having count(*) > 1)")
            + value(
                "select coalesce(sum(size), 0) from (select digest, max(size) size from manifest"
                    + " group by digest having count(*) > 1) d");
    List<RepositoryUsage> usage = new ArrayList<>();
    jdbc.query(
        "select r.name,"
            + " coalesce(bl.total, 0) + coalesce(m.total, 0),"
            + " coalesce(bl.shared, 0) + coalesce(m.shared, 0)"
            + " from repository r"
            + " left join (select l.repository_id, sum(b.size) total,"
            + "   sum(case when c.links > 1 then b.size else 0 end) shared"
            + "   from blob_link l join blob b on b.digest = l.digest"
            + "   join (select digest, count(*) links from blob_link group by digest) c"
            + "     on c.digest = l.digest"
            + "   group by l.repository_id) bl on bl.repository_id = r.id"
            + " left join (select mf.repository_id, sum(mf.size) total,"
            + "   sum(case when c.copies > 1 then mf.size else 0 end) shared"
            + "   from manifest mf"
            + "   join (select digest, count(*) copies from manifest group by digest) c"
            + "     on c.digest = mf.digest"
            + "   group by mf.repository_id) m on m.repository_id = r.id",
        rs -> {
          String name = rs.getString(1);
          if (access.canPull(name)) {
            usage.add(new RepositoryUsage(name, rs.getLong(2), rs.getLong(3)));
          }
        });
    long referenced = usage.stream().mapToLong(RepositoryUsage::bytes).sum();
    usage.sort(
        Comparator.comparingLong(RepositoryUsage::bytes)
            .reversed()
            .thenComparing(RepositoryUsage::name));
    return new Summary(
        storedBytes,
        blobCount,
        referenced,
        sharedBytes,
        blobs.countUnused(),
        blobs.sizeOfUnused(),
        List.copyOf(usage));
  }

  private long value(String sql) {
    Long result = jdbc.queryForObject(sql, Long.class);
    return result == null ? 0 : result;
  }
}
