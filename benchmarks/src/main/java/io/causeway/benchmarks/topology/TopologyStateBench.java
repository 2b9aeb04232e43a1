package io.causeway.benchmarks.topology;

import io.causeway.avro.DependencyEdge;
import io.causeway.core.topology.Call;
import io.causeway.core.topology.EdgeStats;
import io.causeway.core.topology.RedShift;
import io.causeway.core.topology.SpanView;
import io.causeway.jobs.CausewayOptions;
import io.causeway.jobs.RedAccumulator;
import io.causeway.jobs.RedAccumulatorSerializer;
import io.causeway.jobs.WindowedRed;
import io.causeway.jobs.topology.EdgeLifecycleFunction;
import io.causeway.jobs.topology.TraceFragment;
import io.causeway.jobs.topology.TraceJoinFunction;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Whether the topology job's keyed state stays bounded when the graph is large and keeps changing.
 * A population of {@code --services} services holds {@code --edges} live caller→callee edges; every
 * window a share of them ({@code --churn}) is replaced by new edges, and each live edge is called
 * in a window with probability {@code --activity} (so edges also fall silent and come back). Each
 * call is a trace (a client span and its server child, some delivered child-first in two
 * fragments) fed through the real {@link TraceJoinFunction}; the joined calls are summed per edge
 * per window with the job's {@link EdgeStats} and fed to the real {@link EdgeLifecycleFunction}.
 * Both run in operator harnesses on RocksDB, with the job's default join timeout and edge expiry.
 * Every {@code --report-every} windows it prints keys, timers and the bytes of a full RocksDB
 * snapshot of each operator. The window stage itself is not run here: its state lives for one
 * window (Flink drops it when the window fires); its size per active edge is reported apart.
 */
@Command(name = "topology-state", mixinStandardHelpOptions = true,
    description = "Keyed state of the topology job over a long simulated period with many changing edges.")
public final class TopologyStateBench implements Callable<Integer> {

  @Option(names = "--services", defaultValue = "10000", description = "Services (default: ${DEFAULT-VALUE}).")
  int services = 10_000;

  @Option(names = "--edges", defaultValue = "100000", description = "Live edges at any time (default: ${DEFAULT-VALUE}).")
  int edges = 100_000;

  @Option(names = "--windows", defaultValue = "120", description = "Simulated windows (default: ${DEFAULT-VALUE}).")
  int windows = 120;

  @Option(names = "--window", defaultValue = "PT1M", description = "Simulated window width (default: ${DEFAULT-VALUE}).")
  Duration window = Duration.ofMinutes(1);

  @Option(names = "--churn", defaultValue = "0.01", description = "Share of live edges replaced each window (default: ${DEFAULT-VALUE}).")
  double churn = 0.01;

  @Option(names = "--activity", defaultValue = "0.1", description = "Chance a live edge is called in a window (default: ${DEFAULT-VALUE}).")
  double activity = 0.1;

  @Option(names = "--report-every", defaultValue = "10", description = "Windows between reports (default: ${DEFAULT-VALUE}).")
  int reportEvery = 10;

