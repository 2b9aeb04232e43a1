package io.causeway.ingest.sim;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Span;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Online Boutique demo traffic: Poisson user requests at frontend turned into traces and logs,
 * container metrics every interval, a harmless change during warm-up and, if configured, one fault
 * on one service from {@code start + faultAfter} to the end.
 *
 * <p>Everything happens in simulated time. Events are generated strictly in time order, so the
 * output depends only on the config and how far time has advanced, not on how the advance was
 * split into calls or how fast the wall clock runs. Each trace draws from its own random stream,
 * so a fault changes only what it touches: a run with and a run without a fault agree until the
 * fault starts.
 *
 * <p>A trace is emitted whole when its request arrives; its spans carry their own start times,
 * which may reach past {@link #now()} while the request is still running in simulated time.
 */
public final class Simulator {

  /** Simulated time generated per step of {@link #runPaced}. */
  public static final Duration TICK = Duration.ofMillis(100);

  private static final long MICROS_PER_SECOND = 1_000_000L;

  private final SimulatorConfig config;
  private final TelemetrySink sink;
  private final TraceGenerator traces;
  private final MetricsGenerator metrics;
  private final SeededRandom arrivals;
  private final long traceSeed;
  private final long startMicros;
  private final long faultMicros;
  private final long metricIntervalMicros;
  private final Deque<ChangeSchedule.Scheduled> pendingChanges;
  /** Requests per service since the last metric sample; one entry per service. */
  private final Map<String, Integer> intervalRequests = new TreeMap<>();

  private volatile long nowMicros;
  private long nextArrivalMicros;
  private long nextMetricMicros;
  private long traceSequence;

  public Simulator(SimulatorConfig config, TelemetrySink sink) {
    if (config == null || sink == null) {
      throw new IllegalArgumentException("config and sink are required");
    }
    this.config = config;
    this.sink = sink;
    this.startMicros = ChronoUnit.MICROS.between(Instant.EPOCH, config.start());
    this.faultMicros = startMicros + ChangeSchedule.micros(config.faultAfter().toNanos());
    this.metricIntervalMicros = ChangeSchedule.micros(config.metricInterval().toNanos());
    Pods pods = new Pods(config.seed());
    FaultModel faults = new FaultModel(config.faults(), faultMicros);
    this.traces = new TraceGenerator(faults, pods);
    this.metrics = new MetricsGenerator(config.seed(), pods, faults);
    this.arrivals = SeededRandom.stream(config.seed(), 1);
    this.traceSeed = SeededRandom.mix(config.seed(), 2);
    this.pendingChanges = new ArrayDeque<>(ChangeSchedule.plan(config, startMicros));
    this.nowMicros = startMicros;
    this.nextArrivalMicros = startMicros + interArrivalMicros();
    this.nextMetricMicros = startMicros + metricIntervalMicros;
  }

  /** Generates everything that happens in the next {@code simulated} time, without sleeping. */
  public void advance(Duration simulated) {
    if (simulated == null || simulated.isNegative()) {
      throw new IllegalArgumentException("simulated time must be zero or positive: " + simulated);
    }
    long until = nowMicros + ChangeSchedule.micros(simulated.toNanos());
    while (emitNextEventBefore(until)) {
      // each call emits one event
    }
    nowMicros = until;
  }

  /**
   * Generates in {@link #TICK} steps, flushing the sink after each and sleeping so that simulated
   * time runs {@code speed} times as fast as the wall clock, until {@code keepRunning} says stop
   * (checked before every step) or the thread is interrupted (the flag stays set). If generation
   * falls behind the wall clock it catches up without sleeping.
   */
  public void runPaced(BooleanSupplier keepRunning) {
    long wallStart = System.nanoTime();
    long simulatedNanos = 0;
    while (keepRunning.getAsBoolean()) {
      advance(TICK);
      sink.flush();
      simulatedNanos += TICK.toNanos();
      if (!sleepUntil(wallStart + (long) (simulatedNanos / config.speed()))) {
        return;
      }
    }
  }

  /** The simulated present: everything before it has been generated. */
  public Instant now() {
    return toInstant(nowMicros);
  }

  /** When the configured fault begins (possibly still ahead), or empty if there is none. */
  public Optional<Instant> faultStart() {
    return config.fault().map(fault -> toInstant(faultMicros));
  }

  /** Emits the earliest pending event if it is before {@code until}; false if there is none. */
  private boolean emitNextEventBefore(long until) {
    long changeAt = pendingChanges.isEmpty() ? Long.MAX_VALUE : pendingChanges.peek().atMicros();
    long next = Math.min(changeAt, Math.min(nextMetricMicros, nextArrivalMicros));
    if (next >= until) {
      return false;
    }
    if (next == changeAt) {
      emitChange();
    } else if (next == nextMetricMicros) {
      emitMetrics();
    } else {
      emitTrace();
    }
    return true;
  }

  private void emitChange() {
    ChangeEvent change = pendingChanges.poll().event();
    sink.change(change);
  }

  private void emitMetrics() {
    double seconds = (double) metricIntervalMicros / MICROS_PER_SECOND;
    for (MetricPoint point : metrics.sample(nextMetricMicros, intervalRequests, seconds)) {
      sink.metric(point);
    }
    intervalRequests.clear();
    nextMetricMicros += metricIntervalMicros;
  }

  private void emitTrace() {
    SeededRandom rng = SeededRandom.stream(traceSeed, traceSequence++);
    TraceGenerator.Trace trace = traces.generate(nextArrivalMicros, rng);
    for (Span span : trace.spans()) {
      sink.span(span);
    }
    for (LogRecord log : trace.logs()) {
      sink.log(log);
    }
    trace.requests().forEach((service, n) -> intervalRequests.merge(service, n, Integer::sum));
    nextArrivalMicros += interArrivalMicros();
  }

  private long interArrivalMicros() {
    double seconds = arrivals.exponential(config.requestsPerSecond());
    return Math.max(1, Math.round(seconds * MICROS_PER_SECOND));
  }

  private static Instant toInstant(long epochMicros) {
    return Instant.EPOCH.plus(epochMicros, ChronoUnit.MICROS);
  }

  /** Sleeps until the {@link System#nanoTime} deadline; false if interrupted. */
  private static boolean sleepUntil(long deadlineNanos) {
    long remaining = deadlineNanos - System.nanoTime();
    while (remaining > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(remaining);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      remaining = deadlineNanos - System.nanoTime();
    }
    return true;
  }
}
