package io.causeway.notify;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each sink was last told about each incident: the highest version delivered, whether the
 * acknowledgement and the resolution went out. A notification that tells a sink nothing new (a
 * version not newer than the delivered one, a second acknowledgement, anything after RESOLVED) is
 * not sent, so a redelivered record never pages twice. Bounded: the least recently used entries
 * beyond the capacity are forgotten (an incident that quiet is long resolved).
 */
public final class DeliveryLedger {

  private record Entry(int version, boolean acknowledged, boolean resolved) {}

  private final Map<String, Entry> entries;
  private final int capacity;

  public DeliveryLedger(int capacity) {
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Whether {@code sink} still needs to hear {@code action} at {@code version} of incident {@code id}. */
  public boolean isNews(String sink, String id, Action action, int version) {
    Entry entry = entries.get(key(sink, id));
    if (entry == null) {
      return true;
    }
    return switch (action) {
      case TRIGGER -> !entry.resolved() && version > entry.version();
      case ACKNOWLEDGE -> !entry.resolved() && !entry.acknowledged();
      case RESOLVE -> !entry.resolved();
    };
  }

  /** Whether {@code sink} was told anything about incident {@code id} (that this ledger remembers). */
  public boolean knows(String sink, String id) {
    return entries.containsKey(key(sink, id));
  }

  public void delivered(String sink, String id, Action action, int version) {
    Entry entry = entries.getOrDefault(key(sink, id), new Entry(0, false, false));
    entries.put(key(sink, id), new Entry(
        Math.max(entry.version(), version),
        entry.acknowledged() || action == Action.ACKNOWLEDGE,
        entry.resolved() || action == Action.RESOLVE));
  }

  public int capacity() {
    return capacity;
  }

  private static String key(String sink, String id) {
    return sink + '\u0000' + id;
  }
}
