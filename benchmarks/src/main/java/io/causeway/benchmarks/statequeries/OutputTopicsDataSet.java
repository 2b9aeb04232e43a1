package io.causeway.benchmarks.statequeries;

import io.causeway.avro.Anomaly;
import io.causeway.avro.BlastRadius;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.ChangeType;
import io.causeway.avro.DeltaType;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.EdgeKind;
import io.causeway.avro.Evidence;
import io.causeway.avro.FaultKind;
import io.causeway.avro.GraphDelta;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentMemory;
import io.causeway.avro.IncidentStatus;
import io.causeway.avro.SignalKind;
import io.causeway.avro.Symptom;
import io.causeway.runtime.TopicNames;
import io.causeway.schemas.AvroSerde;
import io.causeway.schemas.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A seeded, self-consistent six hours of the jobs' output for {@code services} services: a layered
 * call graph (about two callees per service) whose edges change every half hour or so, a few
 * removed near the end (tombstones); anomalies on a third of the services, some still open at
 * {@link #NOW}; deploys; incidents with one to four versions, most resolved; incident memory.
 * Same seed and size, same records.
 */
final class OutputTopicsDataSet {

  /** The service under test runs on a clock fixed here, so "open" and "recent" do not drift. */
  static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  static final Instant START = NOW.minus(Duration.ofHours(6));
  private static final Duration WINDOW = Duration.ofSeconds(10);

  private final List<String> services;
  private final Map<Topic, List<SpecificRecord>> byTopic = new EnumMap<>(Topic.class);
  private final List<String> currentEdges = new ArrayList<>();
  private final List<String> removedEdges = new ArrayList<>();
  private final List<String> incidentIds = new ArrayList<>();
  private final SplittableRandom random;
  private int deltas;
  private int anomalies;
  private int changes;
  private int incidentVersions;

  private OutputTopicsDataSet(int services, long seed) {
    this.services = IntStream.range(0, services).mapToObj(i -> String.format("svc-%03d", i)).toList();
    this.random = new SplittableRandom(seed);
  }

  static OutputTopicsDataSet generate(int services, long seed) {
    if (services < 3) {
      throw new IllegalArgumentException("the data set needs at least 3 services, was " + services);
    }
    OutputTopicsDataSet data = new OutputTopicsDataSet(services, seed);
    data.graph();
    data.anomaliesAndChanges();
    data.incidents(Math.max(10, services / 2));
    return data;
  }

  List<String> services() {
    return services;
  }

  List<String> incidentIds() {
    return incidentIds;
  }

  /** Edges in the graph at {@link #NOW}. */
  int currentEdges() {
    return currentEdges.size();
  }

  /** Counts per kind of record, for the report. */
  Map<String, Integer> counts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("services", services.size());
    counts.put("edges", currentEdges.size());
    counts.put("removedEdges", removedEdges.size());
    counts.put("deltas", deltas);
    counts.put("anomalies", anomalies);
    counts.put("changes", changes);
    counts.put("incidents", incidentIds.size());
    counts.put("incidentVersions", incidentVersions);
    return counts;
  }

  /** Writes every record (keyed as the jobs key them) and a tombstone per removed edge. */
  void produceTo(String bootstrapServers, TopicNames topics) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    Map<Class<?>, Serializer<SpecificRecord>> serializers = new HashMap<>();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      byTopic.forEach((topic, records) -> {
        for (SpecificRecord record : records) {
          Serializer<SpecificRecord> serializer = serializers.computeIfAbsent(record.getClass(), OutputTopicsDataSet::serializer);
          String target = topics.of(topic);
          producer.send(new ProducerRecord<>(target, keyOf(record), serializer.serialize(target, record)));
        }
      });
      for (String edge : removedEdges) {
        producer.send(new ProducerRecord<>(topics.of(Topic.EDGES), edge, null));
      }
      producer.flush();
    }
  }

  @SuppressWarnings("unchecked")
  private static Serializer<SpecificRecord> serializer(Class<?> type) {
    return (Serializer<SpecificRecord>) (Serializer<?>) AvroSerde.serializer((Class<? extends SpecificRecord>) type);
  }

  private static String keyOf(SpecificRecord record) {
    if (record instanceof DependencyEdge e) {
      return e.getCaller() + "->" + e.getCallee();
    } else if (record instanceof GraphDelta d) {
      return d.getCaller() + "->" + d.getCallee();
    } else if (record instanceof Anomaly a) {
      return a.getService().toString();
    } else if (record instanceof ChangeEvent c) {
      return c.getService().toString();
    } else if (record instanceof Incident i) {
      return i.getId().toString();
    } else if (record instanceof IncidentMemory m) {
      return m.getFingerprint().toString();
    }
    throw new IllegalArgumentException("no key for " + record.getClass());
  }

  private void add(Topic topic, SpecificRecord record) {
    byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(record);
  }

  /** Each service calls about two services further down; each edge changes every 20-40 minutes. */
  private void graph() {
    for (int i = 0; i < services.size() - 1; i++) {
      int callees = Math.min(services.size() - 1 - i, 1 + random.nextInt(3));
      List<Integer> picked = new ArrayList<>();
      while (picked.size() < callees) {
        int j = i + 1 + random.nextInt(Math.min(services.size() - 1 - i, 20));
        if (!picked.contains(j)) {
          picked.add(j);
        }
      }
      for (int j : picked) {
        edgeHistory(services.get(i), services.get(j));
      }
    }
  }

  private void edgeHistory(String caller, String callee) {
    Instant time = START.plusSeconds(random.nextInt(3600));
    DependencyEdge edge = edge(caller, callee, time, time);
    add(Topic.DELTAS, delta(DeltaType.ADDED, edge, time, null, edge, null));
    deltas++;
    boolean removed = random.nextInt(20) == 0;
    Instant end = removed ? NOW.minusSeconds(600 + random.nextInt(1800)) : NOW.minusSeconds(5);
    while (true) {
      Instant later = time.plusSeconds(1200 + random.nextInt(1200));
      if (later.isAfter(end)) {
        break;
      }
      DependencyEdge changed = edge(caller, callee, edge.getFirstSeen(), later);
      add(Topic.DELTAS, delta(DeltaType.CHANGED, changed, later, edge, changed,
          String.format(Locale.ROOT, "latencyP99Ms %.0f -> %.0f", edge.getLatencyP99Ms(), changed.getLatencyP99Ms())));
      deltas++;
      edge = changed;
      time = later;
    }
    String key = caller + "->" + callee;
    add(Topic.EDGES, edge);
    if (removed) {
      add(Topic.DELTAS, delta(DeltaType.REMOVED, edge, end, edge, null, null));
      deltas++;
      removedEdges.add(key);
    } else {
      currentEdges.add(key);
    }
  }

  private DependencyEdge edge(String caller, String callee, Instant firstSeen, Instant seen) {
    long calls = 50 + random.nextInt(5000);
    long errors = random.nextInt(10) == 0 ? random.nextInt((int) calls / 10 + 1) : random.nextInt(3);
    double p50 = 1 + random.nextDouble() * 40;
    return DependencyEdge.newBuilder()
        .setCaller(caller).setCallee(callee).setKind(random.nextInt(8) == 0 ? EdgeKind.DATABASE : EdgeKind.RPC)
        .setWindowStart(seen.minus(WINDOW)).setWindowEnd(seen)
        .setCalls(calls).setErrors(errors).setCallsPerSecond(calls / (double) WINDOW.toSeconds())
        .setErrorRatio((double) errors / calls)
        .setLatencyP50Ms(p50).setLatencyP90Ms(p50 * 2.5).setLatencyP99Ms(p50 * (4 + random.nextDouble() * 20))
        .setFirstSeen(firstSeen).setLastSeen(seen)
        .build();
  }

  private static GraphDelta delta(DeltaType type, DependencyEdge edge, Instant time, DependencyEdge before,
      DependencyEdge after, String reason) {
    return GraphDelta.newBuilder().setChange(type).setCaller(edge.getCaller()).setCallee(edge.getCallee()).setTime(time)
        .setBefore(before).setAfter(after).setReason(reason).build();
  }

  /** A third of the services had anomalies (one in ten still open); most services were deployed. */
  private void anomaliesAndChanges() {
    for (String service : services) {
      if (random.nextInt(3) == 0) {
        int count = 1 + random.nextInt(6);
        for (int k = 0; k < count; k++) {
          Instant onset = START.plusSeconds(random.nextInt(6 * 3600 - 600));
          anomaly(service + "-a" + k, service, onset, onset.plusSeconds(30 + random.nextInt(300)));
        }
        if (random.nextInt(3) == 0) {
          Instant onset = NOW.minusSeconds(120 + random.nextInt(600));
          anomaly(service + "-open", service, onset, onset.plusSeconds(30));
          anomaly(service + "-open", service, onset, NOW.minusSeconds(20));
        }
      }
      int deploys = random.nextInt(5);
      for (int k = 0; k < deploys; k++) {
        add(Topic.CHANGES, ChangeEvent.newBuilder()
            .setId(service + "-c" + k).setService(service).setType(random.nextInt(4) == 0 ? ChangeType.CONFIG : ChangeType.DEPLOY)
            .setTimestamp(START.plusSeconds(random.nextInt(6 * 3600))).setVersion("v" + (k + 2)).setAuthor("ci")
            .setDescription("rollout v" + (k + 2)).setSource("bench").build());
        changes++;
      }
    }
  }

  private void anomaly(String id, String service, Instant onset, Instant detectedAt) {
    add(Topic.ANOMALIES, Anomaly.newBuilder()
        .setId(id).setService(service).setSignal("red.latency.p90").setKind(SignalKind.LATENCY)
        .setOnset(onset).setDetectedAt(detectedAt).setScore(5 + random.nextDouble() * 20)
        .setObserved(100 + random.nextInt(900)).setExpected(20 + random.nextInt(50))
        .build());
    anomalies++;
  }

  /** Incidents spread over the six hours with 1-4 versions; the ten newest stay open. */
  private void incidents(int count) {
    for (int n = 0; n < count; n++) {
      String id = String.format("inc-%04d", n);
      incidentIds.add(id);
      String suspect = services.get(random.nextInt(services.size()));
      Instant opened = START.plusSeconds((long) n * (6 * 3600 - 1800) / count);
      boolean open = n >= count - 10;
      int versions = 1 + random.nextInt(4);
      for (int v = 1; v <= versions; v++) {
        Instant updated = opened.plusSeconds(120L * (v - 1));
        IncidentStatus status = v == 1 ? IncidentStatus.OPEN
            : v == versions && !open ? IncidentStatus.RESOLVED : IncidentStatus.UPDATED;
        add(Topic.INCIDENTS, incident(id, status, v, opened, updated, suspect));
        incidentVersions++;
      }
      if (n % 5 == 0) {
        add(Topic.MEMORY, IncidentMemory.newBuilder().setFingerprint("fp-" + id).setConfirmedCause(suspect)
            .setFaultKind(FaultKind.LATENCY).setResolutionNotes(List.of("rolled back")).setIncidentIds(List.of(id))
            .setOccurrences(1).setLastSeen(opened).build());
      }
    }
  }

  private Incident incident(String id, IncidentStatus status, int version, Instant opened, Instant updated, String suspect) {
    List<Symptom> symptoms = new ArrayList<>();
    for (int s = 0; s < 1 + version; s++) {
      symptoms.add(Symptom.newBuilder()
          .setAnomalyId(id + "-s" + s).setService(services.get(random.nextInt(services.size()))).setSignal("red.latency.p90")
          .setKind(SignalKind.LATENCY).setOnset(opened).setScore(12.5).setObserved(181).setExpected(1.5).build());
    }
    List<Hypothesis> hypotheses = new ArrayList<>();
    for (int h = 0; h < 3; h++) {
      String service = h == 0 ? suspect : services.get(random.nextInt(services.size()));
      hypotheses.add(Hypothesis.newBuilder()
          .setService(service).setFaultKind(FaultKind.LATENCY).setConfidence(0.6 / (h + 1)).setScore(3.0 / (h + 1))
          .setEvidence(Evidence.newBuilder().setSummary("latency in " + service).build())
          .setBlastRadius(BlastRadius.newBuilder().setDependents(List.of(services.get(0))).setEntryTrafficShare(0.5).build())
          .build());
    }
    return Incident.newBuilder()
        .setId(id).setStatus(status).setVersion(version)
        .setOnset(opened).setOpenedAt(opened).setUpdatedAt(updated)
        .setResolvedAt(status == IncidentStatus.RESOLVED ? updated : null)
        .setTitle("latency in " + suspect)
        .setSymptoms(symptoms).setHypotheses(hypotheses)
        .build();
  }
}
