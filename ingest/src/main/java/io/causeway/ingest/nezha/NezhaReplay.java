package io.causeway.ingest.nezha;

import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Span;
import io.causeway.ingest.sim.TelemetrySink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Replays a Nezha-layout folder onto our topics in event-time order, as fast as the sink takes
 * it. Metrics cover the whole day at one-minute resolution (per pod, for the entry service, and
 * per call edge where the folder has the mesh's edge table, {@link NezhaEdgeLatency}); logs and traces exist only for the
 * minutes after each injection (a "case": a run of consecutive minute files) and for the
 * fault-free {@code normal/} window. So that the detectors have a baseline right before a case,
 * the normal window's logs and traces (not its metrics, which repeat the day's) can be moved to
 * end at a chosen instant, or copied in front of every case.
 */
public final class NezhaReplay {

  /** Copies of the normal window put in front of one case, at most (fewer when the gap is short). */
  static final int MAX_NORMAL_COPIES = 2;

  private final NezhaTraces traces;
  private final NezhaLogs logs;
  private final NezhaMetrics metrics;
  private final NezhaEdgeLatency edgeLatency = new NezhaEdgeLatency();

  public NezhaReplay(PodNames podNames) {
    this.traces = new NezhaTraces(podNames);
    this.logs = new NezhaLogs(podNames);
    this.metrics = new NezhaMetrics(podNames);
  }

  /** One telemetry record of any signal, with the event time it is replayed at. */
  private record Event(Instant at, Object record) {}

  /** A span of event time, {@code [from, to)}. */
  public record Interval(Instant from, Instant to) {
    public boolean contains(Instant at) {
      return !at.isBefore(from) && at.isBefore(to);
    }
  }

  /**
   * What to replay: the part between two instants, and where the normal window goes: nowhere
   * special ({@code normalEndsAt} null), ending at {@code normalEndsAt}, or, with {@code
   * normalBeforeEachCase}, copied in front of every case.
   */
  public record Window(Instant from, Instant to, Instant normalEndsAt, boolean normalBeforeEachCase) {

    public Window(Instant from, Instant to, Instant normalEndsAt) {
      this(from, to, normalEndsAt, false);
    }

    public static Window everything() {
      return new Window(Instant.MIN, Instant.MAX, null, false);
    }

    /** The whole folder, with the normal window copied in front of every case. */
    public static Window wholeDayWithNormalBeforeEachCase() {
      return new Window(Instant.MIN, Instant.MAX, null, true);
    }

    boolean contains(Instant at) {
      return !at.isBefore(from) && at.isBefore(to);
    }
  }

  /** Replays; returns how many records went to the sink. */
  public long replay(Path folder, Window window, TelemetrySink sink) throws IOException {
    List<Event> events = new ArrayList<>();
    for (Path file : NezhaFiles.find(folder, ".*_metric\\.csv(\\.gz)?|front_service\\.csv(\\.gz)?")) {
      if (!NezhaFiles.inNormalWindow(file)) {
        metrics.read(file).forEach(m -> events.add(new Event(m.getTimestamp(), m)));
      }
    }
    edgeLatency.readFolder(folder.resolve("metric")).forEach(m -> events.add(new Event(m.getTimestamp(), m)));
    for (Path file : caseFiles(folder, ".*_trace\\.csv(\\.gz)?")) {
      traces.read(file).forEach(span -> events.add(new Event(span.getStartTime(), span)));
    }
    for (Path file : caseFiles(folder, ".*_log\\.csv(\\.gz)?")) {
      logs.read(file).forEach(log -> events.add(new Event(log.getTimestamp(), log)));
    }
    NormalWindow normal = readNormalWindow(folder);
    List<Interval> placements = normalPlacements(folder, window, normal);
    for (int copy = 0; copy < placements.size(); copy++) {
      addNormalCopy(events, normal, placements.get(copy), copy);
    }
    return emitInOrder(events, window, sink);
  }

  /**
   * Where the copies of the normal window land in event time (before clipping to the window), so
   * that a benchmark knows which stretches are fault-free.
   */
  public List<Interval> normalPlacements(Path folder, Window window) throws IOException {
    return normalPlacements(folder, window, readNormalWindow(folder));
  }

  private List<Interval> normalPlacements(Path folder, Window window, NormalWindow normal) throws IOException {
    if (normal.isEmpty()) {
      return List.of();
    }
    Duration length = normal.length();
    if (window.normalBeforeEachCase()) {
      List<Interval> placements = new ArrayList<>();
      Instant previousEnd = Instant.MIN;
      for (Interval c : cases(folder)) {
        long fits = previousEnd.equals(Instant.MIN) ? MAX_NORMAL_COPIES : Duration.between(previousEnd, c.from()).dividedBy(length);
        int copies = (int) Math.max(1, Math.min(MAX_NORMAL_COPIES, fits));
        for (int i = copies; i >= 1; i--) {
          Instant end = c.from().minus(length.multipliedBy(i - 1));
          // A gap shorter than the normal window gets its end only: copies never overlap a case.
          placements.add(new Interval(max(end.minus(length), previousEnd), end));
        }
        previousEnd = c.to();
      }
      return placements;
    }
    if (window.normalEndsAt() != null) {
      return List.of(new Interval(window.normalEndsAt().minus(length), window.normalEndsAt()));
    }
    return List.of(new Interval(normal.from(), normal.to()));
  }

