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
import java.util.PriorityQueue;

/**
 * Replays a Nezha-layout folder onto our topics in event-time order, as fast as the sink takes
 * it. Metrics cover the whole day at one-minute resolution; logs and traces exist only for the
 * minutes after each injection and for the fault-free {@code normal/} window. The normal window's
 * logs and traces (not its metrics, which repeat the day's) can be shifted to end just before a
 * chosen instant, so that they give the detectors a baseline right before a case.
 */
public final class NezhaReplay {

  private final NezhaTraces traces;
  private final NezhaLogs logs;
  private final NezhaMetrics metrics;

  public NezhaReplay(PodNames podNames) {
    this.traces = new NezhaTraces(podNames);
    this.logs = new NezhaLogs(podNames);
    this.metrics = new NezhaMetrics(podNames);
  }

  /** One telemetry record of any signal, with the event time it is replayed at. */
  private record Event(Instant at, Object record) {}

  /** What to replay: the whole folder, or the part between two instants, and where the normal window goes. */
  public record Window(Instant from, Instant to, Instant normalEndsAt) {
    public static Window everything() {
      return new Window(Instant.MIN, Instant.MAX, null);
    }

    boolean contains(Instant at) {
      return !at.isBefore(from) && at.isBefore(to);
    }
  }

  /** Replays; returns how many records went to the sink. */
  public long replay(Path folder, Window window, TelemetrySink sink) throws IOException {
    List<Event> events = new ArrayList<>();
    Duration normalShift = normalShift(folder, window);
    for (Path file : NezhaFiles.find(folder, ".*_metric\\.csv(\\.gz)?|front_service\\.csv(\\.gz)?")) {
      if (!NezhaFiles.inNormalWindow(file)) {
        metrics.read(file).forEach(m -> events.add(new Event(m.getTimestamp(), m)));
      }
    }
    for (Path file : NezhaTraces.traceFiles(folder)) {
      Duration shift = NezhaFiles.inNormalWindow(file) ? normalShift : Duration.ZERO;
      for (Span span : traces.read(file)) {
        span.setStartTime(span.getStartTime().plus(shift));
        events.add(new Event(span.getStartTime(), span));
      }
    }
    for (Path file : NezhaFiles.find(folder, ".*_log\\.csv(\\.gz)?")) {
      Duration shift = NezhaFiles.inNormalWindow(file) ? normalShift : Duration.ZERO;
      for (LogRecord log : logs.read(file)) {
        log.setTimestamp(log.getTimestamp().plus(shift));
        events.add(new Event(log.getTimestamp(), log));
      }
    }
    return emitInOrder(events, window, sink);
  }

  private static long emitInOrder(List<Event> events, Window window, TelemetrySink sink) {
    PriorityQueue<Event> ordered = new PriorityQueue<>(Comparator.comparing(Event::at));
    events.stream().filter(e -> window.contains(e.at())).forEach(ordered::add);
    long sent = 0;
    while (!ordered.isEmpty()) {
      Object record = ordered.poll().record();
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

  /** Moves the normal window's end to {@code normalEndsAt}, if asked. */
  private Duration normalShift(Path folder, Window window) throws IOException {
    if (window.normalEndsAt() == null) {
      return Duration.ZERO;
    }
    Instant normalEnd = Instant.MIN;
    for (Path file : NezhaTraces.traceFiles(folder)) {
      if (NezhaFiles.inNormalWindow(file)) {
        for (Span span : traces.read(file)) {
          Instant end = span.getStartTime().plus(Duration.ofNanos(span.getDurationMicros() * 1000));
          normalEnd = end.isAfter(normalEnd) ? end : normalEnd;
        }
      }
    }
    return normalEnd.equals(Instant.MIN) ? Duration.ZERO : Duration.between(normalEnd, window.normalEndsAt());
  }
}
