package io.causeway.benchmarks.throughput;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** CPU used so far by this JVM's task chains, its threads and the whole process; two marks give what a measured part cost. */
public final class CpuMark {

  private Map<String, Long> byTask = Map.of();
  private Map<String, Long> byThreadGroup = Map.of();
  private long process;

  /** Reads the counters now; answers this mark. */
  public CpuMark take() {
    byTask = TaskCpu.byTask();
    byThreadGroup = TaskCpu.byThreadGroup();
    process = TaskCpu.process();
    return this;
  }

  /** CPU nanoseconds of the whole process from {@code from} to this mark. */
  public long processSince(CpuMark from) {
    return process - from.process;
  }

  /** CPU nanoseconds from {@code from} to this mark by task (its chain's whole name), grouped by {@code group} (a task's job, say). */
  public Map<String, Long> tasksSince(CpuMark from, Function<String, String> group) {
    Map<String, Long> spent = new java.util.TreeMap<>();
    byTask.forEach((task, nanos) -> spent.merge(group.apply(task), nanos - from.byTask.getOrDefault(task, 0L), Long::sum));
    return spent;
  }

  /**
   * Where the CPU went from {@code from} to this mark, in microseconds per measured record: by
   * task chain, the whole process, and its ten busiest thread groups (the JIT compiler, the
   * collector and RocksDB's native threads included).
   */
  public void report(PrintWriter out, String unit, long records, CpuMark from) {
    out.printf(Locale.ROOT, "%-60s %10s%n", "CPU per measured " + unit + " (task chain)", "us");
    tasksSince(from, TaskCpu::firstOperator).forEach((chain, nanos) -> out.printf(Locale.ROOT, "%-60.60s %10.2f%n", chain, nanos / 1e3 / records));
    out.printf(Locale.ROOT, "%-60s %10.2f%n", "whole process while measuring (broker, JIT, GC too)", processSince(from) / 1e3 / records);
    out.printf(Locale.ROOT, "%-60s %10s%n", "  by thread (Linux names, cut to 15 characters), busiest", "us");
    byThreadGroup.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - from.byThreadGroup.getOrDefault(e.getKey(), 0L)))
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(10)
        .forEach(e -> out.printf(Locale.ROOT, "  %-58.58s %10.2f%n", e.getKey(), e.getValue() / 1e3 / records));
  }
}
