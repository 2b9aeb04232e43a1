package io.causeway.notify;

import io.causeway.avro.DeadLetter;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentAck;
import io.causeway.avro.IncidentStatus;
import io.causeway.avro.Silence;
import io.causeway.notify.sinks.AlertmanagerSink;
import io.causeway.notify.sinks.Sink;
import io.causeway.schemas.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what each sink hears about each incident snapshot and acknowledgement, and delivers it:
 * a new version of an unacknowledged incident triggers, an acknowledged one acknowledges (once),
 * RESOLVED resolves; a silenced incident is sent nowhere, except the resolution of a page a sink
 * already has. What a sink already heard is skipped ({@link DeliveryLedger}). A sink that still
 * fails after its retries gets a dead letter pointing at the source record, reason {@code
 * notify-<type>-failed}. Not thread-safe: the service calls it from its one loop.
 */
public final class Notifier {

  static final String CONSUMER = "notify";
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  /**
   * Which sinks already have the record in hand (from before a restart), and where to note each
   * sink that got it, so that a crash between two sinks does not page the first one twice.
   */
  public interface Progress {
    Progress NONE = new Progress() {
      @Override
      public boolean alreadyDelivered(String sink) {
        return false;
      }

      @Override
      public void delivered(String sink) {}
    };

    boolean alreadyDelivered(String sink);

    void delivered(String sink);
  }

  /** Where dead letters go; the service writes them to {@code deadletter}. */
  @FunctionalInterface
  public interface DeadLetterWriter {
    void write(DeadLetter letter);
  }

  private final List<Sink> sinks;
  private final Delivery delivery;
  private final DeliveryLedger ledger;
  private final Responders responders;
  private final DeadLetterWriter deadLetters;
  private final NotifyMetrics metrics;
  private final Clock clock;
  private final URI stateQueries;
  /** The last title of each incident still open (bounded like the ledger), for acks read off their topic. */
  private final Map<String, String> titles;

