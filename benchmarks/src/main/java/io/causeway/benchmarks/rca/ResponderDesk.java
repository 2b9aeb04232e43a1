package io.causeway.benchmarks.rca;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.avro.Incident;
import io.causeway.avro.Verdict;
import io.causeway.kafka.KafkaClientConfig;
import io.causeway.runtime.IncidentWatcher;
import io.causeway.runtime.TopicNames;
import io.causeway.schemas.Topic;
import io.causeway.statequeries.cli.StateQueriesClient;
import io.causeway.statequeries.feedback.FeedbackRoutes;
import io.causeway.statequeries.http.ApiServer;
import io.causeway.statequeries.publish.TopicPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live responder's wiring in a replay: it reads the replay's {@code incidents} topic
 * (read_committed, as state-queries does), asks {@link LiveResponder} what to say, and says it
 * through state-queries' feedback endpoint, {@code POST /api/incidents/{id}/feedback}: the real
 * route, request parsing and {@link TopicPublisher} onto {@code incident.feedback}, served on
 * loopback over the incidents this desk read (state-queries' materialiser is not needed for it).
 *
 * <p>Event time: state-queries stamps feedback with its clock, which live is the wall clock and the
 * telemetry's time. In a replay the wall clock is hours past the data, and the job counts a verdict
 * only from its own time on, so the endpoint's clock here reads the verdict's event time
 * ({@link LiveResponder.Decision#at()}).
 */
final class ResponderDesk implements AutoCloseable {

  static final String AUTHOR = "bench memory";

  private final LiveResponder responder;
  private final TopicPublisher publisher;
  private final ApiServer server;
  private final StateQueriesClient client;
  private final IncidentWatcher watcher;
  private final Map<String, Incident> latest = new ConcurrentHashMap<>();
  private final AtomicReference<Instant> verdictTime = new AtomicReference<>(Instant.EPOCH);
  private final AtomicInteger refused = new AtomicInteger();
  private final Thread reader;
  private volatile boolean running = true;

  ResponderDesk(String bootstrapServers, LiveResponder responder) throws IOException {
    this.responder = responder;
    this.publisher = TopicPublisher.create(bootstrapServers, KafkaClientConfig.none(), TopicNames.defaults(), Clock.systemUTC());
    this.server = ApiServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, 1, new SimpleMeterRegistry(), publisher,
        FeedbackRoutes.over(id -> Optional.ofNullable(latest.get(id)), publisher, new ReadingClock(verdictTime)));
    this.client = new StateQueriesClient(URI.create("http://127.0.0.1:" + server.address().getPort()), "");
    this.watcher = new IncidentWatcher(bootstrapServers, Topic.INCIDENTS.defaultName());
    this.reader = new Thread(this::readIncidents, "bench-memory-responder");
    reader.setDaemon(true);
    reader.start();
  }

  /** Verdicts the endpoint refused or did not store. */
  int refused() {
    return refused.get();
  }

  private void readIncidents() {
    watcher.watch(snapshot -> {
      latest.put(snapshot.getId().toString(), snapshot);
      responder.decide(snapshot).ifPresent(this::deliver);
    }, () -> running);
  }

  private void deliver(LiveResponder.Decision decision) {
    try {
      if (decision.says()) {
        post(decision);
      }
    } finally {
      responder.delivered(decision.faultIndex());
    }
  }

  private void post(LiveResponder.Decision decision) {
    ObjectNode body = StateQueriesClient.JSON.createObjectNode()
        .put("verdict", decision.verdict() == Verdict.CONFIRMED ? "confirm" : "reject")
        .put("service", decision.service())
        .put("by", AUTHOR);
    if (decision.verdict() == Verdict.CONFIRMED) {
      body.put("note", "bench: " + decision.fault().type() + " on " + decision.fault().service());
    }
    verdictTime.set(decision.at());
    try {
      StateQueriesClient.Answer answer = client.post("/api/incidents/" + StateQueriesClient.segment(decision.incidentId()) + "/feedback", body);
      if (!answer.stored()) {
        refused.incrementAndGet();
        System.err.println("bench memory: feedback on " + decision.incidentId() + " not stored: " + answer.status() + " " + answer.message());
      }
    } catch (IOException e) {
      refused.incrementAndGet();
      System.err.println("bench memory: feedback on " + decision.incidentId() + " not sent: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    reader.join(5_000);
    watcher.close();
    server.close();
    publisher.close();
  }

  /** The endpoint's clock: the event time of the verdict being posted (one at a time, from the reader thread). */
  private static final class ReadingClock extends Clock {
    private final AtomicReference<Instant> now;

    ReadingClock(AtomicReference<Instant> now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
