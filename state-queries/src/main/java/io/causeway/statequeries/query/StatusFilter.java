package io.causeway.statequeries.query;

import io.causeway.statequeries.store.ViewKeys;
import java.util.List;
import java.util.Locale;

/** Which incidents a listing shows: open (OPEN or UPDATED), resolved, or all (open first). */
public enum StatusFilter {
  OPEN(List.of(ViewKeys.OPEN_GROUP)),
  RESOLVED(List.of(ViewKeys.RESOLVED_GROUP)),
  ALL(List.of(ViewKeys.OPEN_GROUP, ViewKeys.RESOLVED_GROUP));

  private final List<Byte> groups;

  StatusFilter(List<Byte> groups) {
    this.groups = groups;
  }

  List<Byte> groups() {
    return groups;
  }

  /** Parses {@code open}, {@code resolved} or {@code all}, in any case. */
  public static StatusFilter parse(String text) {
    for (StatusFilter filter : values()) {
      if (filter.name().equals(text.toUpperCase(Locale.ROOT))) {
        return filter;
      }
    }
    throw new IllegalArgumentException("status must be open, resolved or all, was '" + text + "'");
  }
}
