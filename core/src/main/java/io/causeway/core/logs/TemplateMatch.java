package io.causeway.core.logs;

/**
 * What the miner made of one line: the template it belongs to now, whether that template was
 * created by this line, and whether this line generalised its text.
 */
public record TemplateMatch(LogTemplate template, boolean created, boolean changed) {}
