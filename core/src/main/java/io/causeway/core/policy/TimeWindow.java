package io.causeway.core.policy;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hours of the day, on some days of the week, in one time zone: {@code 22:00-06:00} on Fridays
 * runs from Friday 22:00 to Saturday 06:00 (a window past midnight belongs to the day it began).
 *
 * @param fromSecond start of the window, inclusive, in seconds of the day
 * @param untilSecond end, exclusive; 86400 for midnight at the end of the day
 * @param days the days the window begins on; empty for every day
 */
record TimeWindow(int fromSecond, int untilSecond, Set<DayOfWeek> days, ZoneId zone) implements Serializable {

  static final int WHOLE_DAY = 24 * 3600;
  private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})\\s*");

  boolean contains(Instant at) {
    ZonedDateTime local = at.atZone(zone);
    int second = local.toLocalTime().toSecondOfDay();
    DayOfWeek day = local.getDayOfWeek();
    if (fromSecond < untilSecond) {
      return second >= fromSecond && second < untilSecond && onDay(day);
    }
    if (second >= fromSecond) {
      return onDay(day);
    }
    return second < untilSecond && onDay(day.minus(1));
  }

  private boolean onDay(DayOfWeek day) {
    return days.isEmpty() || days.contains(day);
  }

  /** The whole day, on the given days. */
  static TimeWindow allDay(Set<DayOfWeek> days, ZoneId zone) {
    return new TimeWindow(0, WHOLE_DAY, days, zone);
  }

  /** {@code HH:MM-HH:MM}, the end may be {@code 24:00}; an end before the start runs past midnight. */
  static TimeWindow parse(String text, Set<DayOfWeek> days, ZoneId zone) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("bad time window '" + text + "': expected HH:MM-HH:MM, e.g. '22:00-06:00'");
    }
    int from = secondOfDay(m.group(1), text, false);
    int until = secondOfDay(m.group(2), text, true);
    if (from == until % WHOLE_DAY) {
      throw new IllegalArgumentException(
          "bad time window '" + text + "': it starts where it ends; leave 'time' out for the whole day");
    }
    return new TimeWindow(from, until, days, zone);
  }

  private static int secondOfDay(String hhmm, String text, boolean endOfDayAllowed) {
    if (endOfDayAllowed && hhmm.equals("24:00")) {
      return WHOLE_DAY;
    }
    try {
      return LocalTime.parse(hhmm.length() == 4 ? "0" + hhmm : hhmm).toSecondOfDay();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("bad time window '" + text + "': '" + hhmm + "' is no time of day (00:00 to 23:59)");
    }
  }
}