  /**
   * The cases of the folder in time order: each run of consecutive minute trace files, from its
   * first span's start to its last span's end.
   */
  public List<Interval> cases(Path folder) throws IOException {
    List<Interval> cases = new ArrayList<>();
    int previousMinute = Integer.MIN_VALUE;
    for (Path file : caseFiles(folder, ".*_trace\\.csv(\\.gz)?")) {
      int minute = minuteOfDay(file);
      Interval extent = extentOf(traces.read(file));
      if (!cases.isEmpty() && minute == previousMinute + 1) {
        Interval last = cases.remove(cases.size() - 1);
        extent = new Interval(min(last.from(), extent.from()), max(last.to(), extent.to()));
      }
      cases.add(extent);
      previousMinute = minute;
    }
    return cases;
  }

  /** The normal window's spans and logs, and the time they cover. */
  private record NormalWindow(List<Span> spans, List<LogRecord> logs, Instant from, Instant to) {
    boolean isEmpty() {
      return spans.isEmpty();
    }

    Duration length() {
      return Duration.between(from, to);
    }
  }

  private NormalWindow readNormalWindow(Path folder) throws IOException {
    List<Span> spans = new ArrayList<>();
    for (Path file : NezhaTraces.traceFiles(folder)) {
      if (NezhaFiles.inNormalWindow(file)) {
        spans.addAll(traces.read(file));
      }
    }
    List<LogRecord> lines = new ArrayList<>();
    for (Path file : NezhaFiles.find(folder, ".*_log\\.csv(\\.gz)?")) {
      if (NezhaFiles.inNormalWindow(file)) {
        lines.addAll(logs.read(file));
      }
    }
    Interval extent = spans.isEmpty() ? new Interval(Instant.EPOCH, Instant.EPOCH) : extentOf(spans);
    return new NormalWindow(spans, lines, extent.from(), extent.to());
  }

  /**
   * A copy of the normal window moved to end where {@code placement} ends (its start cut off if
   * the placement is shorter). Trace and span ids get the copy's suffix, so that two copies never
   * join into one trace.
   */
  private static void addNormalCopy(List<Event> events, NormalWindow normal, Interval placement, int copy) {
    Duration shift = Duration.between(normal.to(), placement.to());
    String suffix = "-n" + copy;
    for (Span original : normal.spans()) {
      if (original.getStartTime().plus(shift).isBefore(placement.from())) {
        continue;
      }
      Span span = Span.newBuilder(original)
          .setTraceId(original.getTraceId() + suffix)
          .setSpanId(original.getSpanId() + suffix)
          .setParentSpanId(original.getParentSpanId() == null ? null : original.getParentSpanId() + suffix)
          .setStartTime(original.getStartTime().plus(shift))
          .build();
      events.add(new Event(span.getStartTime(), span));
    }
    for (LogRecord original : normal.logs()) {
      if (original.getTimestamp().plus(shift).isBefore(placement.from())) {
        continue;
      }
      LogRecord log = LogRecord.newBuilder(original)
          .setTraceId(original.getTraceId() == null ? null : original.getTraceId() + suffix)
          .setSpanId(original.getSpanId() == null ? null : original.getSpanId() + suffix)
          .setTimestamp(original.getTimestamp().plus(shift))
          .build();
      events.add(new Event(log.getTimestamp(), log));
    }
  }

  private static List<Path> caseFiles(Path folder, String regex) throws IOException {
    return NezhaFiles.find(folder, regex).stream().filter(f -> !NezhaFiles.inNormalWindow(f)).toList();
  }

  /** {@code HH_MM_trace.csv.gz} → minutes since midnight. */
  private static int minuteOfDay(Path file) {
    String[] parts = file.getFileName().toString().split("_");
    return Integer.parseInt(parts[0]) * 60 + Integer.parseInt(parts[1]);
  }

  private static Interval extentOf(List<Span> spans) {
    Instant from = Instant.MAX;
    Instant to = Instant.MIN;
    for (Span span : spans) {
      from = min(from, span.getStartTime());
      to = max(to, span.getStartTime().plus(Duration.ofNanos(span.getDurationMicros() * 1000)));
    }
    return new Interval(from, to);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /**
   * Sends the events in time order; events of one instant in the order they were read (a file's
   * logs come sorted to the nanosecond, finer than a record's milliseconds).
   */
  private static long emitInOrder(List<Event> events, Window window, TelemetrySink sink) {
    List<Event> ordered = events.stream().filter(e -> window.contains(e.at())).sorted(Comparator.comparing(Event::at)).toList();
    long sent = 0;
    for (Event event : ordered) {
      Object record = event.record();
      if (record instanceof Span span) {
        sink.span(span);
      } else if (record instanceof LogRecord log) {
        sink.log(log);
      } else {
        sink.metric((MetricPoint) record);
      }
      sent++;
    }
    sink.flush();
    return sent;
  }
}
