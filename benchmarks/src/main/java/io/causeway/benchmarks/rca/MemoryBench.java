package io.causeway.benchmarks.rca;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.avro.DeadLetter;
import io.causeway.ingest.datasets.Datasets;
import io.causeway.ingest.nezha.NezhaFaults.Fault;
import io.causeway.ingest.nezha.NezhaReplay;
import io.causeway.ingest.nezha.PodNames;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What incident memory is worth on Nezha's fault-injection days, where the same fault (service and
 * type) recurs several times a day. Each day is replayed three times through the real jobs, all
 * signals:
 *
 * <ol>
 *   <li><b>without</b> feedback: the baseline;
 *   <li><b>confirmed</b>: a live responder ({@link LiveResponder}, {@link ResponderDesk}) reads the
 *       replay's incidents as they are committed and confirms each fault's true cause on its
 *       incident through state-queries' feedback endpoint, stamped {@code --respond-after} after the
 *       incident opened; the replay is paced ({@link ReplayGate}) so that the verdict is stored
 *       before the fault recurs;
 *   <li><b>rejected</b>: the same responder rejects each fault's first suspect where it is wrong;
 *       scored is where that suspect ranks on the next incident of the same fault, against the
 *       baseline.
 * </ol>
 *
 * AC@1, AC@3 and the median time to first hypothesis are reported for recurrences (a fault whose
 * service and type came earlier that day) and first occurrences, in each mode: in each fault's first
 * covering incident (the one the responder answers), and AC@1, AC@3 also in its own incident (the
 * earliest carrying the faulty service, {@code bench rca}'s headline rule). Memory reorders only
 * the services an incident has live evidence on, so a fault whose first incident carries none of
 * its service stays a miss there whatever responders said.
 */
@Command(name = "memory", mixinStandardHelpOptions = true,
    description = "Replay Nezha days without feedback, with confirmations and with rejections; score recurring faults.")
public final class MemoryBench implements Callable<Integer> {

  private static final SignalTier TIER = SignalTier.LOGS;

  @Option(names = "--data", paramLabel = "DIR",
      description = "A Nezha-layout day folder, or a folder of them. Default: $" + Datasets.ENV + "/nezha or ../shared/datasets/nezha.")
  Path data;

  @Option(names = "--faults", paramLabel = "N", description = "Only each day's first N faults, for a quick look.")
  Integer firstFaults;

  @Option(names = "--respond-after", paramLabel = "DURATION", defaultValue = "5m",
      converter = MemoryBench.DurationText.class,
      description = "How long after an incident opened the responder's verdict comes (default: ${DEFAULT-VALUE}).")
  Duration respondAfter;

  @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A job option for every run, e.g. causeway.memory.max-prior=3.")
  Map<String, String> jobOptions = new LinkedHashMap<>();

  @Spec CommandSpec spec;

  /** Durations as Flink writes them: {@code 5m}, {@code 90 s}, {@code 1 h}. */
  static final class DurationText implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return org.apache.flink.util.TimeUtils.parseDuration(value);
    }
  }

  @Option(names = "--dump", paramLabel = "DIR", description = "Write each replay's incident snapshots and the responder's verdicts here, one JSON record a line.")
  Path dump;

  /** One day's three replays, scored. */
  record DayFigures(String day, List<Fault> faults, RcaScoring.Outcome without, RcaScoring.Outcome confirmed,
      RcaScoring.Outcome rejected, List<RejectionCase> rejections, int verdictsGiven, int feedbackRefused, int gatesTimedOut, double seconds) {}

  /** A wrong first suspect rejected on a fault, and its rank on the next incident of the same fault, both ways (0: not in the first five). */
  record RejectionCase(Fault rejectedOn, String suspect, Fault next, int rankWithout, int rankWithRejection) {
    boolean dropped() {
      return rankWithout >= 1 && (rankWithRejection == 0 || rankWithRejection > rankWithout);
    }
  }

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
    List<DayFigures> figures = new ArrayList<>();
    for (Path day : days) {
      figures.add(runDay(day, out));
    }
    printReport(out, figures);
    out.println(json(figures));
    out.flush();
    return 0;
  }

  private DayFigures runDay(Path day, PrintWriter out) throws Exception {
    long started = System.nanoTime();
    List<Fault> faults = NezhaDays.faults(day, firstFaults).stream().sorted(java.util.Comparator.comparing(Fault::injectedAt)).toList();
    NezhaReplay.Window window = NezhaDays.window(faults, firstFaults);
    List<NezhaReplay.Interval> normal = new NezhaReplay(PodNames.defaults()).normalPlacements(day, window);
    // One idleness for all three runs, so that the baseline differs from the paced runs in the feedback only.
    Map<String, String> options = RcaBench.withReplayDefaults(ReplayGate.withIdlenessBeyondPauses(jobOptions));

    RcaRun.Result baseline = new RcaRun(day, window, options).run(TIER);
    RcaScoring.Outcome without = RcaScoring.score(faults, baseline.snapshots(), normal, baseline.anomalies());
    progress(out, day, "without feedback", baseline, null);

    LiveResponder confirming = new LiveResponder(faults, LiveResponder.Mode.CONFIRM, respondAfter);
    RcaRun.Result confirmedRun = new RcaRun(day, window, options).run(TIER, confirming);
    RcaScoring.Outcome confirmed = RcaScoring.score(faults, confirmedRun.snapshots(), normal, confirmedRun.anomalies());
    progress(out, day, "with confirmations", confirmedRun, confirming);

    LiveResponder rejecting = new LiveResponder(faults, LiveResponder.Mode.REJECT, respondAfter);
    RcaRun.Result rejectedRun = new RcaRun(day, window, options).run(TIER, rejecting);
    RcaScoring.Outcome rejected = RcaScoring.score(faults, rejectedRun.snapshots(), normal, rejectedRun.anomalies());
    progress(out, day, "with rejections", rejectedRun, rejecting);

    List<RcaRun.Result> live = List.of(confirmedRun, rejectedRun);
    return new DayFigures(day.getFileName().toString(), faults, without, confirmed, rejected,
        rejectionCases(faults, without, rejected, rejecting.decisions()),
        confirming.decisions().size() + rejecting.decisions().size(),
        live.stream().mapToInt(r -> refusedFeedback(r) + r.feedbackNotStored()).sum(),
        live.stream().mapToInt(RcaRun.Result::gatesTimedOut).sum(), (System.nanoTime() - started) / 1e9);
  }

  private void progress(PrintWriter out, Path day, String run, RcaRun.Result result, LiveResponder responder) throws java.io.IOException {
    out.printf(Locale.ROOT, "# %s, %s: %,d records, %d incident snapshots, %d verdicts, %d gates timed out, %.0f s%n",
        day.getFileName(), run, result.records(), result.snapshots().size(), responder == null ? 0 : responder.decisions().size(),
        result.gatesTimedOut(), result.seconds());
    out.flush();
    if (dump != null) {
      java.nio.file.Files.createDirectories(dump);
      String prefix = day.getFileName() + "-" + run.replace(' ', '-');
      java.nio.file.Files.write(dump.resolve(prefix + "-incidents.jsonl"), result.snapshots().stream().map(Object::toString).toList());
      if (responder != null) {
        java.nio.file.Files.write(dump.resolve(prefix + "-verdicts.txt"), responder.decisions().stream().map(Object::toString).toList());
      }
      result.dump().write(dump, prefix + "-run"); // with the anomalies and edges, to score again offline
    }
  }

  /** For each rejection the responder gave, the next fault of the same service and type, and the rejected suspect's rank there, both ways. */
  static List<RejectionCase> rejectionCases(List<Fault> faults, RcaScoring.Outcome without, RcaScoring.Outcome rejected,
      List<LiveResponder.Decision> rejections) {
    List<RejectionCase> cases = new ArrayList<>();
    for (LiveResponder.Decision rejection : rejections) {
      int on = rejection.faultIndex();
      for (int next = on + 1; next < faults.size(); next++) {
        if (sameFault(faults.get(on), faults.get(next))) {
          cases.add(new RejectionCase(faults.get(on), rejection.service(), faults.get(next),
              RcaScoring.rankOf(rejection.service(), without.results().get(next).suspects()),
              RcaScoring.rankOf(rejection.service(), rejected.results().get(next).suspects())));
          break;
        }
      }
    }
    return cases;
  }

  private static int refusedFeedback(RcaRun.Result run) {
    return (int) run.deadLetters().stream().map(DeadLetter::getReason).filter(r -> r.startsWith("feedback-")).count();
  }

  static boolean sameFault(Fault a, Fault b) {
    return a.service().equals(b.service()) && a.type().equals(b.type());
  }

  /** Whether each fault recurs: its service and type were injected earlier the same day. */
  static List<Boolean> recurrences(List<Fault> faults) {
    List<Boolean> recurs = new ArrayList<>();
    for (int f = 0; f < faults.size(); f++) {
      int at = f;
      recurs.add(faults.subList(0, f).stream().anyMatch(earlier -> sameFault(earlier, faults.get(at))));
    }
    return recurs;
  }

  static List<RcaScoring.FaultResult> only(List<RcaScoring.FaultResult> results, List<Boolean> recurs, boolean recurrence) {
    List<RcaScoring.FaultResult> chosen = new ArrayList<>();
    for (int f = 0; f < recurs.size(); f++) {
      if (recurs.get(f) == recurrence) {
        chosen.add(results.get(f));
      }
    }
    return chosen;
  }

  /** The three modes in report order. */
  private static Map<String, RcaScoring.Outcome> modes(DayFigures day) {
    Map<String, RcaScoring.Outcome> modes = new LinkedHashMap<>();
    modes.put("without", day.without());
    modes.put("withConfirmations", day.confirmed());
    modes.put("withRejections", day.rejected());
    return modes;
  }

  private static void printReport(PrintWriter out, List<DayFigures> days) {
    out.printf(Locale.ROOT, "%nAC@k: in each fault's first incident (the one the responder answers); own@k: in its own incident"
        + " (the earliest in its window carrying the faulty service, bench rca's headline rule)%n");
    out.printf(Locale.ROOT, "%-28s %-18s %-18s %4s %6s %6s %6s %6s %9s%n", "day", "faults", "mode", "n", "AC@1", "AC@3", "own@1", "own@3", "median s");
    for (DayFigures day : days) {
      List<Boolean> recurs = recurrences(day.faults());
      for (boolean recurrence : List.of(true, false)) {
        modes(day).forEach((mode, outcome) -> {
          RcaScoring.Summary s = RcaScoring.summarise(only(outcome.results(), recurs, recurrence));
          RcaScoring.Summary own = RcaScoring.summarise(only(outcome.ownIncidentResults(), recurs, recurrence));
          out.printf(Locale.ROOT, "%-28s %-18s %-18s %4d %6.2f %6.2f %6.2f %6.2f %9s%n", day.day(),
              recurrence ? "recurrences" : "first occurrences", mode, s.faults(), s.ac(1), s.ac(3), own.ac(1), own.ac(3),
              seconds(s.medianSecondsToFirstHypothesis()));
        });
      }
      long dropped = day.rejections().stream().filter(RejectionCase::dropped).count();
      out.printf(Locale.ROOT, "%-28s verdicts %d; rejected wrong first suspects with a later same fault: %d, ranked lower there: %d; feedback refused: %d; gates timed out: %d; %.0f s%n",
          day.day(), day.verdictsGiven(), day.rejections().size(), dropped, day.feedbackRefused(), day.gatesTimedOut(), day.seconds());
      for (RejectionCase c : day.rejections()) {
        out.printf(Locale.ROOT, "  %s rejected on %s %s: rank on %s %s → %s%n", c.suspect(), c.rejectedOn().injectedAt(), c.rejectedOn().service(),
            c.next().injectedAt(), rank(c.rankWithout()), rank(c.rankWithRejection()));
      }
    }
  }

  private static String rank(int rank) {
    return rank == 0 ? "-" : String.valueOf(rank);
  }

  private static String seconds(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.0f", value);
  }

  static String json(List<DayFigures> days) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    ObjectNode perDay = root.putObject("days");
    for (DayFigures day : days) {
      ObjectNode node = perDay.putObject(day.day());
      List<Boolean> recurs = recurrences(day.faults());
      for (boolean recurrence : List.of(true, false)) {
        ObjectNode set = node.putObject(recurrence ? "recurrences" : "firstOccurrences");
        modes(day).forEach((mode, outcome) -> {
          ObjectNode figures = set.putObject(mode);
          put(figures, RcaScoring.summarise(only(outcome.results(), recurs, recurrence)));
          RcaScoring.Summary own = RcaScoring.summarise(only(outcome.ownIncidentResults(), recurs, recurrence));
          figures.putObject("ownIncident").put("AC@1", round(own.ac(1))).put("AC@3", round(own.ac(3)));
        });
      }
      ObjectNode rejections = node.putObject("rejections");
      rejections.put("cases", day.rejections().size());
      rejections.put("rankedLower", day.rejections().stream().filter(RejectionCase::dropped).count());
      node.put("verdicts", day.verdictsGiven());
      node.put("feedbackRefused", day.feedbackRefused());
      node.put("gatesTimedOut", day.gatesTimedOut());
      node.put("seconds", Math.round(day.seconds()));
    }
    return root.toString();
  }

  private static void put(ObjectNode node, RcaScoring.Summary summary) {
    node.put("faults", summary.faults());
    node.put("AC@1", round(summary.ac(1)));
    node.put("AC@3", round(summary.ac(3)));
    if (summary.medianSecondsToFirstHypothesis() == null) {
      node.putNull("medianSecondsToFirstHypothesis");
    } else {
      node.put("medianSecondsToFirstHypothesis", summary.medianSecondsToFirstHypothesis());
    }
  }

  private static double round(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }

}
