package io.causeway.benchmarks.loghub;

import io.causeway.core.logs.MinerSettings;
import io.causeway.core.logs.TemplateMiner;
import io.causeway.ingest.datasets.Datasets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Lines per second through the template miner once its templates are learned (every Loghub-2k
 * line, all systems, each to its own miner as to its own service), against a plain
 * split-on-whitespace pass over the same lines as the ceiling. One thread: one core.
 *
 * <p>Run: {@code java -cp <benchmarks classpath> io.causeway.benchmarks.loghub.MinerThroughputBenchmark [results.json]}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Threads(1)
public class MinerThroughputBenchmark {

  /** Lines per invocation; throughput is then lines per second. */
  static final int LINES = 14_000;

  private String[] lines;
  private TemplateMiner[] miners;

  @Setup(Level.Trial)
  public void learn() {
    Path dir = Datasets.dataset(LoghubBench.DATASET).orElseThrow(() -> new IllegalStateException(Datasets.whereToGet(LoghubBench.DATASET)));
    List<String> all = new ArrayList<>();
    List<TemplateMiner> perLine = new ArrayList<>();
    for (LoghubSystem system : LoghubSystem.all(dir)) {
      TemplateMiner miner = new TemplateMiner(system.name(), MinerSettings.DEFAULT);
      system.contents().forEach(miner::add); // learn first: measure the steady state
      all.addAll(system.contents());
      system.contents().forEach(c -> perLine.add(miner));
    }
    lines = new String[LINES];
    miners = new TemplateMiner[LINES];
    for (int i = 0; i < LINES; i++) {
      lines[i] = all.get(i % all.size());
      miners[i] = perLine.get(i % all.size());
    }
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public void mine(Blackhole hole) {
    for (int i = 0; i < LINES; i++) {
      hole.consume(miners[i].add(lines[i]));
    }
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public void splitOnWhitespace(Blackhole hole) {
    for (int i = 0; i < LINES; i++) {
      hole.consume(lines[i].split("\\s+"));
    }
  }

  public static void main(String[] args) throws RunnerException {
    var options = new OptionsBuilder().include(MinerThroughputBenchmark.class.getSimpleName());
    if (args.length > 0) {
      options.resultFormat(ResultFormatType.JSON).result(args[0]);
    }
    new Runner(options.build()).run();
  }
}
