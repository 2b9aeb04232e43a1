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
 */
public record MinerSettings(double similarity, int maxTemplates, int maxChildren, int maxTokens) implements Serializable {

  /** Tuned once on Loghub-2k as a whole, never per system. */
  public static final MinerSettings DEFAULT = new MinerSettings(0.6, 1_000, 100, 128);

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
  }
}
