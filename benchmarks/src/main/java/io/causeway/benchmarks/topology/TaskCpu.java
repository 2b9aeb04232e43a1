package io.causeway.benchmarks.topology;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
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

  /**
   * CPU nanoseconds per thread group so far, for all threads of the process as Linux lists them in
   * {@code /proc/self/task} (also the JIT compiler, the garbage collector and RocksDB's native
   * threads, which Java does not list), by thread name with numbers dropped; names are cut to 15
   * characters there ({@code "C# CompilerThre"}, {@code "GC Thread#"}, {@code "rocksdb:low"}).
   * Empty where there is no {@code /proc}; a thread that has ended is no longer counted.
   */
  static Map<String, Long> byThreadGroup() {
    Map<String, Long> cpu = new TreeMap<>();
    File[] tasks = new File("/proc/self/task").listFiles();
    if (tasks == null) {
      return cpu;
    }
    for (File task : tasks) {
      try {
        String stat = Files.readString(task.toPath().resolve("stat"));
        int close = stat.lastIndexOf(')');
        String name = stat.substring(stat.indexOf('(') + 1, close).replaceAll("\\d+", "#");
        String[] fields = stat.substring(close + 2).split(" ");
        // fields after the name: state is 0, utime 11, stime 12, in clock ticks (100 per second)
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        cpu.merge(name, ticks * 10_000_000L, Long::sum);
      } catch (IOException | RuntimeException e) {
        // the thread ended while being read
      }
    }
    return cpu;
  }

  /** CPU nanoseconds this process has used so far, -1 where the JVM does not say. */
  static long process() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
  }
}
