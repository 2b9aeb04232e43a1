package io.causeway.notify;

/** What a notification asks of a sink; PagerDuty's event actions, which the other sinks follow. */
public enum Action {
  /** Page: a new incident, or a newer version of one nobody acknowledged. */
  TRIGGER,
  /** Somebody took it: no more pages for it. */
  ACKNOWLEDGE,
  /** The incident resolved: close the page. */
  RESOLVE;

  /** The lower-case name used on the wire ({@code trigger}, ...). */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
