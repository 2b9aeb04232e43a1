package io.causeway.core.logs;

import java.util.List;
import java.util.Set;

/**
 * The words of a written date are variables, as its numbers are: month and weekday names next to
 * a day, a year or each other ({@code Sun Jul 24 02:38:22 2005}, {@code Fri, 07 Jul 2017}, {@code
 * on Jul 7}), and the time zone between a time and a year ({@code 08:16:53 PDT 2005}, as date(1)
 * prints). Alone they are words: {@code May not retry}, {@code Sun Microsystems}, {@code Date =}.
 */
final class DateWords {

  private static final Set<String> MONTHS = Set.of(
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
      "January", "February", "March", "April", "June", "July", "August", "September", "October", "November", "December");
  private static final Set<String> WEEKDAYS = Set.of(
      "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
      "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday");

  private DateWords() {}

  /**
   * Replaces, in {@code masked}, each token of {@code raw} that is a date's word by a variable
   * (its leading quotes or brackets kept). {@code masked} may be longer than {@code raw} by a
   * trailing variable; other tokens are left as they are.
   */
  static void mask(List<String> raw, String[] masked) {
    for (int i = 0; i < raw.size(); i++) {
      String token = raw.get(i);
      if (!mayBeDateWord(token) || !nearVariable(masked, i)) {
        continue; // most tokens, at no cost: no copy, no lookup
      }
      String word = word(raw, i);
      if (isMonth(word) && (isDayOrYear(raw, i - 1) || isDayOrYear(raw, i + 1) || isWeekday(word(raw, i - 1)))
          || isWeekday(word) && (isMonth(word(raw, i + 1)) || isDayOrYear(raw, i + 1) && isMonth(word(raw, i + 2)))
          || isTimeZone(token) && isTime(raw, i - 1) && isYear(raw, i + 1)) {
        masked[i] = leading(token) + VariableMasker.VAR;
      }
    }
  }

  /**
   * A date's word has a number beside it or two places on ({@code Sun Jul 24}), which the masker
   * has made a variable: a cheap first filter.
   */
  private static boolean nearVariable(String[] masked, int i) {
    return i > 0 && isVariable(masked[i - 1]) || i + 1 < masked.length && isVariable(masked[i + 1]) || i + 2 < masked.length && isVariable(masked[i + 2]);
  }

  private static boolean isVariable(String masked) {
    return masked.startsWith(VariableMasker.VAR) || masked.endsWith(VariableMasker.VAR);
  }

  private static boolean isMonth(String w) {
    return w.length() >= 3 && MONTHS.contains(w);
  }

  private static boolean isWeekday(String word) {
    return word.length() >= 3 && WEEKDAYS.contains(word);
  }

  /**
   * The token at {@code i} without leading quotes or brackets and trailing punctuation; "" outside
   * the line, or when it is too long for a date's word (most tokens: no copy made).
   */
  private static String word(List<String> raw, int i) {
    if (i < 0 || i >= raw.size()) {
      return "";
    }
    String token = raw.get(i);
    int from = 0;
    while (from < token.length() && "\"'([{<".indexOf(token.charAt(from)) >= 0) {
      from++;
    }
    int to = token.length();
    while (to > from && ",.;:)]}\"'".indexOf(token.charAt(to - 1)) >= 0) {
      to--;
    }
    return to - from > MAX_WORD ? "" : token.substring(from, to);
  }

  /** The longest date word ({@code September}, {@code Wednesday}). */
  private static final int MAX_WORD = 9;

  private static String leading(String token) {
    int from = 0;
    while (from < token.length() && "\"'([{<".indexOf(token.charAt(from)) >= 0) {
      from++;
    }
    return token.substring(0, from);
  }

  /**
   * Could the token be a date's word: after leading quotes or brackets, the start of a month or
   * weekday name, or all capitals (a time zone)? Runs on every token, so it only compares chars.
   */
  private static boolean mayBeDateWord(String token) {
    char head = token.charAt(0);
    if (head >= 'a' && head <= 'z' || head >= '0' && head <= '9') {
      return false; // most tokens
    }
    int from = 0;
    while (from < token.length() && "\"'([{<".indexOf(token.charAt(from)) >= 0) {
      from++;
    }
    if (token.length() - from < 2) {
      return false;
    }
    char first = token.charAt(from);
    char second = token.charAt(from + 1);
    if (first < 'A' || first > 'Z') {
      return false;
    }
    if (second >= 'A' && second <= 'Z') {
      return token.length() <= 5; // a time zone is the whole token
    }
    if (token.length() - from < 3) {
      return false;
    }
    char third = token.charAt(from + 2);
    switch (first) {
      case 'J':
        return second == 'a' && third == 'n' || second == 'u' && (third == 'n' || third == 'l');
      case 'F':
        return second == 'e' && third == 'b' || second == 'r' && third == 'i';
      case 'M':
        return second == 'a' && (third == 'r' || third == 'y') || second == 'o' && third == 'n';
      case 'A':
        return second == 'p' && third == 'r' || second == 'u' && third == 'g';
      case 'S':
        return second == 'e' && third == 'p' || second == 'a' && third == 't' || second == 'u' && third == 'n';
      case 'O':
        return second == 'c' && third == 't';
      case 'N':
        return second == 'o' && third == 'v';
      case 'D':
        return second == 'e' && third == 'c';
      case 'T':
        return second == 'u' && third == 'e' || second == 'h' && third == 'u';
      case 'W':
        return second == 'e' && third == 'd';
      default:
        return false;
    }
  }

  /** A day of the month (1 to 31, {@code 07}) or a four-digit year. */
  private static boolean isDayOrYear(List<String> raw, int i) {
    String w = word(raw, i);
    if (w.length() == 4) {
      return allDigits(w);
    }
    if (w.isEmpty() || w.length() > 2 || !allDigits(w)) {
      return false;
    }
    int day = Integer.parseInt(w);
    return day >= 1 && day <= 31;
  }

  private static boolean isYear(List<String> raw, int i) {
    String w = word(raw, i);
    return w.length() == 4 && allDigits(w);
  }

  /** {@code 08:16:53} or {@code 08:16}. */
  private static boolean isTime(List<String> raw, int i) {
    String w = word(raw, i);
    int colons = 0;
    for (int c = 0; c < w.length(); c++) {
      char ch = w.charAt(c);
      if (ch == ':') {
        colons++;
      } else if (ch < '0' || ch > '9') {
        return false;
      }
    }
    return colons >= 1 && colons <= 2 && w.length() >= 4;
  }

  /** Two to five capitals ({@code UTC}, {@code PDT}, {@code CEST}). */
  private static boolean isTimeZone(String token) {
    if (token.length() < 2 || token.length() > 5) {
      return false;
    }
    for (int c = 0; c < token.length(); c++) {
      if (!Character.isUpperCase(token.charAt(c))) {
        return false;
      }
    }
    return true;
  }

  private static boolean allDigits(String w) {
    for (int c = 0; c < w.length(); c++) {
      if (w.charAt(c) < '0' || w.charAt(c) > '9') {
        return false;
      }
    }
    return true;
  }
}
