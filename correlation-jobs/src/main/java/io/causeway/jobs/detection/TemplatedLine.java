package io.causeway.jobs.detection;

/**
 * A log line that names its trace, reduced to what its service's paths need: when, and which event
 * ({@link io.causeway.core.logs.LogTemplate#event()}: its source location, else its template id).
 */
record TemplatedLine(String service, String traceId, long at, String templateId, String template) {

  /** The key of one trace's lines in one service. */
  String pathKey() {
    return service + '\u0000' + traceId;
  }
}
