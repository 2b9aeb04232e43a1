package io.causeway.benchmarks.ab;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Operations per second of the benchmark threads' own CPU time ({@code -prof
 * io.causeway.benchmarks.ab.ThreadCpuProfiler}): on a shared machine a benchmark thread loses
 * wall time to other processes, not CPU time, so this figure varies less than JMH's wall-clock
 * score. JMH keeps its worker threads across iterations; their CPU time is read before and after
 * each one. The JIT and GC threads are left out (GC work a benchmark causes is not counted).
 */
public final class ThreadCpuProfiler implements InternalProfiler {

  /** The secondary result's label in JMH's output and JSON. */
  static final String LABEL = "cpu.ops";

  private static final String WORKER = "-jmh-worker-";

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private long cpuBefore;

  public ThreadCpuProfiler() {
    if (!threads.isCurrentThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM cannot read thread CPU time; run without -prof " + getClass().getName());
    }
    threads.setThreadCpuTimeEnabled(true);
  }

  @Override
  public String getDescription() {
    return "operations per second of the benchmark threads' CPU time";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    cpuBefore = workersCpuNanos();
  }

  @Override
  public List<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration, IterationResult result) {
    long cpuNanos = workersCpuNanos() - cpuBefore;
    long ops = result.getMetadata().getAllOps();
    double perSecond = cpuNanos > 0 ? ops * 1e9 / cpuNanos : Double.NaN;
    return List.of(new ScalarResult(LABEL, perSecond, "ops/cpu-s", AggregationPolicy.AVG));
  }

  /** CPU time of the live JMH worker threads (none before the first iteration starts them). */
  private long workersCpuNanos() {
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains(WORKER)) {
        long nanos = threads.getThreadCpuTime(info.getThreadId());
        total += Math.max(nanos, 0);
      }
    }
    return total;
  }
}
