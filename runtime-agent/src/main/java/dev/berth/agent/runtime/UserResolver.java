package dev.berth.agent.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a {@code --user} value ({@code name}, {@code uid}, {@code name:group}, {@code uid:gid})
 * against the image's {@code /etc/passwd} and {@code /etc/group}, as podman does: a numeric user
 * need not exist; a named one must; the primary group defaults to the passwd entry's (or 0), and
 * supplementary groups are the primary group and those listing the user by name.
 *
 * @see <a href="https://man7.org/linux/man-pages/man5/passwd.5.html">passwd(5)</a>
 * @see <a href="https://man7.org/linux/man-pages/man5/group.5.html">group(5)</a>
 */
public final class UserResolver {
  private UserResolver() {}

  /** The identity a container process runs as. */
  public record ResolvedUser(int uid, int gid, List<Integer> groups, String home) {
    public ResolvedUser {
      groups = List.copyOf(groups);
    }

    /** The supplementary groups as setgroups(2) takes them. */
    public int[] groupArray() {
      return groups.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /**
   * Resolves {@code spec} (empty means root).
   *
   * @param passwd the image's /etc/passwd, or "" when absent
   * @param group the image's /etc/group, or "" when absent
   * @throws IllegalArgumentException when a name is not found or a number is invalid
   */
  public static ResolvedUser resolve(String spec, String passwd, String group) {
    String value = spec == null || spec.isBlank() ? "0" : spec.trim();
    int colon = value.indexOf(':');
    String userPart = colon < 0 ? value : value.substring(0, colon);
    String groupPart = colon < 0 ? null : value.substring(colon + 1);
    if (userPart.isEmpty() || (groupPart != null && groupPart.isEmpty())) {
      throw new IllegalArgumentException("invalid user " + spec + " (expected user[:group])");
    }

    String[] entry = findPasswd(passwd, userPart);
    int uid;
    String name;
    Integer passwdGid = null;
    String home = "/";
    if (entry != null) {
      uid = parseId(entry[2], "uid in /etc/passwd entry for " + entry[0]);
      name = entry[0];
      passwdGid = parseId(entry[3], "gid in /etc/passwd entry for " + entry[0]);
      home = entry.length > 5 && !entry[5].isEmpty() ? entry[5] : "/";
    } else if (isNumber(userPart)) {
      uid = parseId(userPart, "uid");
      name = null;
    } else {
      throw new IllegalArgumentException(
          "unable to find user " + userPart + ": no matching entries in passwd file");
    }

    int gid;
    if (groupPart == null) {
      gid = passwdGid == null ? 0 : passwdGid;
    } else {
      String[] groupEntry = findGroup(group, groupPart);
      if (groupEntry != null) {
        gid = parseId(groupEntry[2], "gid in /etc/group entry for " + groupEntry[0]);
      } else if (isNumber(groupPart)) {
        gid = parseId(groupPart, "gid");
      } else {
        throw new IllegalArgumentException(
            "unable to find group " + groupPart + ": no matching entries in group file");
      }
    }

    List<Integer> groups = new ArrayList<>();
    groups.add(gid);
    if (name != null && groupPart == null) {
      for (String line : group.split("\n")) {
        String[] fields = line.split(":", -1);
        if (fields.length >= 4 && !line.startsWith("#")) {
          for (String member : fields[3].split(",")) {
            if (member.trim().equals(name) && isNumber(fields[2])) {
              int supplementary = Integer.parseInt(fields[2]);
              if (supplementary != gid && !groups.contains(supplementary)) {
                groups.add(supplementary);
              }
            }
          }
        }
      }
    }
    return new ResolvedUser(uid, gid, groups, home);
  }

  private static String[] findPasswd(String passwd, String user) {
    String[] byNumber = null;
    for (String line : passwd.split("\n")) {
      String[] fields = line.split(":", -1);
      if (fields.length < 4 || line.startsWith("#")) {
        continue;
      }
      if (fields[0].equals(user)) {
        return fields;
      }
      if (byNumber == null && fields[2].equals(user)) {
        byNumber = fields;
      }
    }
    return byNumber;
  }

  private static String[] findGroup(String group, String name) {
    String[] byNumber = null;
    for (String line : group.split("\n")) {
      String[] fields = line.split(":", -1);
      if (fields.length < 3 || line.startsWith("#")) {
        continue;
      }
      if (fields[0].equals(name)) {
        return fields;
      }
      if (byNumber == null && fields[2].equals(name)) {
        byNumber = fields;
      }
    }
    return byNumber;
  }

  private static boolean isNumber(String text) {
    return !text.isEmpty() && text.chars().allMatch(Character::isDigit);
  }

  private static int parseId(String text, String what) {
    try {
      long id = Long.parseLong(text.trim());
      if (id < 0 || id > 0xFFFFFFFEL) {
        throw new NumberFormatException();
      }
      return (int) id;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid " + what + ": " + text);
    }
  }
}
