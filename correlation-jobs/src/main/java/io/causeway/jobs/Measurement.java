package io.causeway.jobs;

/** One timed, possibly failed, call attributed to {@code key} (an edge or a service). */
public record Measurement(String key, String label, long durationMicros, boolean error) {}
