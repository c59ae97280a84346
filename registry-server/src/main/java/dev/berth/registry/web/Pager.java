package dev.berth.registry.web;

import java.util.List;

/**
 * A page bar's model: the current page (1-based), how many there are, and the links.
 *
 * @param page the current page, 1-based
 * @param pages how many pages
 * @param total how many items in all
 * @param links links to this page with other parameters
 */
public record Pager(int page, int pages, long total, QueryLinks links) {
  /** Page numbers to show, with 0 for a gap. */
  public List<Integer> numbers() {
    return QueryLinks.pageNumbers(page, pages);
  }

  /** The link to page {@code number}. */
  public String link(int number) {
    return links.with("page", number == 1 ? null : number);
  }
}
