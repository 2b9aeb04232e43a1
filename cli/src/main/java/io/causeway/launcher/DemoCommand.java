package io.causeway.launcher;

import io.causeway.avro.Incident;
import io.causeway.ingest.sim.FaultSpec;
import io.causeway.ingest.otlp.OtlpEncoding;
import io.causeway.ingest.sim.Simulator;
import io.causeway.ingest.sim.SimulatorConfig;
import io.causeway.ingest.sim.TelemetrySink;
import io.causeway.core.policy.ActionPolicy;
import io.causeway.jobs.CausewayOptions;
import io.causeway.runtime.CausewayRuntime;
import io.causeway.runtime.IncidentWatcher;
import io.causeway.schemas.Topic;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Everything on this machine: a real Kafka broker, the jobs on a Flink MiniCluster, and the Online
 * Boutique simulator with one injected fault; prints each incident as it arrives.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run the embedded default: Kafka + Flink MiniCluster + the jobs + demo traffic with an injected fault.")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--fault", paramLabel = "SERVICE:KIND", converter = FaultConverter.class,
      description = "Fault to inject, e.g. productcatalogservice:latency; kinds: latency, errors, cpu, bad-deploy. Default: one chosen by the seed.")
  FaultSpec fault;

  @Option(names = "--fault-after", defaultValue = "90s", converter = DurationConverter.class,
      description = "Simulated time before the fault starts (default: ${DEFAULT-VALUE}).")
  Duration faultAfter;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the simulator (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--rate", defaultValue = "20", description = "User requests per second at the frontend (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--speed", defaultValue = "1", description = "Simulated seconds per wall-clock second (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(names = "--json", description = "Print each incident snapshot as one JSON line (the Avro record's JSON form).")
  boolean json;

  @Option(names = "--until-first-incident", description = "Exit 0 once the first incident is printed.")
  boolean untilFirstIncident;

  @Option(names = "--timeout", converter = DurationConverter.class,
      description = "Give up (exit 1) if no incident has arrived after this long, e.g. 5m.")
  Duration timeout;

  @Option(names = "--input", defaultValue = "avro", converter = DemoInput.Converter.class,
      description = "What the simulator writes: avro (Causeway's telemetry.* topics) or otlp (the otlp_spans, otlp_metrics, otlp_logs"
          + " topics, as the OpenTelemetry Collector's Kafka exporter writes them; the jobs then read OTLP). Default: ${DEFAULT-VALUE}.")
  DemoInput input;

  @Option(names = "--otlp-encoding", defaultValue = "otlp_proto", converter = DemoInput.EncodingConverter.class,
      description = "With --input otlp: otlp_proto or otlp_json, as the Collector's exporter 'encoding' (default: ${DEFAULT-VALUE}).")
  OtlpEncoding otlpEncoding;

  @Option(names = "--policy-file", paramLabel = "FILE",
      description = "Guardrails policy (YAML) that judges the suggested actions; checked before anything starts (default: the built-in policy).")
  Path policyFile;

  @Option(names = "--work-dir", description = "Where the broker and Flink keep their data (default: a temporary folder, removed on exit).")
  Path workDir;

  @Spec CommandSpec spec;

  /** The input's job options and the policy file, the latter checked now so a bad one starts nothing. */
  private Map<String, String> jobOptions() {
    Map<String, String> options = new HashMap<>(input.jobOptions(otlpEncoding));
    if (policyFile != null) {
      ActionPolicy.load(policyFile);
      options.put(CausewayOptions.POLICY_FILE.key(), policyFile.toString());
    }
    return options;
  }

  @Override
  public Integer call() throws Exception {
    if (input != DemoInput.OTLP && spec.commandLine().getParseResult().hasMatchedOption("--otlp-encoding")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--otlp-encoding applies to --input otlp only");
    }
    Map<String, String> jobOptions = jobOptions();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter status = spec.commandLine().getErr();
    FaultSpec chosen = fault != null ? fault : DefaultFault.forSeed(seed);
    Path dir = workDir != null ? workDir : Files.createTempDirectory("causeway-demo");
    AtomicBoolean running = new AtomicBoolean(true);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread shutdown = new Thread(() -> {
      running.set(false);
      awaitQuietly(stopped);
    }, "causeway-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);

    status.println("causeway demo: starting Kafka (KRaft) and Flink MiniCluster under " + dir);
    try (CausewayRuntime runtime = CausewayRuntime.start(dir, jobOptions);
        TelemetrySink sink = input.sink(runtime.bootstrapServers(), otlpEncoding)) {
      status.printf("causeway demo: Kafka at %s, Flink UI at %s%n", runtime.bootstrapServers(), runtime.flinkWebUrl());
      status.printf("causeway demo: simulator writes %s%n", input.describe(otlpEncoding));
      List<AutoCloseable> companions = startCompanions(runtime.bootstrapServers(), dir, status);
      Simulator simulator = new Simulator(simulatorConfig(chosen), sink);
      status.flush();
      status.printf("causeway demo: Online Boutique traffic at %.0f req/s; injecting %s at %s%n",
          rate, chosen, simulator.faultStart().map(Instant::toString).orElse("never"));
      status.flush();
      AtomicBoolean trafficOn = new AtomicBoolean(true);
      Thread traffic = new Thread(() -> simulator.runPaced(() -> trafficOn.get() && running.get()), "causeway-simulator");
      traffic.setDaemon(true);
      traffic.start();
      try {
        return watchIncidents(runtime.bootstrapServers(), out, status, running);
      } finally {
        trafficOn.set(false);
        traffic.join(Duration.ofSeconds(10).toMillis());
        closeAll(companions, status);
      }
    } finally {
      stopped.countDown();
      if (workDir == null) {
        deleteQuietly(dir);
      }
    }
  }

  private int watchIncidents(String bootstrapServers, PrintWriter out, PrintWriter status, AtomicBoolean running) {
    IncidentPrinter printer = new IncidentPrinter(out, json);
    long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    AtomicBoolean seen = new AtomicBoolean(false);
    try (IncidentWatcher watcher = new IncidentWatcher(bootstrapServers, Topic.INCIDENTS.defaultName())) {
      watcher.watch(
          (Incident incident) -> {
            printer.print(incident);
            seen.set(true);
          },
          () -> running.get() && !(untilFirstIncident && seen.get()) && (seen.get() || System.nanoTime() < deadline));
    }
    if (!seen.get() && timeout != null && running.get()) {
      status.println("causeway demo: no incident within " + timeout);
      return 1;
    }
    return 0;
  }

  private static List<AutoCloseable> startCompanions(String bootstrapServers, Path dir, PrintWriter status) throws Exception {
    List<AutoCloseable> started = new ArrayList<>();
    for (DemoCompanion companion : Plugins.demoCompanions()) {
      started.add(companion.start(bootstrapServers, dir, status));
    }
    status.flush();
    return started;
  }

  private static void closeAll(List<AutoCloseable> companions, PrintWriter status) {
    for (AutoCloseable companion : companions) {
      try {
        companion.close();
      } catch (Exception e) {
        status.println("causeway demo: could not stop " + companion + ": " + e.getMessage());
      }
    }
  }

  private SimulatorConfig simulatorConfig(FaultSpec chosen) {
    return SimulatorConfig.builder()
        .seed(seed)
        .requestsPerSecond(rate)
        .fault(chosen)
        .faultAfter(faultAfter)
        .speed(speed)
        .start(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .build();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(java.util.concurrent.TimeUnit.SECONDS.toMillis(20), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      System.err.println("causeway demo: could not remove " + dir + ": " + e.getMessage());
    }
  }
}