  public Notifier(List<Sink> sinks, Delivery delivery, DeliveryLedger ledger, Responders responders,
      DeadLetterWriter deadLetters, MeterRegistry meters, Clock clock, URI stateQueries) {
    this.sinks = List.copyOf(sinks);
    this.delivery = delivery;
    this.ledger = ledger;
    this.responders = responders;
    this.deadLetters = deadLetters;
    this.metrics = new NotifyMetrics(meters);
    this.clock = clock;
    this.stateQueries = stateQueries;
    this.titles = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > ledger.capacity();
      }
    };
  }

  /** Tells every sink what is new in {@code incident}; returns once each delivered, skipped or dead-lettered it. */
  public void onIncident(Incident incident, ConsumerRecord<byte[], byte[]> source) throws InterruptedException {
    onIncident(incident, source, Progress.NONE);
  }

  /** As {@link #onIncident(Incident, ConsumerRecord)}, skipping and noting sinks through {@code progress}. */
  public void onIncident(Incident incident, ConsumerRecord<byte[], byte[]> source, Progress progress) throws InterruptedException {
    Instant now = clock.instant();
    Optional<IncidentAck> ack = responders.ackOf(incident.getId());
    Action action = actionFor(incident, ack);
    rememberTitle(incident, action);
    Notification notification = Notification.ofIncident(incident, action, ack.orElse(null), stateQueries, now);
    Optional<Silence> silence = responders.silencing(incident, now);
    for (Sink sink : sinks) {
      tell(sink, notification, silence.isPresent(), source, progress);
    }
  }

  private void tell(Sink sink, Notification notification, boolean silenced, ConsumerRecord<byte[], byte[]> source, Progress progress)
      throws InterruptedException {
    int version = notification.incident().getVersion();
    if (progress.alreadyDelivered(sink.name())) {
      sink.delivered(notification); // it took this very record before the restart
      ledger.delivered(sink.name(), notification.incidentId(), notification.action(), version);
      metrics.skipped(sink, "duplicate");
      return;
    }
    boolean closesAPage = notification.action() == Action.RESOLVE && ledger.knows(sink.name(), notification.incidentId());
    if (silenced && !closesAPage) {
      metrics.skipped(sink, "silenced");
      return;
    }
    if (deliver(sink, notification, version, source)) {
      progress.delivered(sink.name());
    }
  }

  /** RESOLVED resolves; an acknowledged incident's other snapshots acknowledge; the rest trigger. */
  private static Action actionFor(Incident incident, Optional<IncidentAck> ack) {
    if (incident.getStatus() == IncidentStatus.RESOLVED) {
      return Action.RESOLVE;
    }
    return ack.isPresent() ? Action.ACKNOWLEDGE : Action.TRIGGER;
  }

  private void rememberTitle(Incident incident, Action action) {
    if (action == Action.RESOLVE) {
      titles.remove(incident.getId());
    } else {
      titles.put(incident.getId(), incident.getTitle());
    }
  }

  /**
   * Records {@code ack}; when {@code live} (read after the notifier caught up, not from history)
   * and the first for its incident, sends the acknowledgement to every sink that has the page.
   */
  public void onAck(IncidentAck ack, ConsumerRecord<byte[], byte[]> source, boolean live) throws InterruptedException {
    boolean first = responders.ackOf(ack.getIncidentId()).isEmpty();
    responders.acknowledged(ack);
    if (!live || !first) {
      return;
    }
    Notification notification = Notification.ofAck(ack, titles.get(ack.getIncidentId()), stateQueries, clock.instant());
    for (Sink sink : sinks) {
      if (ledger.knows(sink.name(), ack.getIncidentId())) {
        deliver(sink, notification, 0, source);
      }
    }
  }

  /** A silence record, or a tombstone ({@code silence == null}) that lifts silence {@code id}. */
  public void onSilence(String id, Silence silence) {
    responders.silence(id, silence);
  }

  /** Re-posts the Alertmanager sinks' active alerts when due (their {@code endsAt} moves ahead). */
  public void tick() throws InterruptedException {
    Instant now = clock.instant();
    for (Sink sink : sinks) {
      if (sink instanceof AlertmanagerSink alertmanager) {
        Optional<HttpRequest> repost = alertmanager.repost(now, incident -> responders.silencing(incident, now).isPresent());
        if (repost.isPresent()) {
          Delivery.Outcome outcome = delivery.send(repost.get());
          metrics.reposted(sink, outcome.delivered());
          if (!outcome.delivered()) {
            LOG.warn("notify: re-posting active alerts to {} failed ({}); they lapse unless a later re-post reaches it", sink.name(), outcome.error());
          }
        }
      }
    }
  }

  /** True when the sink's service took the notification (not when skipped or dead-lettered). */
  private boolean deliver(Sink sink, Notification notification, int version, ConsumerRecord<byte[], byte[]> source) throws InterruptedException {
    String id = notification.incidentId();
    Action action = notification.action();
    if (!ledger.isNews(sink.name(), id, action, version)) {
      metrics.skipped(sink, "duplicate");
      return false;
    }
    Optional<HttpRequest> request = sink.request(notification);
    if (request.isEmpty()) {
      ledger.delivered(sink.name(), id, action, version);
      metrics.skipped(sink, "nothing-to-say");
      return false;
    }
    Delivery.Outcome outcome = delivery.send(request.get());
    metrics.retried(sink, outcome.attempts() - 1);
    if (outcome.delivered()) {
      sink.delivered(notification);
      ledger.delivered(sink.name(), id, action, version);
      metrics.delivered(sink, action);
      return true;
    }
    String reason = "notify-" + sink.type() + "-failed";
    String error = "sink " + sink.name() + ": " + action.wire() + " of " + id + " v" + version + " failed after "
        + outcome.attempts() + " attempts: " + outcome.error();
    LOG.warn("notify: {}", error);
    deadLetters.write(DeadLetters.of(source, reason, error, CONSUMER));
    metrics.failed(sink, action, reason);
    return false;
  }
}
