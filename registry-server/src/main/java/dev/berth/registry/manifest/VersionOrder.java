package dev.berth.registry.manifest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders tags as versions, the way people read them: {@code 1.10} after {@code 1.9}, {@code
 * v2.0.0-rc1} before {@code v2.0.0}, and tags without any digit (such as {@code latest}) after all
 * versions. Ascending; reverse it for newest first.
 *
 * <p>A tag is split into numeric and alphabetic runs (separators {@code . - _ +} split runs too);
 * numbers compare by value, words by text, a number ranks above a word, and when one tag is a
 * prefix of the other, the longer ranks lower if it continues with a word (a pre-release) and
 * higher if it continues with a number.
 */
public final class VersionOrder implements Comparator<String> {
  /** The one instance. */
  public static final VersionOrder INSTANCE = new VersionOrder();

  private VersionOrder() {}

  @Override
  public int compare(String left, String right) {
    return compareKeys(new Key(left), new Key(right));
  }

  /**
   * Sorts {@code tags} newest version first. Each tag is split into tokens once, not once per
   * comparison, so ten thousand tags sort in milliseconds.
   */
  public static List<String> newestFirst(List<String> tags) {
    List<Key> keys = new ArrayList<>(tags.size());
    for (String tag : tags) {
      keys.add(new Key(tag));
    }
    keys.sort((a, b) -> compareKeys(b, a));
    List<String> sorted = new ArrayList<>(keys.size());
    for (Key key : keys) {
      sorted.add(key.tag);
    }
    return sorted;
  }

  /** A tag with its tokens computed once. */
  private static final class Key {
    final String tag;
    final boolean version;
    final List<String> tokens;

    Key(String tag) {
      this.tag = tag;
      this.version = hasDigit(tag);
      this.tokens = tokens(tag);
    }
  }

  private static int compareKeys(Key leftKey, Key rightKey) {
    String left = leftKey.tag;
    String right = rightKey.tag;
    boolean leftVersion = leftKey.version;
    boolean rightVersion = rightKey.version;
    if (leftVersion != rightVersion) {
      return leftVersion ? -1 : 1;
    }
    List<String> a = leftKey.tokens;
    List<String> b = rightKey.tokens;
    int shared = Math.min(a.size(), b.size());
    for (int i = 0; i < shared; i++) {
      int order = compareToken(a.get(i), b.get(i));
      if (order != 0) {
        return order;
      }
    }
    if (a.size() != b.size()) {
      List<String> longer = a.size() > b.size() ? a : b;
      boolean preRelease = !isNumber(longer.get(shared));
      int longerFirst = preRelease ? -1 : 1;
      return a.size() > b.size() ? longerFirst : -longerFirst;
    }
    return left.compareTo(right);
  }

  static List<String> tokens(String tag) {
    String text =
        tag.length() > 1
                && (tag.charAt(0) == 'v' || tag.charAt(0) == 'V')
                && Character.isDigit(tag.charAt(1))
            ? tag.substring(1)
            : tag;
    List<String> tokens = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= text.length(); i++) {
      boolean end = i == text.length();
      if (end
          || isSeparator(text.charAt(i))
          || isSeparator(text.charAt(i - 1))
          || Character.isDigit(text.charAt(i)) != Character.isDigit(text.charAt(i - 1))) {
        String token = text.substring(start, i);
        if (!token.isEmpty() && !isSeparator(token.charAt(0))) {
          tokens.add(token);
        }
        start = i;
      }
    }
    return tokens;
  }

  private static int compareToken(String a, String b) {
    boolean aNumber = isNumber(a);
    boolean bNumber = isNumber(b);
    if (aNumber && bNumber) {
      String x = stripLeadingZeros(a);
      String y = stripLeadingZeros(b);
      return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }
    if (aNumber != bNumber) {
      return aNumber ? 1 : -1;
    }
    return a.compareTo(b);
  }

  private static String stripLeadingZeros(String digits) {
    int start = 0;
    while (start < digits.length() - 1 && digits.charAt(start) == '0') {
      start++;
    }
    return digits.substring(start);
  }

  private static boolean isSeparator(char c) {
    return c == '.' || c == '-' || c == '_' || c == '+';
  }

  private static boolean isNumber(String token) {
    return !token.isEmpty() && Character.isDigit(token.charAt(0));
  }

  private static boolean hasDigit(String tag) {
    return tag.chars().anyMatch(Character::isDigit);
  }
}
