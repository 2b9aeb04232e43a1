package io.causeway.jobs;

/** RED figures of one key over part of one window, merged downstream into the window's total. */
public record PartialRed(String key, RedAccumulator red) {}
