package dev.berth.registry.web;

import dev.berth.registry.blob.StorageSummaryService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The storage summary: bytes stored, per repository, and shared between repositories. */
@Controller
public class StorageController {
  private final StorageSummaryService storage;

  public StorageController(StorageSummaryService storage) {
    this.storage = storage;
  }

  @GetMapping("/storage")
  public String storage(Model model) {
    model.addAttribute("summary", storage.summary());
    return "storage";
  }
}
