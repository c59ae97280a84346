package dev.berth.registry.notify;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What happened to an event's target, named as distribution names it. */
public enum EventAction {
  PUSH,
  PULL,
  MOUNT,
  DELETE;

  /** The name on the wire and in the settings: {@code push}, {@code pull}, … */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The action with this wire name; a readable error for any other. */
  static EventAction parse(String wireName) {
    for (EventAction action : values()) {
      if (action.wireName().equals(wireName)) {
        return action;
      }
    }
    throw new IllegalArgumentException(
        "unknown event action '" + wireName + "' (expected push, pull, mount or delete)");
  }
}
