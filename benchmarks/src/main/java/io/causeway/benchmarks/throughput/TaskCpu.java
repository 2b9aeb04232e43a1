package io.causeway.benchmarks.throughput;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's Flink task threads by the first operator of their chain (a task thread
 * is named after its chain, {@code "read telemetry.spans -> ... (1/2)#0"}), to show where a job's
 * CPU goes; the process total beside them includes the broker, the JIT and the collector.
 */
public final class TaskCpu {

  private TaskCpu() {}

  /** CPU nanoseconds per chain so far by its first operator, summed over subtasks. */
  public static Map<String, Long> byChain() {
    Map<String, Long> cpu = new TreeMap<>();
    byTask().forEach((task, nanos) -> cpu.merge(firstOperator(task), nanos, Long::sum));
    return cpu;
  }

  /**
   * The task a thread works for: a task's own thread, or its output flusher or source fetcher
   * ({@code "OutputFlusher for TASK"}, {@code "Source Data Fetcher for TASK"}).
   */
  public static String owningTask(String thread) {
    return thread.replaceFirst("^(OutputFlusher|Source Data Fetcher) for ", "");
  }

  /** The first operator of a task's chain, {@code "read telemetry.spans"} of {@code "read telemetry.spans -> decode ..."}. */
  public static String firstOperator(String task) {
    int arrow = task.indexOf(" -> ");
    return arrow < 0 ? task : task.substring(0, arrow);
  }

  /**
   * CPU nanoseconds per task so far by its whole name (a chain's operators, as Flink's REST API
   * names the job's vertices), summed over subtasks (task threads end in {@code (i/n)#attempt}).
   */
  public static Map<String, Long> byTask() {
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
      cpu.merge(info.getThreadName().replaceFirst(" \\(\\d+/\\d+\\)#\\d+$", ""), nanos, Long::sum);
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
  public static Map<String, Long> byThreadGroup() {
    Map<String, Long> cpu = new TreeMap<>();
    File[] tasks = new File("/proc/self/task").listFiles();
    if (tasks == null) {
      return cpu;
    }
    for (File task : tasks) {
      try {
        String stat = Files.readString(task.toPath().resolve("stat"));
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "#");
        cpu.merge(name, statCpuNanos(stat), Long::sum);
      } catch (IOException | RuntimeException e) {
        // the thread ended while being read
      }
    }
    return cpu;
  }

  /**
   * CPU nanoseconds another process of this machine (a TaskManager, say) has used so far, from
   * {@code /proc/PID/stat}; -1 where there is no such process or no {@code /proc}.
   */
  public static long process(long pid) {
    try {
      return statCpuNanos(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** User plus system time of a {@code /proc} stat line, in nanoseconds. */
  private static long statCpuNanos(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // fields after the name: state is 0, utime 11, stime 12, in clock ticks (100 per second)
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
  }

  /** CPU nanoseconds this process has used so far, -1 where the JVM does not say. */
  public static long process() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
  }
}
