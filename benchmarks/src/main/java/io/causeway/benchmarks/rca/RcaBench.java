package io.causeway.benchmarks.rca;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.avro.Incident;
import io.causeway.core.correlation.ConfidenceCalibration;
import io.causeway.ingest.datasets.Datasets;
import io.causeway.ingest.nezha.NezhaFaults.Fault;
import io.causeway.ingest.nezha.NezhaReplay;
import io.causeway.ingest.nezha.PodNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import io.causeway.jobs.CausewayOptions;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Root-cause ranking on real fault-injection data: every day of a Nezha-layout folder is replayed
 * (metrics for the whole day, logs and traces of each case, the fault-free window copied in front
 * of every case) through the real jobs, which are told nothing about the faults. The incidents
 * that come out are scored against the fault list: AC@1/3/5, Avg@5, time to first hypothesis,
 * faults with no incident and incidents with no fault, overall, per fault type and per signal
 * tier (metrics only, + traces, + logs, + changes).
 */
@Command(name = "rca", mixinStandardHelpOptions = true,
    description = "Replay Nezha fault-injection days through the jobs and score the incidents' root causes.")
public final class RcaBench implements Callable<Integer> {

  static final String REPLAY_IDLENESS = "60 s";

  @Option(names = "--data", paramLabel = "DIR",
      description = "A Nezha-layout day folder, or a folder of them. Default: $" + Datasets.ENV + "/nezha or ../shared/datasets/nezha.")
  Path data;

  @Option(names = "--signals", split = ",", paramLabel = "TIER",
      description = "Tiers to run, each adding one signal: ${COMPLETION-CANDIDATES} (default: all).")
  Set<SignalTier> tiers = EnumSet.allOf(SignalTier.class);

  @Option(names = "--faults", paramLabel = "N",
      description = "Score only each day's first N faults (the replay stops after them), for a quick look.")
  Integer firstFaults;

  @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A job option for the run, e.g. causeway.correlation.settle=30 s.")
  Map<String, String> jobOptions = new LinkedHashMap<>();

  @Option(names = "--dump", paramLabel = "DIR",
      description = "Also write each run's anomalies, graph edges and incident snapshots there, one Avro JSON record per line (read back by --from-dump).")
  Path dump;

  @Option(names = "--from-dump", paramLabel = "DIR",
      description = "Replay nothing: rank again, with this build's ranking and the --option settings, every incident snapshot a"
          + " --dump run wrote there, from its dumped anomalies and graph edges, and score that. Seconds instead of minutes.")
  Path fromDump;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path root = data != null ? data : Datasets.dataset("nezha").orElse(null);
    if (root == null) {
      spec.commandLine().getErr().println("no Nezha data: " + Datasets.whereToGet("nezha") + ", or pass --data DIR");
      return 2;
    }
    List<Path> days = NezhaDays.under(root);
    if (days.isEmpty()) {
      spec.commandLine().getErr().println(root + " holds no Nezha day (a folder with a *fault_list.json)");
      return 2;
    }
    long started = System.nanoTime();
    Map<SignalTier, RcaScoring.Outcome> outcomes = new LinkedHashMap<>();
    boolean anyChanges = false;
    for (SignalTier tier : tiers) {
      if (tier == SignalTier.CHANGES && !anyChanges) {
        continue;
      }
      outcomes.put(tier, runTier(days, tier, out));
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    printReport(out, outcomes, seconds);
    printDays(out, byDay.get(fullestTier(outcomes)));
    List<HeldOutCalibration> calibrations = heldOutCalibrations(byDay.getOrDefault(fullestTier(outcomes), Map.of()));
    printCalibrations(out, calibrations);
    String json = json(outcomes, byDay.getOrDefault(fullestTier(outcomes), Map.of()), seconds);
    out.println(calibrations.isEmpty() ? json : withCalibrations(json, calibrations));
    out.flush();
    return 0;
  }

