package io.causeway.ingest.sim;

import io.causeway.avro.Span;
import io.causeway.avro.SpanKind;
import io.causeway.avro.SpanStatus;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/** A filterable view of generated spans, for readable assertions. */
final class Spans {

  private final List<Span> spans;

  private Spans(List<Span> spans) {
    this.spans = List.copyOf(spans);
  }

  static Spans of(List<Span> spans) {
    return new Spans(spans);
  }

  Spans where(Predicate<Span> predicate) {
    return new Spans(spans.stream().filter(predicate).toList());
  }

  Spans server(String service) {
    return where(s -> s.getKind() == SpanKind.SERVER && s.getService().equals(service));
  }

  Spans client(String caller, String callee) {
    return where(
        s -> s.getKind() == SpanKind.CLIENT
            && s.getService().equals(caller)
            && callee.equals(s.getPeerService()));
  }

  Spans roots() {
    return where(s -> s.getParentSpanId() == null);
  }

  Spans startingBefore(Instant instant) {
    return where(s -> s.getStartTime().isBefore(instant));
  }

  Spans startingFrom(Instant instant) {
    return where(s -> !s.getStartTime().isBefore(instant));
  }

  List<Span> list() {
    return spans;
  }

  int size() {
    return spans.size();
  }

  /** The q-quantile of durations in milliseconds (nearest rank). */
  double quantileMillis(double q) {
    if (spans.isEmpty()) {
      throw new IllegalStateException("no spans to take a quantile of");
    }
    long[] micros = spans.stream().mapToLong(Span::getDurationMicros).sorted().toArray();
    int rank = (int) Math.ceil(q * micros.length) - 1;
    return micros[Math.max(0, rank)] / 1000.0;
  }

  double errorRatio() {
    if (spans.isEmpty()) {
      throw new IllegalStateException("no spans to take an error ratio of");
    }
    return (double) where(s -> s.getStatus() == SpanStatus.ERROR).size() / spans.size();
  }
}
