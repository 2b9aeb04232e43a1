package io.causeway.core.logs;

/** Template text conventions shared by the masker and the miner (Loghub's {@code <*>} form). */
final class Templates {

  private Templates() {}

  /**
   * Adjacent variables become one, in the order the Loghub-2.0 evaluation applies to its ground
   * truth: first dot-separated ({@code <*>.<*>}), then consecutive ({@code <*><*>}, {@code
   * <*>:<*>}, {@code <*> <*>}).
   */
  static String normalize(String template) {
    return collapse(template, true);
  }

  /** {@link #normalize} within one token: no space rule. */
  static String collapseInToken(String token) {
    return collapse(token, false);
  }

  private static String collapse(String s, boolean spaces) {
    int first = s.indexOf("<*>");
    if (first < 0 || s.indexOf("<*>", first + 3) < 0) {
      return s; // every rule joins two variables
    }
    String prev;
    do {
      prev = s;
      s = s.replace("<*>.<*>", "<*>");
    } while (!s.equals(prev));
    do {
      prev = s;
      s = s.replace("<*><*>", "<*>").replace("<*>:<*>", "<*>");
      if (spaces) {
        s = s.replace("<*> <*>", "<*>");
      }
    } while (!s.equals(prev));
    return s;
  }

  /**
   * Generalises two different tokens at the same position: the common leading and trailing
   * sub-tokens (split at punctuation) stay, the differing middle becomes one variable, and a word
   * joined to a variable becomes a variable ({@code org.apache.Foo} and {@code org.apache.Bar}
   * give {@code org.apache.<*>}).
   */
  static String merge(String a, String b) {
    if (a.equals(b)) {
      return a;
    }
    if (a.equals(VariableMasker.VAR) || b.equals(VariableMasker.VAR)) {
      return VariableMasker.VAR;
    }
    java.util.List<String> x = split(a);
    java.util.List<String> y = split(b);
    int prefix = 0;
    int max = Math.min(x.size(), y.size());
    while (prefix < max && x.get(prefix).equals(y.get(prefix))) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < max - prefix && x.get(x.size() - 1 - suffix).equals(y.get(y.size() - 1 - suffix))) {
      suffix++;
    }
    StringBuilder out = new StringBuilder(a.length());
    for (int i = 0; i < prefix; i++) {
      out.append(x.get(i));
    }
    out.append(VariableMasker.VAR);
    for (int i = x.size() - suffix; i < x.size(); i++) {
      out.append(x.get(i));
    }
    return wordsJoinedToVariables(out.toString());
  }

  /** Sub-tokens and single delimiter characters, in order. */
  private static java.util.List<String> split(String token) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    int i = 0;
    while (i < token.length()) {
      if (VariableMasker.isSubDelimiter(token.charAt(i))) {
        parts.add(String.valueOf(token.charAt(i)));
        i++;
        continue;
      }
      int start = i;
      while (i < token.length() && !VariableMasker.isSubDelimiter(token.charAt(i))) {
        i++;
      }
      parts.add(token.substring(start, i));
    }
    return parts;
  }

  private static String wordsJoinedToVariables(String token) {
    StringBuilder out = new StringBuilder(token.length());
    for (String part : split(token)) {
      out.append(part.length() > 3 && part.contains(VariableMasker.VAR) ? VariableMasker.VAR : part);
    }
    return collapseInToken(out.toString());
  }
}
