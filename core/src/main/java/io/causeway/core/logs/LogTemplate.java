package io.causeway.core.logs;

/**
 * A mined template as it stands: its stable id (fixed when first seen, kept through merges), its
 * text in Loghub's {@code <*>} form, and how many lines it has matched.
 */
public record LogTemplate(String id, String text, long count) {

  /**
   * The event this template stands for in a log path: the source location that logs it when its
   * text names one ({@code t.s.TravelServiceImpl#451}, as logback's {@code %logger#%line} prints),
   * else the template itself. One log statement is one event even when the miner splits its lines
   * over several templates (variables of different lengths).
   */
  public String event() {
    if (text.indexOf('#') < 0) { // most lines: no need to split the text on every line
      return id;
    }
    for (String token : text.split(" ")) {
      if (VariableMasker.isSourceLocation(token)) {
        return token;
      }
    }
    return id;
  }
}
