package dev.berth.agent.unpack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tar reader that also keeps each entry's extended attributes byte for byte.
 *
 * <p>commons-compress decodes every PAX value as UTF-8, which replaces the bytes of a binary value
 * such as {@code security.capability} that are not valid UTF-8. It reads a PAX header's records
 * through this stream's own {@link #read(byte[], int, int)} while the header is the current entry,
 * so this class records those bytes there and parses the {@code SCHILY.xattr.NAME} records again
 * from the raw bytes. libarchive's {@code LIBARCHIVE.xattr.NAME} records (name URL-encoded, value
 * base64) are read too; when both name the same attribute, SCHILY's wins, as in GNU tar.
 *
 * @see <a
 *     href="https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html#tag_20_92_13_03">pax
 *     extended header records</a>
 * @see <a href="https://man.archlinux.org/man/libarchive-formats.5">libarchive-formats(5)</a>
 */
final class LayerTarInputStream extends TarArchiveInputStream {
  /** No real layer needs more; a larger header would only be a way to exhaust memory. */
  static final int MAX_PAX_HEADER = 1 << 20;

  private static final String SCHILY = "SCHILY.xattr.";
  private static final String LIBARCHIVE = "LIBARCHIVE.xattr.";

  private final ByteArrayOutputStream paxBytes = new ByteArrayOutputStream();
  private int depth;
  private Map<String, byte[]> xattrs = Map.of();

  LayerTarInputStream(InputStream in) {
    super(in, StandardCharsets.UTF_8.name());
  }

  /** The current entry's extended attributes, exactly as archived. */
  Map<String, byte[]> xattrs() {
    return xattrs;
  }

  @Override
  public TarArchiveEntry getNextEntry() throws IOException {
    // commons-compress calls this again from inside, for the entry that follows a PAX header
    if (depth++ == 0) {
      paxBytes.reset();
    }
    try {
      TarArchiveEntry entry = super.getNextEntry();
      if (depth == 1) {
        xattrs = paxBytes.size() == 0 ? Map.of() : parseXattrs(paxBytes.toByteArray());
      }
      return entry;
    } finally {
      depth--;
    }
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    TarArchiveEntry current = getCurrentEntry();
    if (n > 0 && current != null && current.isPaxHeader()) {
      if (paxBytes.size() + n > MAX_PAX_HEADER) {
        throw new InvalidLayerException(
            "PAX header of more than " + MAX_PAX_HEADER + " bytes (limit exceeded)");
      }
      paxBytes.write(buffer, offset, n);
    }
    return n;
  }

  /**
   * The xattr records of one or more local PAX headers ({@code "LENGTH KEY=VALUE\n"}, LENGTH
   * counting the whole record in bytes); later records override earlier ones.
   */
  static Map<String, byte[]> parseXattrs(byte[] pax) throws InvalidLayerException {
    Map<String, byte[]> schily = new LinkedHashMap<>();
    Map<String, byte[]> libarchive = new LinkedHashMap<>();
    int position = 0;
    while (position < pax.length) {
      int space = position;
      while (space < pax.length && pax[space] != ' ') {
        space++;
      }
      int length;
      try {
        length =
            Integer.parseInt(
                new String(pax, position, space - position, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        if (allZero(pax, position)) {
          break; // the rest of the header's last record is padding
        }
        throw new InvalidLayerException("malformed PAX record length at byte " + position);
      }
      int end = position + length;
      if (length <= space - position + 1 || end > pax.length || pax[end - 1] != '\n') {
        throw new InvalidLayerException("malformed PAX record at byte " + position);
      }
      int equals = space + 1;
      while (equals < end && pax[equals] != '=') {
        equals++;
      }
      if (equals == end) {
        throw new InvalidLayerException("PAX record without '=' at byte " + position);
      }
      String key = new String(pax, space + 1, equals - space - 1, StandardCharsets.UTF_8);
      byte[] value = Arrays.copyOfRange(pax, equals + 1, end - 1);
      if (key.startsWith(SCHILY)) {
        schily.put(key.substring(SCHILY.length()), value);
      } else if (key.startsWith(LIBARCHIVE)) {
        libarchive.put(libarchiveName(key), libarchiveValue(key, value));
      }
      position = end;
    }
    if (schily.isEmpty() && libarchive.isEmpty()) {
      return Map.of();
    }
    libarchive.putAll(schily);
    return Collections.unmodifiableMap(libarchive);
  }

  private static String libarchiveName(String key) throws InvalidLayerException {
    try {
      return URLDecoder.decode(
          key.substring(LIBARCHIVE.length()).replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidLayerException("malformed PAX record name " + key);
    }
  }

  private static byte[] libarchiveValue(String key, byte[] value) throws InvalidLayerException {
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidLayerException("PAX record " + key + " is not base64");
    }
  }

  private static boolean allZero(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
