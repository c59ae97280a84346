package dev.berth.agent.cli;

import dev.berth.agent.image.ImageRecord;
import dev.berth.oci.OciJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth images}: lists local images like {@code podman images}. */
@Command(name = "images", description = "List local images.", mixinStandardHelpOptions = true)
final class ImagesCommand extends ImageCommand {
  @Option(
      names = {"-q", "--quiet"},
      description = "Print only image IDs.")
  boolean quiet;

  @Option(names = "--format", description = "Output format: table (default) or json.")
  String format = "table";

  @Override
  int execute() throws IOException {
    List<ImageRecord> records = service().records();
    PrintWriter out = out();
    if (quiet) {
      Set<String> ids = new LinkedHashSet<>();
      records.forEach(r -> ids.add(r.id().shortHex()));
      ids.forEach(out::println);
      return 0;
    }
    if (format.equalsIgnoreCase("json")) {
      List<Map<String, Object>> rows =
          records.stream()
              .map(
                  r -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("Id", r.id().hex());
                    row.put("Names", r.names());
                    row.put("Digest", r.manifest().digest().toString());
                    row.put("Size", r.size());
                    row.put("Pulled", r.pulled());
                    row.put("Layers", r.layers().size());
                    return row;
                  })
              .toList();
      out.println(OciJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
      return 0;
    }
    if (!format.equalsIgnoreCase("table")) {
      throw new IllegalArgumentException("unknown format " + format + " (use table or json)");
    }
    String row = "%-40s %-12s %-14s %-16s %s%n";
    out.printf(row, "REPOSITORY", "TAG", "IMAGE ID", "PULLED", "SIZE");
    for (ImageRecord record : records) {
      for (String name : record.names()) {
        int at = name.indexOf('@');
        int colon = name.lastIndexOf(':');
        String repository;
        String tag;
        if (at >= 0) {
          repository = name.substring(0, at);
          tag = "<none>";
        } else {
          repository = name.substring(0, colon);
          tag = name.substring(colon + 1);
        }
        out.printf(
            row,
            repository,
            tag,
            record.id().shortHex(),
            ago(record.pulled()),
            humanSize(record.size()));
      }
    }
    return 0;
  }

  static String ago(String timestamp) {
    try {
      Duration age = Duration.between(Instant.parse(timestamp), Instant.now());
      if (age.toMinutes() < 1) {
        return "seconds ago";
      }
      if (age.toHours() < 1) {
        return age.toMinutes() + " minutes ago";
      }
      if (age.toDays() < 1) {
        return age.toHours() + " hours ago";
      }
      return age.toDays() + " days ago";
    } catch (DateTimeParseException e) {
      return timestamp;
    }
  }

  /** Decimal units, as podman prints sizes. */
  static String humanSize(long bytes) {
    String[] units = {"B", "kB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.3g %s", value, units[unit]);
  }
}
