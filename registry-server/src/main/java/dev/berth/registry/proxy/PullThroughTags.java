package dev.berth.registry.proxy;

import dev.berth.oci.RepositoryName;
import dev.berth.oci.distribution.RegistryClient;
import dev.berth.registry.catalog.RepositoryService;
import dev.berth.registry.manifest.TagService;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Tag lists: a mirroring repository's are the remote's, page by page, as distribution's proxy mode
 * lists them (the stored ones when the remote cannot say); every other repository's are its own.
 */
@Service
public class PullThroughTags {
  private static final Logger LOG = LoggerFactory.getLogger(PullThroughTags.class);

  private final TagService tags;
  private final RemoteRegistry remote;

  public PullThroughTags(TagService tags, RemoteRegistry remote) {
    this.tags = tags;
    this.remote = remote;
  }

  /**
   * Up to {@code n} tags after {@code last}.
   *
   * @param max the page size that means the client set no limit (the remote then picks its own)
   */
  public RepositoryService.Page list(RepositoryName repository, int n, int max, String last) {
    if (!remote.mirrors(repository) || n == 0) {
      return tags.list(repository, n, last);
    }
    try {
      RegistryClient.TagPage page = remote.mirrorOf(repository).tags(n == max ? 0 : n, last);
      List<String> names = page.tags();
      if (names.size() > n) {
        return new RepositoryService.Page(names.subList(0, n), true);
      }
      return new RepositoryService.Page(names, page.more() && !names.isEmpty());
    } catch (IOException e) {
      LOG.warn(
          "listing the stored tags of {}: {} failed: {}",
          repository,
          remote.describe(),
          e.getMessage());
      return tags.list(repository, n, last);
    }
  }
}
