package io.causeway.jobs.detection;

import io.causeway.avro.Span;

/**
 * A log line that names its trace, reduced to what its service's paths need: when, and which event
 * ({@link io.causeway.core.logs.LogTemplate#event()}: its source location, else its template id).
 *
 * <p>The start of a span the service served is such an event too ({@link #spanStart}): a request
 * that fails before its first log line leaves a path of that start alone, which only shows
 * against paths where the start is followed by the usual lines.
 */
record TemplatedLine(String service, String traceId, long at, String templateId, String template) {

  private static final String SPAN_START = "span:";

  /** The start of a span, as the event {@code span:<operation>}. */
  static TemplatedLine spanStart(Span span) {
    String operation = span.getOperation();
    return new TemplatedLine(span.getService(), span.getTraceId(), span.getStartTime().toEpochMilli(), SPAN_START + operation, "span " + operation + " starts");
  }

  boolean isSpanStart() {
    return templateId.startsWith(SPAN_START);
  }

  /** The key of one trace's lines in one service. */
  String pathKey() {
    return service + '\u0000' + traceId;
  }
}
