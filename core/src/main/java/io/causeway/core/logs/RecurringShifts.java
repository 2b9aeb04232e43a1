package io.causeway.core.logs;

import java.io.Serializable;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * The log-path shifts one service keeps having: a shift of the same kind (the same usual
 * successor of the same event no longer coming) reported again and again over hours is that
 * service's own variability, not news — like a metric's spike that comes every so often. A fault
 * that is injected, or breaks, a few times in a row within minutes is not recurring in this
 * sense: recurrence needs {@code episodes} reports spread over at least {@code span}.
 *
 * <p>On the Nezha TrainTicket day, a few of ts-travel2-service's requests fail after its seat
 * query every few minutes, all day (8 of 18 at one minute of the fault-free window): reported 25
 * times from 08:37 to 15:41, it opened most incidents that covered no fault.
 *
 * <p>Bounded: a kind of shift not reported for {@code forgetAfter} is forgotten, and at most
 * {@value #MAX_KINDS} kinds are kept (the longest unseen dropped first).
 */
public final class RecurringShifts implements Serializable {

  private static final long serialVersionUID = 1L;
  static final int MAX_KINDS = 256;

  /** What makes a shift recurring, and when it is forgotten. */
  public record Settings(int episodes, Duration span, Duration forgetAfter) implements Serializable {
    public static final Settings DEFAULT = new Settings(3, Duration.ofHours(1), Duration.ofHours(6));
  }

  /** A kind of shift's history: first and last report, and how many. */
  private record History(long firstAt, long lastAt, int episodes) implements Serializable {}

  private final Map<String, History> byKind = new HashMap<>();

  /** Whether a shift of this kind, reported at {@code at}, has been recurring long enough to be no news. */
  public boolean recurring(String from, String usualNext, long at, Settings settings) {
    History history = byKind.get(kind(from, usualNext));
    return history != null
        && at - history.lastAt() <= settings.forgetAfter().toMillis()
        && history.episodes() >= settings.episodes()
        && at - history.firstAt() >= settings.span().toMillis();
  }

  /** Counts a report of this kind of shift at {@code at}, and forgets the kinds not seen for long. */
  public void record(String from, String usualNext, long at, Settings settings) {
    byKind.values().removeIf(h -> at - h.lastAt() > settings.forgetAfter().toMillis());
    byKind.merge(kind(from, usualNext), new History(at, at, 1), (h, first) -> new History(h.firstAt(), at, h.episodes() + 1));
    while (byKind.size() > MAX_KINDS) {
      byKind.entrySet().stream().min(Comparator.comparingLong(e -> e.getValue().lastAt())).ifPresent(e -> byKind.remove(e.getKey()));
    }
  }

  public int size() {
    return byKind.size();
  }

  private static String kind(String from, String usualNext) {
    return from + '\u0000' + usualNext;
  }
}