  private RcaScoring.Outcome runTier(List<Path> days, SignalTier tier, PrintWriter out) throws Exception {
    List<RcaScoring.Outcome> perDay = new ArrayList<>();
    for (Path day : days) {
      List<Fault> faults = NezhaDays.faults(day, firstFaults);
      NezhaReplay.Window window = NezhaDays.window(faults, firstFaults);
      RunDump run = fromDump != null ? rankedAgain(day, tier, out) : replayed(day, window, tier, out);
      if (run == null) {
        continue;
      }
      List<NezhaReplay.Interval> normal = new NezhaReplay(PodNames.defaults()).normalPlacements(day, window);
      RcaScoring.Outcome outcome = RcaScoring.score(faults, run.snapshots(), normal, run.anomalies());
      byDay.computeIfAbsent(tier, t -> new LinkedHashMap<>()).put(day.getFileName().toString(), outcome);
      perDay.add(outcome);
    }
    return RcaScoring.Outcome.pooled(perDay);
  }

  /** Each tier's outcome per day, by day folder name. */
  private final Map<SignalTier, Map<String, RcaScoring.Outcome>> byDay = new LinkedHashMap<>();

  private RunDump replayed(Path day, NezhaReplay.Window window, SignalTier tier, PrintWriter out) throws Exception {
    RcaRun.Result run = new RcaRun(day, window, withReplayDefaults(jobOptions)).run(tier);
    if (dump != null) {
      writeDump(day, tier, run);
    }
    out.printf(Locale.ROOT, "# %s, %s: %,d records, %d incident snapshots, %.0f s%n",
        day.getFileName(), tier.label(), run.records(), run.snapshots().size(), run.seconds());
    out.flush();
    return run.dump();
  }

  /** The day's dumped run ranked again offline; null (and said) when the dump has no such run. */
  private RunDump rankedAgain(Path day, SignalTier tier, PrintWriter out) throws IOException {
    String prefix = RunDump.prefix(day, tier);
    if (!RunDump.exists(fromDump, prefix)) {
      out.printf(Locale.ROOT, "# %s, %s: no dump %s in %s%n", day.getFileName(), tier.label(), prefix, fromDump);
      return null;
    }
    long started = System.nanoTime();
    RunDump ranked = OfflineRanking.from(jobOptions).rankAgain(RunDump.read(fromDump, prefix));
    out.printf(Locale.ROOT, "# %s, %s: %d incident snapshots ranked again from the dump, %.1f s%n",
        day.getFileName(), tier.label(), ranked.snapshots().size(), (System.nanoTime() - started) / 1e9);
    out.flush();
    return ranked;
  }

  /**
   * The replay is produced first and read as fast as the jobs go, some hundred times faster than
   * real time. A partition found idle after the default 10 s of wall time has then been silent for
   * an hour of event time, and a slower input (the logs, which are mined) falls behind event time
   * that the faster ones moved on: its anomalies come after the incidents they belong to have
   * closed. So the bench declares idleness later, unless told otherwise.
   */
  static Map<String, String> withReplayDefaults(Map<String, String> options) {
    Map<String, String> withDefaults = new LinkedHashMap<>(options);
    withDefaults.putIfAbsent(CausewayOptions.IDLENESS.key(), REPLAY_IDLENESS);
    return withDefaults;
  }

  private void writeDump(Path day, SignalTier tier, RcaRun.Result run) throws IOException {
    run.dump().write(dump, RunDump.prefix(day, tier));
  }

