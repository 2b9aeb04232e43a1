package io.causeway.core.correlation;

import io.causeway.avro.DeltaType;
import io.causeway.avro.GraphDelta;
import io.causeway.avro.GraphChangeRef;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What changed in the graph's structure shortly before an incident: edges that appeared or
 * disappeared within {@code lookback} before its onset, newest first, each with a line a responder
 * reads ("a new edge checkout -> fraud-check appeared 12 min before onset"). A changed figure on
 * an edge (a CHANGED delta) is a symptom, not a change of structure, and is left out.
 */
public final class GraphChanges {

  private GraphChanges() {}

  /** Whether the delta changes the graph's structure, the only deltas worth keeping for this. */
  public static boolean structural(GraphDelta delta) {
    return delta.getChange() == DeltaType.ADDED || delta.getChange() == DeltaType.REMOVED;
  }

  public static List<GraphChangeRef> before(long onsetMillis, Collection<GraphDelta> deltas, Duration lookback) {
    long from = onsetMillis - lookback.toMillis();
    return deltas.stream()
        .filter(GraphChanges::structural)
        .filter(d -> d.getTime().toEpochMilli() >= from && d.getTime().toEpochMilli() <= onsetMillis)
        .sorted(Comparator.comparing(GraphDelta::getTime).reversed().thenComparing(GraphDelta::getCaller).thenComparing(GraphDelta::getCallee))
        .map(d -> ref(d, onsetMillis))
        .toList();
  }

  private static GraphChangeRef ref(GraphDelta delta, long onsetMillis) {
    long minutes = Math.round((onsetMillis - delta.getTime().toEpochMilli()) / 60_000.0);
    String edge = delta.getCaller() + " -> " + delta.getCallee();
    String when = minutes == 0 ? "at onset" : String.format(Locale.ROOT, "%d min before onset", minutes);
    String summary = delta.getChange() == DeltaType.ADDED
        ? "a new edge " + edge + " appeared " + when
        : "the edge " + edge + " disappeared " + when;
    return GraphChangeRef.newBuilder()
        .setChange(delta.getChange().name())
        .setCaller(delta.getCaller())
        .setCallee(delta.getCallee())
        .setTime(delta.getTime())
        .setSummary(summary)
        .build();
  }
}
