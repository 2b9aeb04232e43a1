package io.causeway.benchmarks.nab;

/**
 * NAB's raw score when every row whose anomaly score is at least {@code threshold} is a detection,
 * with the row counts (probationary rows excluded) NAB reports beside it.
 */
public record ThresholdScore(double threshold, double score, int tp, int tn, int fp, int fn) {}