  private static void printReport(PrintWriter out, Map<SignalTier, RcaScoring.Outcome> outcomes, double seconds) {
    out.printf(Locale.ROOT, "%nscored in each fault's own incident (the earliest in its window carrying the faulty service);"
        + " first@1: AC@1 of the first incident in the window%n");
    out.printf(Locale.ROOT, "%n%-16s %6s %6s %6s %6s %6s %7s %7s %9s %7s%n",
        "signals", "faults", "AC@1", "AC@3", "AC@5", "Avg@5", "missed", "false", "median s", "first@1");
    for (SignalTier tier : SignalTier.values()) {
      RcaScoring.Outcome outcome = outcomes.get(tier);
      if (outcome == null) {
        out.printf(Locale.ROOT, "%-16s %s%n", tier.label(), tier == SignalTier.CHANGES ? "n/a: the data holds no change events" : "not run");
        continue;
      }
      printRow(out, tier.label(), outcome.ownIncidentSummary(), outcome.falseIncidents(), outcome.summary());
    }
    RcaScoring.Outcome full = fullest(outcomes);
    if (full == null) {
      return;
    }
    out.printf(Locale.ROOT, "%nby fault type (all signals):%n");
    full.ownIncidentByType().forEach((type, summary) -> printRow(out, type, summary, -1, full.byType().get(type)));
    out.printf(Locale.ROOT, "%n%-20s %-32s %-15s %4s %4s %8s  %s%n", "injected", "service", "type", "inc", "rank", "s", "suspects");
    for (RcaScoring.FaultResult r : full.ownIncidentResults()) {
      out.printf(Locale.ROOT, "%-20s %-32s %-15s %4d %4s %8s  %s%n",
          r.fault().injectedAt(), r.fault().service(), r.fault().type(), r.incidents(),
          r.found() ? String.valueOf(r.rank()) : "-",
          r.found() ? String.format(Locale.ROOT, "%.0f", r.secondsToFirstHypothesis()) : "missed",
          String.join(", ", r.suspects().subList(0, Math.min(3, r.suspects().size()))));
    }
    out.printf(Locale.ROOT, "%nincidents: %d, duplicates on a fault: %d, with no fault: %d (on the fault-free window: %d); %.0f s in all%n",
        full.incidents(), full.duplicates(), full.falseIncidents(), full.falseIncidentsOnNormalWindow(), seconds);
    printCalibration(out, full);
  }

