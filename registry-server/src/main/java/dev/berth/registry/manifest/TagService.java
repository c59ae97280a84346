package dev.berth.registry.manifest;

import dev.berth.oci.RepositoryName;
import dev.berth.registry.catalog.RepositoryService;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;

/** Tag listing in byte order with {@code n}/{@code last} pagination. */
@Service
public class TagService {
  private final TagRecords tags;
  private final RepositoryService repositories;

  public TagService(TagRecords tags, RepositoryService repositories) {
    this.tags = tags;
    this.repositories = repositories;
  }

  /** Up to {@code n} tags after {@code last}; NAME_UNKNOWN for a repository never pushed to. */
  public RepositoryService.Page list(RepositoryName repository, int n, String last) {
    long repositoryId = repositories.require(repository);
    if (n == 0) {
      return new RepositoryService.Page(List.of(), false);
    }
    Limit limit = Limit.of(n + 1);
    List<String> names =
        (last == null || last.isEmpty()
                ? tags.findByRepositoryIdOrderByNameAsc(repositoryId, limit)
                : tags.findByRepositoryIdAndNameGreaterThanOrderByNameAsc(
                    repositoryId, last, limit))
            .stream().map(TagRecord::name).toList();
    boolean more = names.size() > n;
    return new RepositoryService.Page(more ? names.subList(0, n) : names, more);
  }
}
