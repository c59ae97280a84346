package dev.berth.registry.catalog;

import dev.berth.registry.access.RepositoryAccess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The repository list people browse: search, namespace folders, sorting and pages, with tag counts
 * and sizes from aggregate queries (one per figure per page, never one per repository).
 *
 * <p>Only repositories the caller may pull are listed. That policy is Java code, so the candidate
 * names (three narrow columns, ordered and filtered by the database) are read and checked first;
 * the aggregates are then computed for the one page shown.
 */
@Service
public class RepositoryQueries {
  private final NamedParameterJdbcTemplate jdbc;
  private final RepositoryAccess access;

  public RepositoryQueries(NamedParameterJdbcTemplate jdbc, RepositoryAccess access) {
    this.jdbc = jdbc;
    this.access = access;
  }

  /** How the list is ordered. */
  public enum Sort {
    NAME,
    PUSHED,
    SIZE;

    /** Parses a request parameter; unknown values mean NAME. */
    public static Sort parse(String text) {
      if (text == null) {
        return NAME;
      }
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "pushed" -> PUSHED;
        case "size" -> SIZE;
        default -> NAME;
      };
    }
  }

  /**
   * What to list.
   *
   * @param query a substring to look for in names; empty lists a folder instead
   * @param namespace the folder being browsed ({@code team/web}), empty for the top
   * @param sort the order
   * @param reverse the opposite of the sort's natural order
   * @param page the 0-based page
   * @param pageSize rows per page
   */
  public record Request(
      String query, String namespace, Sort sort, boolean reverse, int page, int pageSize) {
    public Request {
      query = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
      namespace = namespace == null ? "" : namespace.replaceAll("^/+|/+$", "");
      page = Math.max(0, page);
      pageSize = Math.max(1, Math.min(pageSize, 500));
    }
  }

  /**
   * A repository as listed.
   *
   * @param name full name
   * @param tags how many tags it has
   * @param lastPush when a manifest was last pushed to it
   * @param size bytes of the blobs and manifests it references
   */
  public record Row(String name, long tags, Instant lastPush, long size) {}

  /**
   * A namespace inside the folder being browsed.
   *
   * @param path the namespace's full path
   * @param name its last component
   * @param repositories how many repositories it holds, at any depth
   */
  public record Folder(String path, String name, int repositories) {}

  /**
   * One page of the list.
   *
   * @param rows the repositories on this page
   * @param folders sub-namespaces (only when browsing, not searching)
   * @param total how many repositories match in all
   * @param page this page, 0-based
   * @param pages how many pages there are
   */
  public record Listing(List<Row> rows, List<Folder> folders, int total, int page, int pages) {}

  private record Candidate(long id, String name, Instant lastPush) {}

  /** A page of repositories matching {@code request}. */
  public Listing list(Request request) {
    String prefix = request.namespace().isEmpty() ? "" : request.namespace() + "/";
    MapSqlParameterSource params =
        new MapSqlParameterSource()
            .addValue("prefix", escapeLike(prefix) + "%")
            .addValue("query", "%" + escapeLike(request.query()) + "%");
    List<Candidate> all =
        jdbc.query(
            "select id, name, updated_at from repository"
                + " where name like :prefix escape '\\' and name like :query escape '\\'"
                + " order by name",
            params,
            (rs, i) ->
                new Candidate(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
    List<Candidate> visible = new ArrayList<>();
    Map<String, Integer> folderCounts = new TreeMap<>();
    boolean browsing = request.query().isEmpty();
    for (Candidate candidate : all) {
      if (!access.canPull(candidate.name())) {
        continue;
      }
      String rest = candidate.name().substring(prefix.length());
      int slash = rest.indexOf('/');
      if (browsing && slash >= 0) {
        folderCounts.merge(rest.substring(0, slash), 1, Integer::sum);
      } else {
        visible.add(candidate);
      }
    }
    Comparator<Candidate> order =
        switch (request.sort()) {
          case NAME -> Comparator.comparing(Candidate::name);
          case PUSHED ->
              Comparator.comparing(Candidate::lastPush).reversed().thenComparing(Candidate::name);
          case SIZE -> {
            Map<Long, Long> sizes = sizes(null);
            yield Comparator.comparing((Candidate c) -> sizes.getOrDefault(c.id(), 0L))
                .reversed()
                .thenComparing(Candidate::name);
          }
        };
    if (request.reverse()) {
      order = order.reversed();
    }
    visible.sort(order);
    int pages = Math.max(1, (visible.size() + request.pageSize() - 1) / request.pageSize());
    int page = Math.min(request.page(), pages - 1);
    List<Candidate> shown =
        visible.subList(
            Math.min(visible.size(), page * request.pageSize()),
            Math.min(visible.size(), (page + 1) * request.pageSize()));
    List<Long> ids = shown.stream().map(Candidate::id).toList();
    Map<Long, Long> tagCounts = tagCounts(ids);
    Map<Long, Long> sizes = sizes(ids);
    List<Row> rows =
        shown.stream()
            .map(
                c ->
                    new Row(
                        c.name(),
                        tagCounts.getOrDefault(c.id(), 0L),
                        c.lastPush(),
                        sizes.getOrDefault(c.id(), 0L)))
            .toList();
    List<Folder> folders = new ArrayList<>();
    folderCounts.forEach((name, count) -> folders.add(new Folder(prefix + name, name, count)));
    return new Listing(rows, folders, visible.size(), page, pages);
  }

  private Map<Long, Long> tagCounts(List<Long> ids) {
    Map<Long, Long> counts = new HashMap<>();
    if (ids.isEmpty()) {
      return counts;
    }
    jdbc.query(
        "select repository_id, count(*) from tag where repository_id in (:ids)"
            + " group by repository_id",
        Map.of("ids", ids),
        rs -> {
          counts.put(rs.getLong(1), rs.getLong(2));
        });
    return counts;
  }

  /** Bytes per repository: linked blobs plus manifests; for the given ids, or all when null. */
  private Map<Long, Long> sizes(List<Long> ids) {
    Map<Long, Long> sizes = new HashMap<>();
    if (ids != null && ids.isEmpty()) {
      return sizes;
    }
    String blobFilter = ids == null ? "" : " where l.repository_id in (:ids)";
    String manifestFilter = ids == null ? "" : " where repository_id in (:ids)";
    Map<String, Object> params = ids == null ? Map.of() : Map.of("ids", ids);
    jdbc.query(
        "select l.repository_id, sum(b.size) from blob_link l join blob b on b.digest = l.digest"
            + blobFilter
            + " group by l.repository_id",
        params,
        rs -> {
          sizes.merge(rs.getLong(1), rs.getLong(2), Long::sum);
        });
    jdbc.query(
        "select repository_id, sum(size) from manifest"
            + manifestFilter
            + " group by repository_id",
        params,
        rs -> {
          sizes.merge(rs.getLong(1), rs.getLong(2), Long::sum);
        });
    return sizes;
  }

  static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
