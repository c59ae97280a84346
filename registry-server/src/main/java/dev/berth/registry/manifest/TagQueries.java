package dev.berth.registry.manifest;

import dev.berth.oci.RepositoryName;
import dev.berth.registry.catalog.RepositoryService;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * A repository's tags as the UI lists them: one page at a time from the database, with each tag's
 * manifest, summary and sibling tags fetched by a fixed number of queries per page.
 */
@Service
public class TagQueries {
  /** How many sibling tag names a row carries (the count is always exact). */
  static final int SIBLING_NAMES = 8;

  private final NamedParameterJdbcTemplate jdbc;
  private final RepositoryService repositories;
  private final ImageSummaries summaries;

  public TagQueries(
      NamedParameterJdbcTemplate jdbc, RepositoryService repositories, ImageSummaries summaries) {
    this.jdbc = jdbc;
    this.repositories = repositories;
    this.summaries = summaries;
  }

  /** How tags are ordered. */
  public enum Sort {
    NAME,
    PUSHED,
    VERSION;

    /** Parses a request parameter; unknown values mean PUSHED. */
    public static Sort parse(String text) {
      if (text == null) {
        return PUSHED;
      }
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "name" -> NAME;
        case "version" -> VERSION;
        default -> PUSHED;
      };
    }
  }

  /**
   * A manifest as the tag and untagged lists show it.
   *
   * @param digest the manifest digest
   * @param mediaType the manifest's media type
   * @param artifactType its artifact type (or config media type), may be null
   * @param pushed when the manifest was first pushed
   * @param pulled when it was last pulled, or null
   * @param summary created time, platforms and total size
   */
  public record ManifestInfo(
      String digest,
      String mediaType,
      String artifactType,
      Instant pushed,
      Instant pulled,
      ImageSummary summary) {

    /** The platforms, one per element; empty for an artifact. */
    public List<String> platformList() {
      return summary.platforms().isEmpty() ? List.of() : List.of(summary.platforms().split(", "));
    }

    /** The artifact type of a manifest that is not a container image, else null. */
    public String artifactLabel() {
      if (artifactType == null || dev.berth.oci.MediaType.isIndex(mediaType)) {
        return null;
      }
      boolean imageConfig =
          dev.berth.oci.MediaType.OCI_CONFIG.equals(artifactType)
              || dev.berth.oci.MediaType.DOCKER_CONFIG.equals(artifactType);
      return imageConfig ? null : artifactType;
    }
  }

  /**
   * A tag row.
   *
   * @param name the tag
   * @param updated when the tag was last pointed at its manifest
   * @param manifest what it points at
   * @param siblings how many other tags point at the same manifest
   * @param siblingNames up to {@value #SIBLING_NAMES} of those tags' names
   */
  public record TagRow(
      String name,
      Instant updated,
      ManifestInfo manifest,
      int siblings,
      List<String> siblingNames) {}

  /**
   * One page of tags.
   *
   * @param rows this page's tags
   * @param total how many tags the repository has
   * @param page this page, 0-based
   * @param pages how many pages there are
   */
  public record TagPage(List<TagRow> rows, long total, int page, int pages) {}

  /**
   * A manifest no tag points at.
   *
   * @param manifest the manifest
   * @param role why it is there: {@code index child}, {@code referrer} or {@code untagged}
   */
  public record UntaggedRow(ManifestInfo manifest, String role) {}

  private record TagName(String name, String digest, Instant updated) {}

  /** One page of the repository's tags. NAME_UNKNOWN when the repository does not exist. */
  public TagPage tags(RepositoryName repository, Sort sort, int page, int pageSize) {
    long repositoryId = repositories.require(repository);
    MapSqlParameterSource params = new MapSqlParameterSource("repo", repositoryId);
    long total =
        jdbc.queryForObject(
            "select count(*) from tag where repository_id = :repo", params, Long.class);
    int size = Math.max(1, Math.min(pageSize, 500));
    int pages = (int) Math.max(1, (total + size - 1) / size);
    int current = Math.max(0, Math.min(page, pages - 1));
    params.addValue("limit", size).addValue("offset", (long) current * size);
    List<TagName> names;
    if (sort == Sort.VERSION) {
      List<String> all =
          VersionOrder.newestFirst(
              jdbc.queryForList(
                  "select name from tag where repository_id = :repo", params, String.class));
      List<String> shown =
          all.subList(
              Math.min(all.size(), current * size), Math.min(all.size(), (current + 1) * size));
      names = shown.isEmpty() ? List.of() : byName(repositoryId, shown);
    } else {
      String order = sort == Sort.NAME ? "name" : "updated_at desc, name";
      names =
          jdbc.query(
              "select name, manifest_digest, updated_at from tag where repository_id = :repo"
                  + " order by "
                  + order
                  + " limit :limit offset :offset",
              params,
              (rs, i) ->
                  new TagName(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3))));
    }
    List<String> digests = names.stream().map(TagName::digest).distinct().toList();
    Map<String, ManifestInfo> manifests = manifests(repository, repositoryId, digests);
    Map<String, List<String>> tagsByDigest = tagsByDigest(repositoryId, digests);
    List<TagRow> rows = new ArrayList<>();
    for (TagName name : names) {
      List<String> all = tagsByDigest.getOrDefault(name.digest(), List.of());
      List<String> others = all.stream().filter(tag -> !tag.equals(name.name())).toList();
      rows.add(
          new TagRow(
              name.name(),
              name.updated(),
              manifests.get(name.digest()),
              others.size(),
              others.subList(0, Math.min(others.size(), SIBLING_NAMES))));
    }
    return new TagPage(rows, total, current, pages);
  }

  /** Manifests without tags, newest first, at most {@code limit}, each with its role. */
  public List<UntaggedRow> untagged(RepositoryName repository, int limit) {
    long repositoryId = repositories.require(repository);
    MapSqlParameterSource params =
        new MapSqlParameterSource("repo", repositoryId).addValue("limit", limit);
    List<Object[]> rows =
        jdbc.query(
            "select m.digest, m.subject_digest,"
                + " (select count(*) from manifest_reference r join manifest p on p.id = r.manifest_id"
                + "   where p.repository_id = m.repository_id and r.digest = m.digest"
                + "   and r.kind = 'MANIFEST')"
                + " from manifest m where m.repository_id = :repo and not exists"
                + " (select 1 from tag t where t.repository_id = m.repository_id"
                + "  and t.manifest_digest = m.digest)"
                + " order by m.pushed_at desc limit :limit",
            params,
            (rs, i) -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3)});
    List<String> digests = rows.stream().map(row -> (String) row[0]).toList();
    Map<String, ManifestInfo> manifests = manifests(repository, repositoryId, digests);
    List<UntaggedRow> result = new ArrayList<>();
    for (Object[] row : rows) {
      String role = (Long) row[2] > 0 ? "index child" : row[1] != null ? "referrer" : "untagged";
      result.add(new UntaggedRow(manifests.get((String) row[0]), role));
    }
    return result;
  }

  /** The manifest rows (with summaries) for the given digests in one repository. */
  public Map<String, ManifestInfo> manifests(
      RepositoryName repository, long repositoryId, List<String> digests) {
    if (digests.isEmpty()) {
      return Map.of();
    }
    MapSqlParameterSource params =
        new MapSqlParameterSource("repo", repositoryId).addValue("digests", digests);
    List<Object[]> rows =
        jdbc.query(
            "select m.id, m.digest, m.media_type, m.artifact_type, m.pushed_at, m.pulled_at,"
                + " s.created_at, s.platforms, s.total_size, s.manifest_id"
                + " from manifest m left join image_summary s on s.manifest_id = m.id"
                + " where m.repository_id = :repo and m.digest in (:digests)",
            params,
            (rs, i) ->
                new Object[] {
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  instant(rs.getTimestamp(5)),
                  instant(rs.getTimestamp(6)),
                  rs.getObject(10) == null
                      ? null
                      : new ImageSummary(
                          instant(rs.getTimestamp(7)),
                          rs.getString(8) == null ? "" : rs.getString(8),
                          rs.getLong(9))
                });
    Map<String, ManifestInfo> result = new HashMap<>();
    for (Object[] row : rows) {
      ImageSummary summary =
          row[6] != null ? (ImageSummary) row[6] : summaries.summary(repository, (Long) row[0]);
      result.put(
          (String) row[1],
          new ManifestInfo(
              (String) row[1],
              (String) row[2],
              (String) row[3],
              (Instant) row[4],
              (Instant) row[5],
              summary));
    }
    return result;
  }

  /** Every tag pointing at {@code digest}, by name. */
  public List<String> tagsOf(RepositoryName repository, String digest) {
    long repositoryId = repositories.require(repository);
    return tagsByDigest(repositoryId, List.of(digest)).getOrDefault(digest, List.of());
  }

  private List<TagName> byName(long repositoryId, List<String> shown) {
    Map<String, TagName> found =
        jdbc
            .query(
                "select name, manifest_digest, updated_at from tag"
                    + " where repository_id = :repo and name in (:names)",
                new MapSqlParameterSource("repo", repositoryId).addValue("names", shown),
                (rs, i) ->
                    new TagName(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3))))
            .stream()
            .collect(Collectors.toMap(TagName::name, Function.identity()));
    return shown.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
  }

  private Map<String, List<String>> tagsByDigest(long repositoryId, List<String> digests) {
    Map<String, List<String>> result = new HashMap<>();
    if (digests.isEmpty()) {
      return result;
    }
    jdbc.query(
        "select manifest_digest, name from tag"
            + " where repository_id = :repo and manifest_digest in (:digests) order by name",
        new MapSqlParameterSource("repo", repositoryId).addValue("digests", digests),
        rs -> {
          result.computeIfAbsent(rs.getString(1), key -> new ArrayList<>()).add(rs.getString(2));
        });
    return result;
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
