package io.causeway.core.policy;

import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One bound on a figure of an action's blast radius, as a policy writes it: {@code >= 3}, {@code < 50%}. */
record Bound(String operator, double value) implements Serializable {

  private static final Pattern FORM = Pattern.compile("\\s*(>=|<=|>|<)\\s*(\\d+(?:\\.\\d+)?)\\s*(%?)\\s*");

  boolean test(double figure) {
    return switch (operator) {
      case ">=" -> figure >= value;
      case "<=" -> figure <= value;
      case ">" -> figure > value;
      default -> figure < value;
    };
  }

  /** A bound on a count of services: a whole number. */
  static Bound count(String text) {
    Matcher m = matcher(text, "3");
    double value = Double.parseDouble(m.group(2));
    if (!m.group(3).isEmpty() || value != Math.rint(value)) {
      throw new IllegalArgumentException("bad bound '" + text + "': a number of services is a whole number, e.g. '>= 3'");
    }
    return new Bound(m.group(1), value);
  }

  /** A bound on a share: a fraction in [0,1] or a percentage. */
  static Bound share(String text) {
    Matcher m = matcher(text, "0.5' or '>= 50%");
    double value = Double.parseDouble(m.group(2)) / (m.group(3).isEmpty() ? 1 : 100);
    if (value > 1) {
      throw new IllegalArgumentException("bad bound '" + text + "': a share is between 0 and 1 (or 0% and 100%)");
    }
    return new Bound(m.group(1), value);
  }

  private static Matcher matcher(String text, String example) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "bad bound '" + text + "': expected >=, <=, > or < and a number, quoted, e.g. '>= " + example + "'");
    }
    return m;
  }

  @Override
  public String toString() {
    return operator + " " + String.format(Locale.ROOT, "%s", value);
  }
}
