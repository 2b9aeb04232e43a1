package io.causeway.core.detection;

/**
 * One point of one series fed to a detector: a window's p90 latency of a service, a CPU sample,
 * a window's count of error log lines.
 *
 * @param kind a {@code SignalKind} name: LATENCY, ERRORS, SATURATION, TRAFFIC, RESOURCE, LOG
 * @param sample a sample log line for log signals, else null
 */
public record SeriesPoint(
    String seriesId, String service, String signal, String kind, long timestampMillis, double value, String sample) {}
