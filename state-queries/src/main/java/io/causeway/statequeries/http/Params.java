package io.causeway.statequeries.http;

import io.causeway.statequeries.views.PageRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of one request, checked: only the names an endpoint knows, each at most
 * once, values of the right form. Every problem is a 400 that says what to send instead.
 */
public final class Params {

  private final Map<String, String> values;

  private Params(Map<String, String> values) {
    this.values = values;
  }

  /** Parses a raw (still percent-encoded) query string and rejects names outside {@code allowed}. */
  public static Params parse(String rawQuery, Set<String> allowed) {
    Map<String, String> values = new HashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (!allowed.contains(name)) {
          throw ApiException.badRequest("unknown parameter '" + name + "'; this endpoint takes "
              + (allowed.isEmpty() ? "no parameters" : String.join(", ", new TreeSet<>(allowed))));
        }
        if (values.put(name, value) != null) {
          throw ApiException.badRequest("parameter '" + name + "' is given more than once");
        }
      }
    }
    return new Params(values);
  }

  public String text(String name, String fallback) {
    String value = values.get(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  public boolean has(String name) {
    return values.containsKey(name) && !values.get(name).isEmpty();
  }

  /** ISO-8601 ({@code 2026-11-28T06:14:15Z}, with an offset too) or epoch milliseconds (Grafana's {@code $__from}). */
  public Instant instant(String name, Instant fallback) {
    String value = values.get(name);
    if (value == null || value.isEmpty()) {
      if (fallback == null) {
        throw ApiException.badRequest("parameter '" + name + "' is required: an ISO-8601 time such as 2026-11-28T06:14:15Z or epoch milliseconds");
      }
      return fallback;
    }
    return parseInstant(name, value);
  }

  static Instant parseInstant(String name, String value) {
    String text = value.strip().replace(' ', '+');
    if (text.matches("-?\\d{1,15}")) {
      return Instant.ofEpochMilli(Long.parseLong(text));
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("parameter '" + name + "' must be an ISO-8601 time such as 2026-11-28T06:14:15Z or epoch milliseconds, was '" + value + "'");
    }
  }

  public int integer(String name, int fallback, int min, int max) {
    String value = values.get(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("parameter '" + name + "' must be a whole number, was '" + value + "'");
    }
    if (parsed < min || parsed > max) {
      throw ApiException.badRequest("parameter '" + name + "' must be between " + min + " and " + max + ", was " + parsed);
    }
    return parsed;
  }

  /** {@code limit} (1 to {@code maxLimit}, default {@code defaultLimit}) and {@code offset} (0 or more). */
  public PageRequest page(int defaultLimit, int maxLimit) {
    return new PageRequest(integer("limit", Math.min(defaultLimit, maxLimit), 1, maxLimit), integer("offset", 0, 0, Integer.MAX_VALUE));
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("the query string is not valid percent-encoding: " + text);
    }
  }
}
