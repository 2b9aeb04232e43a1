package io.causeway.statequeries.views;

/**
 * One service (or database, topic, external peer) of the graph, with the figures of the calls it
 * receives: {@code requestsPerSecond} and {@code errorRatio} over its inbound edges.
 */
public record NodeView(
    String id, String title, int dependencies, int dependents, double requestsPerSecond, double errorRatio) {}
