package io.causeway.notify;

import io.causeway.notify.sinks.Sink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The notifier's counters, tagged by sink name (and action or reason). */
final class NotifyMetrics {

  private final MeterRegistry meters;

  NotifyMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  void delivered(Sink sink, Action action) {
    counter("causeway.notify.delivered", "notifications a sink accepted", "sink", sink.name(), "action", action.wire()).increment();
  }

  void failed(Sink sink, Action action, String reason) {
    counter("causeway.notify.failed", "notifications a sink still refused after its retries (each a dead letter)",
        "sink", sink.name(), "action", action.wire()).increment();
    deadLetter(reason);
  }

  void retried(Sink sink, int retries) {
    if (retries > 0) {
      counter("causeway.notify.retries", "attempts after a sink's first failure", "sink", sink.name()).increment(retries);
    }
  }

  void skipped(Sink sink, String reason) {
    counter("causeway.notify.skipped", "notifications not sent: duplicate, silenced, nothing-to-say", "sink", sink.name(), "reason", reason).increment();
  }

  void reposted(Sink sink, boolean delivered) {
    counter("causeway.notify.reposts", "re-posts of the active alerts to Alertmanager", "sink", sink.name(), "outcome", delivered ? "delivered" : "failed").increment();
  }

  void responderRecord(String topic) {
    counter("causeway.notify.responder.records", "acks and silences read, by topic", "topic", topic).increment();
  }

  void deadLetter(String reason) {
    counter("causeway.notify.dead.letters", "dead letters the notifier wrote, by reason", "reason", reason).increment();
  }

  private Counter counter(String name, String description, String... tags) {
    return Counter.builder(name).description(description).tags(tags).register(meters);
  }
}
