package io.causeway.ingest.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything that decides what the simulator emits. Two simulators with equal configs emit equal
 * records: output depends only on these values and simulated time, never on the wall clock.
 */
public final class SimulatorConfig {

  public static final long DEFAULT_SEED = 42L;
  public static final double DEFAULT_REQUESTS_PER_SECOND = 20.0;
  public static final Duration DEFAULT_FAULT_AFTER = Duration.ofSeconds(90);
  public static final double DEFAULT_SPEED = 1.0;
  public static final Duration DEFAULT_METRIC_INTERVAL = Duration.ofSeconds(5);

  /** Upper bound on load; far beyond what a demo needs and what one core generates in real time. */
  public static final double MAX_REQUESTS_PER_SECOND = 5_000.0;

  private final long seed;
  private final double requestsPerSecond;
  private final FaultSpec fault;
  private final List<FaultSpec> alsoFaults;
  private final Duration faultAfter;
  private final Instant start;
  private final double speed;
  private final Duration metricInterval;

  private SimulatorConfig(Builder builder) {
    this.seed = builder.seed;
    this.requestsPerSecond = builder.requestsPerSecond;
    this.fault = builder.fault;
    this.alsoFaults = List.copyOf(builder.alsoFaults);
    this.faultAfter = builder.faultAfter;
    this.start = builder.start;
    this.speed = builder.speed;
    this.metricInterval = builder.metricInterval;
  }

  public static Builder builder() {
    return new Builder();
  }

  public long seed() {
    return seed;
  }

  /** Mean rate of the Poisson arrivals at frontend. */
  public double requestsPerSecond() {
    return requestsPerSecond;
  }

  /** The fault to inject, if any. */
  public Optional<FaultSpec> fault() {
    return Optional.ofNullable(fault);
  }

  /** Every fault to inject, the main one first; all begin at {@link #faultAfter()}. */
  public List<FaultSpec> faults() {
    List<FaultSpec> all = new java.util.ArrayList<>();
    fault().ifPresent(all::add);
    all.addAll(alsoFaults);
    return List.copyOf(all);
  }

  /** Simulated time from {@link #start()} until the fault begins. */
  public Duration faultAfter() {
    return faultAfter;
  }

  /** Simulated time of the first instant; pass a fixed instant for reproducible runs. */
  public Instant start() {
    return start;
  }

  /** Simulated seconds per wall-clock second in {@link Simulator#runPaced}. */
  public double speed() {
    return speed;
  }

  /** Period of the container metrics. */
  public Duration metricInterval() {
    return metricInterval;
  }

  @Override
  public String toString() {
    return "SimulatorConfig{seed=" + seed + ", requestsPerSecond=" + requestsPerSecond
        + ", fault=" + fault + ", faultAfter=" + faultAfter + ", start=" + start
        + ", speed=" + speed + ", metricInterval=" + metricInterval + "}";
  }

  /** Collects settings; {@link #build()} checks them all and reports every problem at once. */
  public static final class Builder {
    private long seed = DEFAULT_SEED;
    private double requestsPerSecond = DEFAULT_REQUESTS_PER_SECOND;
    private FaultSpec fault;
    private final List<FaultSpec> alsoFaults = new java.util.ArrayList<>();
    private Duration faultAfter = DEFAULT_FAULT_AFTER;
    private Instant start;
    private double speed = DEFAULT_SPEED;
    private Duration metricInterval = DEFAULT_METRIC_INTERVAL;

    private Builder() {}

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder requestsPerSecond(double requestsPerSecond) {
      this.requestsPerSecond = requestsPerSecond;
      return this;
    }

    /** The fault to inject; null means none. */
    public Builder fault(FaultSpec fault) {
      this.fault = fault;
      return this;
    }

    /** Another fault at the same time as the main one, e.g. on an unrelated service. */
    public Builder alsoFault(FaultSpec another) {
      this.alsoFaults.add(another);
      return this;
    }

    public Builder faultAfter(Duration faultAfter) {
      this.faultAfter = faultAfter;
      return this;
    }

    /** Required. A fixed instant for tests and replays, the current time for a live demo. */
    public Builder start(Instant start) {
      this.start = start;
      return this;
    }

    public Builder speed(double speed) {
      this.speed = speed;
      return this;
    }

    public Builder metricInterval(Duration metricInterval) {
      this.metricInterval = metricInterval;
      return this;
    }

    public SimulatorConfig build() {
      List<String> problems = new ArrayList<>();
      checkRate(problems);
      checkFaultAfter(problems);
      checkStart(problems);
      checkSpeed(problems);
      checkMetricInterval(problems);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid simulator config: " + String.join("; ", problems));
      }
      return new SimulatorConfig(this);
    }

    private void checkRate(List<String> problems) {
      if (!(requestsPerSecond > 0) || requestsPerSecond > MAX_REQUESTS_PER_SECOND) {
        problems.add(
            "requestsPerSecond must be in (0, " + MAX_REQUESTS_PER_SECOND + "], was "
                + requestsPerSecond + " (the demo default is " + DEFAULT_REQUESTS_PER_SECOND
                + ")");
      }
    }

    private void checkFaultAfter(List<String> problems) {
      if (faultAfter == null || faultAfter.isNegative()) {
        problems.add(
            "faultAfter must be zero or positive, was " + faultAfter
                + " (leave a warm-up, e.g. the default " + DEFAULT_FAULT_AFTER + ")");
      }
    }

    private void checkStart(List<String> problems) {
      if (start == null) {
        problems.add(
            "start is required: pass a fixed Instant for reproducible runs,"
                + " or the current time for a live demo");
      }
    }

    private void checkSpeed(List<String> problems) {
      if (!(speed > 0) || Double.isInfinite(speed)) {
        problems.add(
            "speed (simulated seconds per wall second) must be positive and finite, was "
                + speed + "; use Simulator.advance to generate without pacing");
      }
    }

    private void checkMetricInterval(List<String> problems) {
      if (metricInterval == null
          || metricInterval.compareTo(Duration.ofMillis(100)) < 0
          || metricInterval.compareTo(Duration.ofHours(1)) > 0) {
        problems.add(
            "metricInterval must be between 100ms and 1h, was " + metricInterval
                + " (the default is " + DEFAULT_METRIC_INTERVAL + ")");
      }
    }
  }
}
