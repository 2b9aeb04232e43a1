package io.causeway.benchmarks.nab;

import io.causeway.core.detection.AnomalyScorer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Points per second through one {@link AnomalyScorer} (one series, one thread): a daily-shaped
 * noisy series with rare spikes, precomputed so only the detector is measured, beside a baseline
 * that walks the same points without scoring them (the harness's own ceiling). Run with {@code
 * java -cp ... org.openjdk.jmh.Main DetectorThroughputBenchmark -rf json}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class DetectorThroughputBenchmark {

  private static final int POINTS = 1 << 16;

  private final double[] values = new double[POINTS];
  private AnomalyScorer scorer;
  private int next;
  private long millis;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < POINTS; i++) {
      double daily = 50 + 20 * Math.sin(2 * Math.PI * i / 288.0);
      values[i] = daily + random.nextGaussian() * 3 + (random.nextInt(2000) == 0 ? 60 : 0);
    }
    scorer = new AnomalyScorer();
  }

  /** One point per invocation, so the throughput is points per second. */
  @Benchmark
  public double scoreOnePoint() {
    int i = next;
    next = (i + 1) & (POINTS - 1);
    millis += 300_000;
    return scorer.score(millis, values[i]);
  }

  /** The same walk over the points without a detector: what the harness alone costs. */
  @Benchmark
  public double baselineReadOnePoint() {
    int i = next;
    next = (i + 1) & (POINTS - 1);
    millis += 300_000;
    return values[i] + millis;
  }
}
