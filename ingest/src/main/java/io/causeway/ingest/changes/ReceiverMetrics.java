package io.causeway.ingest.changes;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The receiver's counters, served at {@code GET /metrics} in Prometheus' text format. Labels come
 * from a closed set (the endpoints, {@code other} for any unknown path, and the error codes), so
 * the number of series stays small whatever clients send.
 */
final class ReceiverMetrics {

  static final String OTHER_ENDPOINT = "other";

  private record Rejection(String endpoint, String reason, int status) {}

  private final ConcurrentMap<String, LongAdder> accepted = new ConcurrentHashMap<>();
  private final ConcurrentMap<Rejection, LongAdder> rejected = new ConcurrentHashMap<>();
  private final LongAdder unavailable = new LongAdder();
  private final LongAdder deadLettersFailed = new LongAdder();

  ReceiverMetrics(Collection<String> endpoints) {
    endpoints.forEach(endpoint -> accepted.put(endpoint, new LongAdder()));
  }

  void accepted(String endpoint, int events) {
    accepted.computeIfAbsent(endpoint, e -> new LongAdder()).add(events);
  }

  void rejected(String endpoint, String reason, int status) {
    rejected.computeIfAbsent(new Rejection(endpoint, reason, status), r -> new LongAdder()).increment();
  }

  void unavailable() {
    unavailable.increment();
  }

  void deadLetterFailed() {
    deadLettersFailed.increment();
  }

  /** The counters in Prometheus text exposition format 0.0.4, series in a stable order. */
  String prometheusText() {
    StringBuilder out = new StringBuilder();
    family(out, "causeway_changes_accepted_total", "Change events accepted and written to Kafka, by endpoint.");
    new TreeMap<>(accepted).forEach((endpoint, count) -> sample(out, "causeway_changes_accepted_total", Map.of("endpoint", endpoint), count.sum()));
    family(out, "causeway_changes_rejected_total", "Requests refused with a 4xx, each also written to the dead-letter topic, by endpoint, reason and status.");
    rejected.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(Rejection::endpoint).thenComparing(Rejection::reason).thenComparing(Rejection::status)))
        .forEach(e -> sample(out, "causeway_changes_rejected_total", labels(e.getKey()), e.getValue().sum()));
    family(out, "causeway_changes_unavailable_total", "Requests answered 503 because Kafka did not acknowledge the changes.");
    sample(out, "causeway_changes_unavailable_total", Map.of(), unavailable.sum());
    family(out, "causeway_changes_dead_letters_failed_total", "Dead letters of refused requests that could not be written to Kafka.");
    sample(out, "causeway_changes_dead_letters_failed_total", Map.of(), deadLettersFailed.sum());
    return out.toString();
  }

  private static Map<String, String> labels(Rejection rejection) {
    Map<String, String> labels = new TreeMap<>();
    labels.put("endpoint", rejection.endpoint());
    labels.put("reason", rejection.reason());
    labels.put("status", Integer.toString(rejection.status()));
    return labels;
  }

  private static void family(StringBuilder out, String name, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
  }

  private static void sample(StringBuilder out, String name, Map<String, String> labels, long value) {
    out.append(name);
    if (!labels.isEmpty()) {
      List<String> pairs = new TreeMap<>(labels).entrySet().stream().map(l -> l.getKey() + "=\"" + escape(l.getValue()) + "\"").toList();
      out.append('{').append(String.join(",", pairs)).append('}');
    }
    out.append(' ').append(value).append('\n');
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
