package io.causeway.benchmarks.topology;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's Flink task threads by the first operator of their chain (a task thread
 * is named after its chain, {@code "read telemetry.spans -> ... (1/2)#0"}), to show where a job's
 * CPU goes; the process total beside them includes the broker, the JIT and the collector.
 */
final class TaskCpu {

  private TaskCpu() {}

  /** CPU nanoseconds per chain so far, summed over subtasks (task threads end in {@code (i/n)#attempt}). */
  static Map<String, Long> byChain() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Long> cpu = new TreeMap<>();
    for (long id : threads.getAllThreadIds()) {
      ThreadInfo info = threads.getThreadInfo(id);
      long nanos = threads.getThreadCpuTime(id);
      if (info == null || nanos < 0) {
        continue;
      }
      if (!info.getThreadName().matches(".* \\(\\d+/\\d+\\)#\\d+") || info.getThreadName().contains("Trigger for ")) {
        continue;
      }
      String chain = info.getThreadName().replaceFirst(" \\(\\d+/\\d+\\)#\\d+$", "");
      int arrow = chain.indexOf(" -> ");
      cpu.merge(arrow < 0 ? chain : chain.substring(0, arrow), nanos, Long::sum);
    }
    return cpu;
  }

  /** CPU nanoseconds this process has used so far, -1 where the JVM does not say. */
  static long process() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
  }
}