  @Option(names = "--seed", defaultValue = "7", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed = 7;

  @Spec CommandSpec spec;

  private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
  private static final Duration JOIN_TIMEOUT = CausewayOptions.TRACE_JOIN_TIMEOUT.defaultValue();
  private static final Duration EDGE_EXPIRY = CausewayOptions.EDGE_EXPIRY.defaultValue();
  /** Every tenth trace arrives child first, in two fragments, so that children wait in state. */
  private static final int SPLIT_EVERY = 10;

  /** State of both operators after one window. */
  public record Sample(
      int window, Instant time, long spans, long edgeKeys, int edgeTimers, long edgeLiveBytes, long edgeBytes, long traceKeys, int traceTimers, long traceBytes) {

    /** Live bytes per edge: its key, its serialized edge record and its timer. */
    double bytesPerEdge() {
      return edgeKeys == 0 ? 0 : (double) edgeLiveBytes / edgeKeys;
    }
  }

  /** The samples, in order, and the serialized size of one window's RED accumulator of an edge. */
  public record Result(List<Sample> samples, int windowStateBytesPerEdge) {

    Sample last() {
      return samples.get(samples.size() - 1);
    }

    /** Edge keys in the last sample over the mean of the samples in the second quarter of the run. */
    double lateGrowth() {
      List<Sample> quarter = samples.subList(samples.size() / 4, Math.max(samples.size() / 2, samples.size() / 4 + 1));
      double mean = quarter.stream().mapToLong(Sample::edgeKeys).average().orElse(1);
      return last().edgeKeys() / mean;
    }

    long maxEdgeKeys() {
      return samples.stream().mapToLong(Sample::edgeKeys).max().orElse(0);
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%d services, %d live edges, %d windows of %s, churn %.3f, activity %.2f; join timeout %s, edge expiry %s%n",
        services, edges, windows, window, churn, activity, JOIN_TIMEOUT, EDGE_EXPIRY);
    out.printf(Locale.ROOT, "%7s %20s %10s %10s %10s %12s %8s %14s %10s %10s %14s%n",
        "window", "simulated time", "spans", "edge keys", "timers", "live bytes", "B/edge", "snapshot bytes", "trace keys", "timers", "snapshot bytes");
    out.flush();
    Result result = run(sample -> {
      out.printf(Locale.ROOT, "%7d %20s %,10d %,10d %,10d %,12d %8.0f %,14d %,10d %,10d %,14d%n",
          sample.window(), sample.time(), sample.spans(), sample.edgeKeys(), sample.edgeTimers(), sample.edgeLiveBytes(), sample.bytesPerEdge(), sample.edgeBytes(),
          sample.traceKeys(), sample.traceTimers(), sample.traceBytes());
      out.flush();
    });
    Sample last = result.last();
    out.printf(Locale.ROOT, "edge state: %.0f live bytes per edge (its caller->callee key, its DependencyEdge Avro record, its expiry timer);"
        + " window state: %d bytes per active edge per window (RED accumulator: counts and a DDSketch)%n", last.bytesPerEdge(), result.windowStateBytesPerEdge());
    out.printf(Locale.ROOT, "{\"benchmark\":\"topology-state\",\"services\":%d,\"edges\":%d,\"windows\":%d,\"spans\":%d,\"finalEdgeKeys\":%d,\"maxEdgeKeys\":%d,"
            + "\"edgeLiveBytes\":%d,\"edgeSnapshotBytes\":%d,\"bytesPerEdge\":%.0f,\"windowStateBytesPerEdge\":%d,\"finalTraceKeys\":%d,\"traceStateBytes\":%d,\"lateGrowth\":%.3f}%n",
        services, edges, windows, last.spans(), last.edgeKeys(), result.maxEdgeKeys(), last.edgeLiveBytes(), last.edgeBytes(), last.bytesPerEdge(),
        result.windowStateBytesPerEdge(), last.traceKeys(), last.traceBytes(), result.lateGrowth());
    out.flush();
    return 0;
  }

  /** Runs the simulation, handing each report's sample to {@code report}. */
  public Result run(java.util.function.Consumer<Sample> report) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    int[] callers = new int[edges];
    int[] callees = new int[edges];
    for (int i = 0; i < edges; i++) {
      newEdge(random, callers, callees, i);
    }
    List<Sample> samples = new ArrayList<>();
    long spans = 0;
    try (var join = harness(new TraceJoinFunction(JOIN_TIMEOUT, 5_000), TraceFragment::traceId);
        var lifecycle = harness(new EdgeLifecycleFunction(EDGE_EXPIRY, RedShift.defaults()), WindowedRed::key)) {
      for (int w = 0; w < windows; w++) {
        long windowStart = START.plus(window.multipliedBy(w)).toEpochMilli();
        long windowEnd = windowStart + window.toMillis();
        for (int i = 0, churned = (int) Math.round(edges * churn); i < churned; i++) {
          newEdge(random, callers, callees, random.nextInt(edges));
        }
        spans += feedTraces(join, random, callers, callees, w, windowStart, windowEnd);
        join.processWatermark(windowEnd - 1);
        Map<String, EdgeStats> perEdge = new HashMap<>();
        for (Call call : join.extractOutputValues()) {
          perEdge.computeIfAbsent(call.edgeKey(), k -> new EdgeStats()).add(call.durationMicros(), call.error());
        }
        join.getOutput().clear();
        for (Map.Entry<String, EdgeStats> edge : perEdge.entrySet()) {
          EdgeStats s = edge.getValue();
          lifecycle.processElement(
              new WindowedRed(edge.getKey(), "RPC", windowStart, windowEnd, s.calls(), s.errors(), s.latencyMillis(0.5), s.latencyMillis(0.9), s.latencyMillis(0.99)),
              windowEnd - 1);
        }
        lifecycle.processWatermark(windowEnd - 1);
        lifecycle.getOutput().clear();
        if ((w + 1) % reportEvery == 0 || w == windows - 1) {
          Sample sample = sample(w + 1, Instant.ofEpochMilli(windowEnd), spans, join, lifecycle);
          samples.add(sample);
          report.accept(sample);
        }
      }
    }
    return new Result(samples, windowStateBytes(seed));
  }

