package io.causeway.core.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a log message into whitespace tokens and replaces the parts of each token that are
 * variables with {@code <*>}, following the conventions of the ICSE 2022 guidelines (Khan et al.)
 * that the corrected Loghub ground truth uses: numbers, hex values, IPs and ports, UUIDs, MAC
 * addresses, paths, URLs, host names, booleans and identifiers with embedded numbers become
 * variables; punctuation around them stays. One generic rule set, no per-system configuration.
 *
 * <p>Hand-written character scanning rather than regular expressions: masking runs on every log
 * line, so it has to cost well under a microsecond per token.
 */
final class VariableMasker {

  static final String VAR = "<*>";

  /** Tokens longer than this are variables as a whole (base64 blobs, dumps, hostile input). */
  static final int MAX_TOKEN_CHARS = 256;

  private VariableMasker() {}

  /**
   * The masked tokens of a message: whitespace collapsed, at most {@code maxTokens} tokens (the
   * rest of a longer message becomes one trailing variable).
   */
  static String[] mask(String content, int maxTokens) {
    List<String> raw = new ArrayList<>(16);
    int n = content.length();
    int i = 0;
    boolean truncated = false;
    while (i < n) {
      while (i < n && isWhitespace(content.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      int start = i;
      while (i < n && !isWhitespace(content.charAt(i))) {
        i++;
      }
      if (raw.size() == maxTokens - 1) {
        truncated = true;
        break;
      }
      raw.add(content.substring(start, i));
    }
    String[] tokens = new String[raw.size() + (truncated ? 1 : 0)];
    for (int t = 0; t < raw.size(); t++) {
      tokens[t] = maskToken(raw.get(t));
    }
    if (truncated) {
      tokens[raw.size()] = VAR;
    }
    DateWords.mask(raw, tokens);
    return withoutRepeatedVariables(tokens);
  }

  /**
   * Adjacent whole-token variables become one ({@code at <*> <*> <*> <*>}, a date; {@code <*>
   * <*>}, a size and its unit), as the Loghub evaluation collapses them: a value's token count
   * varies from line to line (a date written two ways, a list), its template's does not.
   */
  private static String[] withoutRepeatedVariables(String[] tokens) {
    int kept = 0;
    for (int i = 0; i < tokens.length; i++) {
      if (!(tokens[i].equals(VAR) && kept > 0 && tokens[kept - 1].equals(VAR))) {
        tokens[kept++] = tokens[i];
      }
    }
    return kept == tokens.length ? tokens : java.util.Arrays.copyOf(tokens, kept);
  }

  /** One whitespace-free token with its variable parts replaced by {@code <*>}. */
  static String maskToken(String token) {
    if (token.length() > MAX_TOKEN_CHARS) {
      return VAR;
    }
    if (isSourceLocation(token)) {
      return token;
    }
    if (!needsMasking(token)) {
      return isBooleanOrUser(token, 0, token.length()) ? VAR : token;
    }
    StringBuilder out = new StringBuilder(token.length());
    int scheme = token.indexOf("://");
    int from = 0;
    if (scheme > 0 && isScheme(token, scheme)) {
      // scheme://anything up to a closing bracket or quote is one variable (URL)
      int end = scheme + 3;
      while (end < token.length() && !isUrlEnd(token.charAt(end))) {
        end++;
      }
      maskPieces(token, 0, scheme, out);
      out.append("://").append(VAR);
      from = end;
    }
    maskPieces(token, from, token.length(), out);
    return collapse(token, out);
  }

  /**
   * Is the token a source location, {@code Class#line} (as logback's {@code %logger#%line} prints,
   * e.g. {@code t.s.TravelServiceImpl#451})? It names the code that logged: two lines with the
   * same words from different places in the code are different events, and a fault that stops
   * one of them (an early return) must be told from the other.
   */
  static boolean isSourceLocation(String token) {
    int hash = token.lastIndexOf('#');
    if (hash < 1 || hash == token.length() - 1 || !Character.isLetter(token.charAt(0))) {
      return false;
    }
    for (int i = 0; i < hash; i++) {
      char c = token.charAt(i);
      if (!Character.isLetterOrDigit(c) && c != '.' && c != '_' && c != '$') {
        return false;
      }
    }
    for (int i = hash + 1; i < token.length(); i++) {
      if (!isDigit(token.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Tokens made only of letters (most of them) need no work beyond the boolean check. */
  private static boolean needsMasking(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (isDigit(c) || c == '\\' || isSubDelimiter(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Masks {@code token[from, to)}: splits it at the path delimiters (whitespace-free here: {@code
   * , ! ; : = | " ' [ ] ( ) { }}); a piece that is a path, MAC address, UUID or host name is one
   * variable, others are split further at {@code . - + @ # $ % & /} and each sub-token judged.
   */
  private static void maskPieces(String token, int from, int to, StringBuilder out) {
    if (from >= to) {
      return;
    }
    if (isWindowsPath(token, from, to)) {
      out.append(VAR);
      return;
    }
    int mac = macLength(token, from, to);
    if (mac > 0) {
      out.append(VAR);
      maskPieces(token, from + mac, to, out);
      return;
    }
    int i = from;
    while (i < to) {
      char c = token.charAt(i);
      if (isPathDelimiter(c)) {
        out.append(c);
        i++;
        continue;
      }
      int start = i;
      while (i < to && !isPathDelimiter(token.charAt(i))) {
        i++;
      }
      if (isKey(token, start, i, to)) {
        out.append(token, start, i); // key=value: the key names the field (r24=, fpr29=), the value varies
      } else if (isHostBeforePort(token, start, i, to)) {
        // host:port: the host is a variable whatever its shape (msra-sa-41:8030, a/10.0.0.1:80)
        for (int j = start; j < i; j++) {
          if (token.charAt(j) == '/') {
            out.append('/');
          } else if (j == start || token.charAt(j - 1) == '/') {
            out.append(VAR);
          }
        }
      } else {
        maskPiece(token, start, i, out);
      }
    }
  }

  /**
   * Is {@code token[from, to)} the key of a {@code key=value} pair: followed by {@code =}, a letter
   * first, then letters, digits and {@code _ . -}?
   */
  static boolean isKey(String token, int from, int to, int end) {
    if (to >= end || token.charAt(to) != '=' || from == to || !Character.isLetter(token.charAt(from))) {
      return false;
    }
    for (int i = from + 1; i < to; i++) {
      char c = token.charAt(i);
      if (!Character.isLetterOrDigit(c) && c != '_' && c != '.' && c != '-') {
        return false;
      }
    }
    return true;
  }

  /** Is {@code token[from, to)} a host name followed by {@code :port}? */
  private static boolean isHostBeforePort(String token, int from, int to, int end) {
    if (to + 1 >= end || token.charAt(to) != ':' || !isDigit(token.charAt(to + 1))) {
      return false;
    }
    int port = to + 1;
    while (port < end && isDigit(token.charAt(port))) {
      port++;
    }
    if (port < end && !isPathDelimiter(token.charAt(port)) && token.charAt(port) != '/') {
      return false;
    }
    boolean digit = false;
    boolean letter = false;
    int dots = 0;
    for (int i = from; i < to; i++) {
      char c = token.charAt(i);
      if (isDigit(c)) {
        digit = true;
      } else if (Character.isLetter(c)) {
        letter = true;
      } else if (c == '.') {
        dots++;
      } else if (c != '-' && c != '/' && c != '_') {
        return false;
      }
    }
    // a dotted name with a port is a host whatever its letters (proxy.example.org:5070); one dot
    // is more often a source file and its line (Foo.java:12), which stays
    return letter && (digit || dots >= 2 || token.regionMatches(true, from, "localhost", 0, to - from) && to - from == 9);
  }

  private static void maskPiece(String token, int from, int to, StringBuilder out) {
    if (isPath(token, from, to) || isUuid(token, from, to) || isHostName(token, from, to) || isProtocolVersion(token, from, to) || isVersion(token, from, to)) {
      out.append(VAR);
      return;
    }
    int i = from;
    while (i < to) {
      char c = token.charAt(i);
      boolean signedNumber = (c == '-' || c == '+') && i + 1 < to && isDigit(token.charAt(i + 1)) && (i == from || isSubDelimiter(token.charAt(i - 1)));
      if (isSubDelimiter(c) && !signedNumber) {
        out.append(c);
        i++;
        continue;
      }
      int start = i;
      i++;
      while (i < to && (!isSubDelimiter(token.charAt(i)) || token.charAt(i) == '-' && token.charAt(i - 1) == '_')) {
        i++;
      }
      if (isVariable(token, signedNumber ? start + 1 : start, i)) {
        out.append(VAR);
      } else {
        out.append(token, start, i);
      }
    }
  }

  /** Is {@code token[from, to)}, free of delimiters, a variable? */
  static boolean isVariable(String token, int from, int to) {
    int len = to - from;
    if (len == 0) {
      return false;
    }
    int digits = 0;
    int maxDigitRun = 0;
    int run = 0;
    int hex = 0;
    int lower = 0;
    boolean hasVar = false;
    for (int i = from; i < to; i++) {
      char c = token.charAt(i);
      if (isDigit(c)) {
        digits++;
        run++;
        maxDigitRun = Math.max(maxDigitRun, run);
      } else {
        run = 0;
        if (c < 128 ? c >= 'a' && c <= 'z' : Character.isLowerCase(c)) {
          lower++;
        }
        if (c == '*' && i > from && token.charAt(i - 1) == '<') {
          hasVar = true;
        }
      }
      if (isHex(c)) {
        hex++;
      }
    }
    if (hasVar && len > VAR.length()) {
      return true; // a word concatenated with a variable is a variable
    }
    if (digits == 0) {
      return isBooleanOrUser(token, from, to);
    }
    if (digits == len || maxDigitRun >= 2 || hasNumberPart(token, from, to) || isNumberWithUnit(token, from, to)) {
      return true;
    }
    if (len > 2 && token.charAt(from) == '0' && (token.charAt(from + 1) == 'x' || token.charAt(from + 1) == 'X')) {
      return true;
    }
    if (hex == len && len >= 6) {
      return true;
    }
    return lower == 0 && len >= 5;
  }

  /** Units a number may carry, glued to it: durations and sizes. */
  private static final Set<String> UNITS = Set.of(
      "ns", "us", "\u00b5s", "ms", "s", "sec", "secs", "m", "min", "mins", "h", "hr", "hrs", "d",
      "b", "B", "k", "K", "kb", "KB", "kB", "KiB", "M", "MB", "MiB", "G", "GB", "GiB", "T", "TB", "TiB");
  private static final String[] UNIT_LIST = UNITS.toArray(new String[0]);

  /** {@code 5s}, {@code 7ms}, {@code 3KB}: a duration or size, one variable (the guidelines' rule). */
  static boolean isNumberWithUnit(String token, int from, int to) {
    int i = from;
    while (i < to && isDigit(token.charAt(i))) {
      i++;
    }
    return i > from && i < to && to - i <= 3 && isUnit(token, i, to);
  }

  /** Is {@code token[from, to)} one of {@link #UNITS}? Compared in place: no substring per token. */
  private static boolean isUnit(String token, int from, int to) {
    int len = to - from;
    for (String unit : UNIT_LIST) {
      if (unit.length() == len && token.regionMatches(from, unit, 0, len)) {
        return true;
      }
    }
    return false;
  }

  /** {@code blk_7}, {@code task_3_m}: an underscore-joined part that is a (signed) number. */
  private static boolean hasNumberPart(String token, int from, int to) {
    int partStart = from;
    for (int i = from; i <= to; i++) {
      if (i == to || token.charAt(i) == '_') {
        int s = partStart < i && token.charAt(partStart) == '-' ? partStart + 1 : partStart;
        boolean number = s < i;
        for (int j = s; j < i && number; j++) {
          number = isDigit(token.charAt(j));
        }
        if (number && (partStart > from || i < to)) {
          return true;
        }
        partStart = i + 1;
      }
    }
    return false;
  }

  private static boolean isBooleanOrUser(String token, int from, int to) {
    int len = to - from;
    if (len != 4 && len != 5) {
      return false;
    }
    return token.regionMatches(true, from, "true", 0, 4) && len == 4
        || token.regionMatches(true, from, "false", 0, 5) && len == 5
        || token.regionMatches(true, from, "null", 0, 4) && len == 4
        || token.regionMatches(true, from, "root", 0, 4) && len == 4
        || token.regionMatches(true, from, "admin", 0, 5) && len == 5;
  }

  /** {@code /a/b}: one or more slash-led segments, as the guidelines' path rule. */
  private static boolean isPath(String token, int from, int to) {
    if (to - from < 2 || token.charAt(from) != '/' || token.charAt(from + 1) == '/') {
      return false;
    }
    for (int i = from + 1; i < to; i++) {
      if (token.charAt(i) == '/' && i + 1 < to && token.charAt(i + 1) == '/') {
        return false; // "//"; a directory's trailing slash is fine
      }
    }
    return true;
  }

  private static boolean isWindowsPath(String token, int from, int to) {
    return to - from > 3 && Character.isLetter(token.charAt(from)) && token.charAt(from + 1) == ':' && token.charAt(from + 2) == '\\';
  }

  /** 8-4-4-4-12 hex digits. */
  private static boolean isUuid(String token, int from, int to) {
    if (to - from != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = token.charAt(from + i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !isHex(c)) {
        return false;
      }
    }
    return true;
  }

  /** Length of a MAC-like run {@code hh:hh:hh:hh:hh:hh[:hh...]} at {@code from}, else 0. */
  private static int macLength(String token, int from, int to) {
    int i = from;
    int pairs = 0;
    while (i + 1 < to && isHex(token.charAt(i)) && isHex(token.charAt(i + 1))) {
      pairs++;
      i += 2;
      if (i + 2 < to && token.charAt(i) == ':') {
        i++;
      } else {
        break;
      }
    }
    if (pairs < 6) {
      return 0;
    }
    if (token.charAt(i - 1) == ':') {
      i--;
    }
    return i < to && Character.isLetterOrDigit(token.charAt(i)) ? 0 : i - from;
  }

  private static final String[] TOP_LEVEL_DOMAINS = {".com", ".net", ".org", ".edu", ".gov", ".local", ".internal", ".lan"};

  /**
   * A dotted host name: under a common top-level domain ({@code node-7.corp.example.com}), or
   * with a number in it and a short alphabetic last label ({@code cp-1.vm1.lab.us}).
   */
  private static boolean isHostName(String token, int from, int to) {
    int dots = 0;
    int lastDot = -1;
    boolean digit = false;
    for (int i = from; i < to; i++) {
      char c = token.charAt(i);
      if (c == '.') {
        if (i == lastDot + 1 || i == from) {
          return false;
        }
        dots++;
        lastDot = i;
      } else if (isDigit(c)) {
        digit = true;
      } else if (!Character.isLetter(c) && c != '-' && c != '_') {
        return false;
      }
    }
    if (dots < 2) {
      return false;
    }
    for (String tld : TOP_LEVEL_DOMAINS) {
      // a domain's dot is the piece's last one: only a last label of the domain's length is compared
      if (to - tld.length() == lastDot && to - from > tld.length() && token.regionMatches(true, lastDot, tld, 0, tld.length())) {
        return true;
      }
    }
    int last = to - lastDot - 1;
    if (last == 2 && isCountrySecondLevel(token, from, lastDot)) {
      return true;
    }
    if (!digit || last < 2 || last > 3) {
      return false;
    }
    for (int i = lastDot + 1; i < to; i++) {
      if (!Character.isLowerCase(token.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static final Set<String> SECOND_LEVEL_DOMAINS = Set.of("com", "net", "org", "edu", "gov", "ac", "co");

  /**
   * Is the label before the dot at {@code lastDot} a generic second-level domain under a country
   * ({@code .edu.hk}, {@code .co.uk}) and the country code two lower-case letters?
   */
  private static boolean isCountrySecondLevel(String token, int from, int lastDot) {
    if (!Character.isLowerCase(token.charAt(lastDot + 1)) || !Character.isLowerCase(token.charAt(lastDot + 2))) {
      return false;
    }
    int start = token.lastIndexOf('.', lastDot - 1) + 1;
    return start > from && SECOND_LEVEL_DOMAINS.contains(token.substring(start, lastDot));
  }

  /** {@code v6.1.7601.23505}, {@code 2.6.5}: a version, one variable. */
  static boolean isVersion(String token, int from, int to) {
    int i = from < to && (token.charAt(from) == 'v' || token.charAt(from) == 'V') ? from + 1 : from;
    int dots = 0;
    boolean digitBefore = false;
    for (; i < to; i++) {
      char c = token.charAt(i);
      if (isDigit(c)) {
        digitBefore = true;
      } else if (c == '.' && digitBefore) {
        dots++;
        digitBefore = false;
      } else {
        return false;
      }
    }
    return dots >= 1 && digitBefore;
  }

  /** {@code HTTP/1.1}: a protocol name and its version. */
  private static boolean isProtocolVersion(String token, int from, int to) {
    int slash = from;
    while (slash < to && token.charAt(slash) != '/') {
      slash++; // within the piece only: indexOf would scan the rest of the token
    }
    if (slash <= from || slash >= to - 1 || !isDigit(token.charAt(slash + 1))) {
      return false;
    }
    for (int i = from; i < slash; i++) {
      if (!Character.isUpperCase(token.charAt(i))) {
        return false;
      }
    }
    for (int i = slash + 1; i < to; i++) {
      if (!isDigit(token.charAt(i)) && token.charAt(i) != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean isScheme(String token, int colon) {
    for (int i = 0; i < colon; i++) {
      char c = token.charAt(i);
      if (!Character.isLetterOrDigit(c) && c != '+' && c != '.' && c != '-' && c != '[' && c != '(' && c != '"' && c != '\'' && c != ':') {
        return false;
      }
    }
    return true;
  }

  private static boolean isUrlEnd(char c) {
    return c == ']' || c == ')' || c == '"' || c == '\'' || c == '>' || c == ',';
  }

  private static final String PATH_DELIMITERS = ",!;:=|\"'[](){}";
  private static final boolean[] IS_PATH_DELIMITER = asciiTable(PATH_DELIMITERS);
  private static final boolean[] IS_SUB_DELIMITER = asciiTable(PATH_DELIMITERS + ".-+@#$%&/");

  /** Looked up, not switched on: every char of most tokens is asked. */
  static boolean isPathDelimiter(char c) {
    return c < 128 && IS_PATH_DELIMITER[c];
  }

  static boolean isSubDelimiter(char c) {
    return c < 128 && IS_SUB_DELIMITER[c];
  }

  private static boolean[] asciiTable(String chars) {
    boolean[] table = new boolean[128];
    for (int i = 0; i < chars.length(); i++) {
      table[chars.charAt(i)] = true;
    }
    return table;
  }

  /** {@link Character#isWhitespace}, without its table lookup for the printable ASCII chars. */
  private static boolean isWhitespace(char c) {
    return c <= ' ' || c >= 127 ? Character.isWhitespace(c) : false;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHex(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }

  /**
   * Adjacent variables become one, as the Loghub evaluation does to its ground truth: {@code
   * <*>.<*>}, {@code <*>:<*>} and {@code <*><*>}.
   */
  private static String collapse(String token, StringBuilder masked) {
    // a token with nothing masked is returned as it is, not copied
    String s = token.contentEquals(masked) ? token : masked.toString();
    if (s.indexOf(VAR) < 0) {
      return s;
    }
    return Templates.collapseInToken(s);
  }
}
