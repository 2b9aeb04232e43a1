package io.causeway.core.logs;

/**
 * A mined template as it stands: its stable id (fixed when first seen, kept through merges), its
 * text in Loghub's {@code <*>} form, and how many lines it has matched.
 */
public record LogTemplate(String id, String text, long count) {}
