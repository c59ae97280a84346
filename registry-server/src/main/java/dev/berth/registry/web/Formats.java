package dev.berth.registry.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * How the pages write sizes, times and digests; available to templates as {@code fmt}. Pure text
 * out, escaped by the template like any other value.
 */
@Component
public class Formats {
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};
  private static final int GROUP_COLOURS = 8;

  /** Bytes in decimal units as registries and clients show them: {@code 12.3 MB}. */
  public String bytes(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1000 && unit < UNITS.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(
        Locale.ROOT,
        value < 10 ? "%.2f %s" : value < 100 ? "%.1f %s" : "%.0f %s",
        value,
        UNITS[unit]);
  }

  /** The exact byte count with thousands separators, for tooltips. */
  public String exactBytes(long bytes) {
    return String.format(Locale.ROOT, "%,d bytes", bytes);
  }

  /** A time in UTC, or a dash. */
  public String time(Instant time) {
    return time == null ? "—" : UTC.format(time);
  }

  /** A time as an ISO-8601 string for {@code <time datetime>}, or empty. */
  public String iso(Instant time) {
    return time == null ? "" : time.toString();
  }

  /** How long ago, in the largest sensible unit: {@code 5 minutes ago}; a dash for null. */
  public String ago(Instant time) {
    return ago(time, Instant.now());
  }

  String ago(Instant time, Instant now) {
    if (time == null) {
      return "—";
    }
    Duration age = Duration.between(time, now);
    if (age.isNegative() || age.toSeconds() < 45) {
      return "just now";
    }
    long minutes = age.toMinutes();
    if (minutes < 60) {
      return plural(Math.max(1, minutes), "minute");
    }
    long hours = age.toHours();
    if (hours < 24) {
      return plural(hours, "hour");
    }
    long days = age.toDays();
    if (days < 31) {
      return plural(days, "day");
    }
    if (days < 365) {
      return plural(days / 30, "month");
    }
    return plural(days / 365, "year");
  }

  /** A length of time in its largest whole unit: {@code 25 hours}, {@code 14 days}. */
  public String span(Duration span) {
    if (span.toSeconds() < 60) {
      return count(span.toSeconds(), "second");
    }
    long minutes = span.toMinutes();
    if (minutes < 60) {
      return count(minutes, "minute");
    }
    long hours = span.toHours();
    return hours < 72 ? count(hours, "hour") : count(span.toDays(), "day");
  }

  /** The first 12 hex characters of a digest, as shown to people. */
  public String shortDigest(String digest) {
    if (digest == null) {
      return "";
    }
    int colon = digest.indexOf(':');
    String hex = colon < 0 ? digest : digest.substring(colon + 1);
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }

  /** A CSS class giving every row of one digest the same colour mark. */
  public String groupClass(String digest) {
    if (digest == null) {
      return "g0";
    }
    String hex = shortDigest(digest);
    int value = hex.isEmpty() ? 0 : Character.digit(hex.charAt(0), 16);
    return "g" + (Math.max(value, 0) % GROUP_COLOURS);
  }

  /** A short label for a media type: {@code OCI image}, {@code Docker index}, or the type. */
  public String mediaTypeLabel(String mediaType) {
    if (mediaType == null) {
      return "—";
    }
    return switch (mediaType) {
      case "application/vnd.oci.image.manifest.v1+json" -> "OCI image";
      case "application/vnd.oci.image.index.v1+json" -> "OCI index";
      case "application/vnd.docker.distribution.manifest.v2+json" -> "Docker image";
      case "application/vnd.docker.distribution.manifest.list.v2+json" -> "Docker manifest list";
      default -> mediaType;
    };
  }

  private static String plural(long count, String unit) {
    return count(count, unit) + " ago";
  }

  private static String count(long count, String unit) {
    return count + " " + unit + (count == 1 ? "" : "s");
  }
}
