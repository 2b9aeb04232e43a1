package io.causeway.core.logs;

import java.io.Serializable;

/**
 * The one generic configuration of the {@link TemplateMiner}.
 *
 * @param similarity share of a line's tokens that must equal a template's (variables match
 *     anything) for the line to join it; in (0, 1]
 * @param maxTemplates templates kept per service; the rarest is evicted beyond this
 * @param maxChildren distinct first tokens per message length before further ones share one
 *     wildcard branch of the parse tree (random tokens collapse there)
 * @param maxTokens tokens of a message looked at; the rest becomes one trailing variable
 * @param distinctWordsSplit whether a line whose plain word differs from a template's plain word at
 *     some position never joins it ({@code VM Paused} is not {@code VM Started}); without it, such
 *     a position counts as one mismatch, as in Drain, and may become a variable ({@code session
 *     opened for user news})
 * @param wordValues with {@code distinctWordsSplit}, how many templates that differ only in the
 *     plain word at one position (user names, states, daemon names) make that position a variable,
 *     the templates one; 0 never
 */
public record MinerSettings(
    double similarity, int maxTemplates, int maxChildren, int maxTokens, boolean distinctWordsSplit, int wordValues)
    implements Serializable {

  private static final int DEFAULT_WORD_VALUES = 5;

  /**
   * Chosen on Loghub-2k's seven dev systems as a whole (in-sample), where {@code wordValues} 5 and 0
   * (never) tie and 5 was preferred: user, daemon and state names are values in syslog-style logs;
   * {@code bench loghub --folds system} shows what choosing them without the scored system gives.
   */
  public static final MinerSettings DEFAULT = new MinerSettings(0.8, 1_000, 100, 128, true, DEFAULT_WORD_VALUES);

  /** The given bounds and similarity, with the default merge rules. */
  public MinerSettings(double similarity, int maxTemplates, int maxChildren, int maxTokens) {
    this(similarity, maxTemplates, maxChildren, maxTokens, true, DEFAULT_WORD_VALUES);
  }

  public MinerSettings {
    if (!(similarity > 0 && similarity <= 1)) {
      throw new IllegalArgumentException("similarity must be in (0, 1], was " + similarity);
    }
    if (maxTemplates < 1) {
      throw new IllegalArgumentException("maxTemplates must be at least 1, was " + maxTemplates);
    }
    if (maxChildren < 1) {
      throw new IllegalArgumentException("maxChildren must be at least 1, was " + maxChildren);
    }
    if (maxTokens < 2) {
      throw new IllegalArgumentException("maxTokens must be at least 2, was " + maxTokens);
    }
    if (wordValues < 0 || wordValues == 1) {
      throw new IllegalArgumentException("wordValues must be 0 (never) or at least 2 words, was " + wordValues);
    }
  }

  public MinerSettings withSimilarity(double value) {
    return new MinerSettings(value, maxTemplates, maxChildren, maxTokens, distinctWordsSplit, wordValues);
  }

  public MinerSettings withMaxChildren(int value) {
    return new MinerSettings(similarity, maxTemplates, value, maxTokens, distinctWordsSplit, wordValues);
  }

  public MinerSettings withDistinctWordsSplit(boolean value) {
    return new MinerSettings(similarity, maxTemplates, maxChildren, maxTokens, value, wordValues);
  }

  public MinerSettings withWordValues(int value) {
    return new MinerSettings(similarity, maxTemplates, maxChildren, maxTokens, distinctWordsSplit, value);
  }
}