  /** One trace per active edge: the caller's client span and the callee's server span under it. */
  private long feedTraces(
      KeyedOneInputStreamOperatorTestHarness<String, TraceFragment, Call> join, SplittableRandom random, int[] callers, int[] callees,
      int w, long windowStart, long windowEnd) throws Exception {
    long fed = 0;
    long width = windowEnd - windowStart;
    for (int i = 0; i < edges; i++) {
      if (random.nextDouble() >= activity) {
        continue;
      }
      String traceId = "w" + w + "-t" + i;
      long start = windowStart + (long) (random.nextDouble() * (width - 1_000));
      long durationMicros = 1_000 + random.nextInt(200_000);
      boolean error = random.nextInt(50) == 0;
      SpanView client = new SpanView(traceId, "c" + i, null, service(callers[i]), "CLIENT", start, durationMicros, error, service(callees[i]), "EXTERNAL");
      SpanView server = new SpanView(traceId, "s" + i, "c" + i, service(callees[i]), "SERVER", start + 1, durationMicros - 500, error, null, "EXTERNAL");
      if (i % SPLIT_EVERY == 0) {
        join.processElement(TraceFragment.of(server), server.startMillis());
        join.processElement(TraceFragment.of(client), client.startMillis());
      } else {
        join.processElement(new TraceFragment(traceId, List.of(client, server)), start);
      }
      fed += 2;
    }
    return fed;
  }

  private void newEdge(SplittableRandom random, int[] callers, int[] callees, int slot) {
    callers[slot] = random.nextInt(services);
    do {
      callees[slot] = random.nextInt(services);
    } while (callees[slot] == callers[slot]);
  }

  private static String service(int index) {
    return "svc-" + index;
  }

  private static Sample sample(
      int window, Instant time, long spans,
      KeyedOneInputStreamOperatorTestHarness<String, TraceFragment, Call> join,
      KeyedOneInputStreamOperatorTestHarness<String, WindowedRed, DependencyEdge> lifecycle) throws Exception {
    return new Sample(
        window, time, spans,
        keys(lifecycle, "current-edge"), lifecycle.numEventTimeTimers(), liveEdgeBytes(lifecycle), lifecycle.snapshot(window, time.toEpochMilli()).getStateSize(),
        keys(join, "trace-expiry"), join.numEventTimeTimers(), join.snapshot(window, time.toEpochMilli()).getStateSize());
  }

  /**
   * What the edge state holds, counted entry by entry: per edge its key (UTF-8, plus Flink's
   * two-byte key group), its record as the job's serializer writes it, and one timer (key, key
   * group and an 8-byte time). RocksDB adds its own per-entry overhead and compaction slack.
   */
  private static long liveEdgeBytes(KeyedOneInputStreamOperatorTestHarness<String, WindowedRed, DependencyEdge> lifecycle) throws Exception {
    KeyedStateBackend<Object> backend = lifecycle.getOperator().getKeyedStateBackend();
    AvroTypeInfo<DependencyEdge> type = new AvroTypeInfo<>(DependencyEdge.class);
    ValueState<DependencyEdge> current =
        backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, new ValueStateDescriptor<>("current-edge", type));
    TypeSerializer<DependencyEdge> serializer = type.createSerializer(new SerializerConfigImpl());
    List<Object> keys;
    try (Stream<Object> stream = backend.getKeys("current-edge", VoidNamespace.INSTANCE)) {
      keys = stream.toList();
    }
    Object before = backend.getCurrentKey();
    long bytes = 0;
    DataOutputSerializer out = new DataOutputSerializer(512);
    for (Object key : keys) {
      backend.setCurrentKey(key);
      out.clear();
      serializer.serialize(current.value(), out);
      int keyBytes = ((String) key).getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 2;
      bytes += keyBytes + out.length() + keyBytes + 8;
    }
    if (before != null) {
      backend.setCurrentKey(before);
    }
    return bytes;
  }

  private static long keys(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> harness, String state) {
    KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
    try (Stream<Object> keys = backend.getKeys(state, VoidNamespace.INSTANCE)) {
      return keys.count();
    }
  }

  /**
   * The bytes of one busy edge's window accumulator (a thousand calls from 1 ms to 2 s) as the
   * window stage stores it ({@link RedAccumulatorSerializer}).
   */
  static int windowStateBytes(long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    EdgeStats stats = new EdgeStats();
    for (int i = 0; i < 1_000; i++) {
      stats.add((long) (1_000 * Math.pow(2_000, random.nextDouble())), random.nextInt(50) == 0);
    }
    DataOutputSerializer bytes = new DataOutputSerializer(4096);
    RedAccumulatorSerializer.INSTANCE.serialize(new RedAccumulator("RPC", stats), bytes);
    return bytes.length();
  }

  private static <IN, OUT> KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> harness(
      org.apache.flink.streaming.api.functions.KeyedProcessFunction<String, IN, OUT> function,
      org.apache.flink.api.java.functions.KeySelector<IN, String> key) throws Exception {
    var harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function), key, Types.STRING);
    harness.setStateBackend(new EmbeddedRocksDBStateBackend(false)); // full snapshots: their size is the live state, not SST files awaiting compaction
    harness.setCheckpointStorage(new JobManagerCheckpointStorage(Integer.MAX_VALUE));
    harness.open();
    return harness;
  }
}
