package dev.berth.registry.web;

import dev.berth.registry.blob.StorageSummaryService;
import dev.berth.registry.config.GcProperties;
import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.gc.GarbageCollection;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The storage summary: bytes stored, per repository, shared between repositories, and what garbage
 * collection has given back and will.
 */
@Controller
public class StorageController {
  private final StorageSummaryService storage;
  private final GarbageCollection gc;
  private final GcProperties gcSettings;
  private final RegistryProperties properties;

  public StorageController(
      StorageSummaryService storage,
      GarbageCollection gc,
      GcProperties gcSettings,
      RegistryProperties properties) {
    this.storage = storage;
    this.gc = gc;
    this.gcSettings = gcSettings;
    this.properties = properties;
  }

  static final int PAGE_SIZE = 50;

  /** The totals and one page of repositories, largest first. */
  @GetMapping("/storage")
  public String storage(
      @RequestParam(defaultValue = "1") int page, HttpServletRequest request, Model model) {
    StorageSummaryService.Summary summary = storage.summary();
    List<StorageSummaryService.RepositoryUsage> all = summary.repositories();
    int pages = Math.max(1, (all.size() + PAGE_SIZE - 1) / PAGE_SIZE);
    int current = Math.max(1, Math.min(page, pages));
    model.addAttribute("summary", summary);
    model.addAttribute(
        "rows", all.subList((current - 1) * PAGE_SIZE, Math.min(all.size(), current * PAGE_SIZE)));
    model.addAttribute("largest", all.isEmpty() ? 1 : Math.max(1, all.get(0).bytes()));
    model.addAttribute("pager", new Pager(current, pages, all.size(), new QueryLinks(request)));
    model.addAttribute("gc", gcSettings);
    model.addAttribute("gcLast", gc.lastRun().orElse(null));
    model.addAttribute("gcNext", gc.nextRun());
    model.addAttribute("gcPaused", properties.readOnly());
    return "storage";
  }
}