  private static void printCalibration(PrintWriter out, RcaScoring.Outcome full) {
    out.printf(Locale.ROOT, "%nconfidence of each incident's first suspect (right: the service of the fault it covers):%n");
    out.printf(Locale.ROOT, "%-12s %9s %6s %12s %16s%n", "confidence", "incidents", "right", "share right", "mean confidence");
    for (RcaScoring.CalibrationBin bin : full.calibration()) {
      out.printf(Locale.ROOT, "%-12s %9d %6d %12s %16s%n",
          String.format(Locale.ROOT, "%.2f-%.2f", bin.from(), bin.to()), bin.pages(), bin.right(),
          bin.pages() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", bin.shareRight()),
          bin.pages() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", bin.meanConfidence()));
    }
    out.printf(Locale.ROOT, "Brier score %s (0 is perfect; always saying 0.5 scores 0.25)%n",
        full.brier() == null ? "-" : String.format(Locale.ROOT, "%.3f", full.brier()));
  }

  private static void printRow(PrintWriter out, String label, RcaScoring.Summary s, int falseIncidents, RcaScoring.Summary firstIncident) {
    out.printf(Locale.ROOT, "%-16s %6d %6.2f %6.2f %6.2f %6.2f %7d %7s %9s %7.2f%n",
        label, s.faults(), s.ac(1), s.ac(3), s.ac(5), s.avgAt5(), s.missed(),
        falseIncidents < 0 ? "" : String.valueOf(falseIncidents),
        s.medianSecondsToFirstHypothesis() == null ? "-" : String.format(Locale.ROOT, "%.0f", s.medianSecondsToFirstHypothesis()),
        firstIncident.ac(1));
  }

  /** A confidence mapping fitted on one day's pages, and its Brier score on another day's. */
  record HeldOutCalibration(String fittedOn, String checkedOn, ConfidenceCalibration mapping, double brierRaw, double brierCalibrated) {}

  /**
   * For every ordered pair of days, the Platt mapping fitted on the first's pages and scored on the
   * second's: a fit and a report on the same day would not count. Meaningful on raw confidences,
   * i.e. a run without {@code causeway.correlation.calibration.*}.
   */
  static List<HeldOutCalibration> heldOutCalibrations(Map<String, RcaScoring.Outcome> days) {
    List<HeldOutCalibration> calibrations = new ArrayList<>();
    days.forEach((fitDay, fitOutcome) -> days.forEach((checkDay, checkOutcome) -> {
      if (!fitDay.equals(checkDay)) {
        ConfidenceCalibration mapping = ConfidenceCalibration.fit(pages(fitOutcome));
        List<ConfidenceCalibration.Page> checked = pages(checkOutcome);
        calibrations.add(new HeldOutCalibration(fitDay, checkDay, mapping, ConfidenceCalibration.IDENTITY.brier(checked), mapping.brier(checked)));
      }
    }));
    return calibrations;
  }

  private static List<ConfidenceCalibration.Page> pages(RcaScoring.Outcome outcome) {
    return outcome.firstSuspects().stream().map(s -> new ConfidenceCalibration.Page(s.confidence(), s.right())).toList();
  }

  private static void printCalibrations(PrintWriter out, List<HeldOutCalibration> calibrations) {
    if (calibrations.isEmpty()) {
      return;
    }
    out.printf(Locale.ROOT, "%nconfidence calibration (Platt), fitted on one day, Brier on the other:%n");
    out.printf(Locale.ROOT, "%-28s %-28s %8s %10s %10s %12s%n", "fitted on", "checked on", "slope", "intercept", "Brier raw", "calibrated");
    for (HeldOutCalibration c : calibrations) {
      out.printf(Locale.ROOT, "%-28s %-28s %8.3f %10.3f %10.3f %12.3f%n",
          c.fittedOn(), c.checkedOn(), c.mapping().slope(), c.mapping().intercept(), c.brierRaw(), c.brierCalibrated());
    }
  }

  private static String withCalibrations(String json, List<HeldOutCalibration> calibrations) {
    try {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode node = (ObjectNode) mapper.readTree(json);
      var list = node.putArray("calibrationHeldOut");
      for (HeldOutCalibration c : calibrations) {
        ObjectNode entry = list.addObject();
        entry.put("fittedOn", c.fittedOn());
        entry.put("checkedOn", c.checkedOn());
        entry.put("slope", round(c.mapping().slope()));
        entry.put("intercept", round(c.mapping().intercept()));
        entry.put("brierRaw", round(c.brierRaw()));
        entry.put("brierCalibrated", round(c.brierCalibrated()));
      }
      return node.toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Per day, never only pooled: the headline figures, then per fault type. */
  private static void printDays(PrintWriter out, Map<String, RcaScoring.Outcome> days) {
    if (days == null) {
      return;
    }
    days.forEach((day, outcome) -> {
      out.printf(Locale.ROOT, "%n%s (all signals): %d incidents, %d duplicates, %d with no fault (%d on the fault-free window), Brier %s%n",
          day, outcome.incidents(), outcome.duplicates(), outcome.falseIncidents(), outcome.falseIncidentsOnNormalWindow(),
          outcome.brier() == null ? "-" : String.format(Locale.ROOT, "%.3f", outcome.brier()));
      out.printf(Locale.ROOT, "%-16s %6s %6s %6s %6s %6s %7s %7s %9s %7s%n",
          "fault type", "faults", "AC@1", "AC@3", "AC@5", "Avg@5", "missed", "", "median s", "first@1");
      printRow(out, "all", outcome.ownIncidentSummary(), -1, outcome.summary());
      outcome.ownIncidentByType().forEach((type, summary) -> printRow(out, type, summary, -1, outcome.byType().get(type)));
    });
  }

  private static SignalTier fullestTier(Map<SignalTier, RcaScoring.Outcome> outcomes) {
    SignalTier full = null;
    for (SignalTier tier : SignalTier.values()) {
      full = outcomes.containsKey(tier) ? tier : full;
    }
    return full;
  }

  /** The run with the most signals: its figures are the headline. */
  private static RcaScoring.Outcome fullest(Map<SignalTier, RcaScoring.Outcome> outcomes) {
    RcaScoring.Outcome full = null;
    for (SignalTier tier : SignalTier.values()) {
      full = outcomes.getOrDefault(tier, full);
    }
    return full;
  }

  static String json(Map<SignalTier, RcaScoring.Outcome> outcomes, double seconds) {
    return json(outcomes, Map.of(), seconds);
  }

  /**
   * The headline figures (each fault's own incident), with the first-incident figures beside them
   * under {@code firstIncident}, pooled and per day.
   */
  static String json(Map<SignalTier, RcaScoring.Outcome> outcomes, Map<String, RcaScoring.Outcome> days, double seconds) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode node = mapper.createObjectNode();
    node.put("benchmark", "rca");
    node.put("scoring", "own incident: the earliest covering incident that carries the faulty service");
    RcaScoring.Outcome full = fullest(outcomes);
    if (full != null) {
      putOutcome(node, full);
    }
    ObjectNode perDay = node.putObject("byDay");
    days.forEach((day, outcome) -> putOutcome(perDay.putObject(day), outcome));
    ObjectNode bySignal = node.putObject("bySignal");
    for (SignalTier tier : SignalTier.values()) {
      RcaScoring.Outcome outcome = outcomes.get(tier);
      if (outcome == null) {
        bySignal.putNull(tier.name().toLowerCase(Locale.ROOT));
      } else {
        ObjectNode t = bySignal.putObject(tier.name().toLowerCase(Locale.ROOT));
        putFigures(t, outcome.ownIncidentSummary());
        t.put("firstIncidentAC@1", round(outcome.summary().ac(1)));
        t.put("falseIncidents", outcome.falseIncidents());
        t.put("duplicateIncidents", outcome.duplicates());
      }
    }
    node.put("seconds", Math.round(seconds));
    return node.toString();
  }

  private static void putOutcome(ObjectNode node, RcaScoring.Outcome outcome) {
    putFigures(node, outcome.ownIncidentSummary());
    node.put("falseIncidents", outcome.falseIncidents());
    node.put("falseIncidentsOnFaultFreeWindow", outcome.falseIncidentsOnNormalWindow());
    node.put("duplicateIncidents", outcome.duplicates());
    ObjectNode byType = node.putObject("byType");
    outcome.ownIncidentByType().forEach((type, summary) -> putFigures(byType.putObject(type), summary));
    ObjectNode first = node.putObject("firstIncident");
    putFigures(first, outcome.summary());
    ObjectNode firstByType = first.putObject("byType");
    outcome.byType().forEach((type, summary) -> putFigures(firstByType.putObject(type), summary));
    putCalibration(node.putObject("calibration"), outcome);
  }

  private static void putCalibration(ObjectNode node, RcaScoring.Outcome full) {
    if (full.brier() == null) {
      node.putNull("brier");
    } else {
      node.put("brier", round(full.brier()));
    }
    var bins = node.putArray("bins");
    for (RcaScoring.CalibrationBin bin : full.calibration()) {
      ObjectNode b = bins.addObject();
      b.put("from", round(bin.from()));
      b.put("to", round(bin.to()));
      b.put("incidents", bin.pages());
      b.put("right", bin.right());
    }
  }

  private static void putFigures(ObjectNode node, RcaScoring.Summary s) {
    node.put("faults", s.faults());
    node.put("AC@1", round(s.ac(1)));
    node.put("AC@3", round(s.ac(3)));
    node.put("AC@5", round(s.ac(5)));
    node.put("Avg@5", round(s.avgAt5()));
    node.put("missed", s.missed());
    if (s.medianSecondsToFirstHypothesis() == null) {
      node.putNull("medianSecondsToFirstHypothesis");
    } else {
      node.put("medianSecondsToFirstHypothesis", round(s.medianSecondsToFirstHypothesis()));
    }
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
