package io.causeway.benchmarks.rca;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.avro.DeadLetter;
import io.causeway.avro.Feedback;
import io.causeway.avro.Incident;
import io.causeway.avro.Verdict;
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
 *   <li><b>without</b> feedback: the baseline, and the incident ids (derived from content, so the
 *       next replays give the same ones);
 *   <li><b>confirmed</b>: a responder confirms each fault's true cause {@code --respond-after} after
 *       its incident opened (feedback produced up front, stamped then: the job counts a verdict from
 *       its own time on);
 *   <li><b>rejected</b>: a responder rejects each fault's first suspect where it was wrong; scored
 *       is where that suspect ranks on the next incident of the same fault, against the baseline.
 * </ol>
 *
 * AC@1, AC@3 and the median time to first hypothesis are reported for recurrences (a fault whose
 * service and type came earlier that day) and first occurrences, without and with confirmations.
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

  /** One day's three replays, scored. */
  record DayFigures(String day, List<Fault> faults, RcaScoring.Outcome without, RcaScoring.Outcome confirmed,
      List<RejectionCase> rejections, int feedbackRefused, double seconds) {}

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
    List<Fault> faults = NezhaDays.faults(day, firstFaults);
    NezhaReplay.Window window = NezhaDays.window(faults, firstFaults);
    List<NezhaReplay.Interval> normal = new NezhaReplay(PodNames.defaults()).normalPlacements(day, window);
    Map<String, String> options = RcaBench.withReplayDefaults(jobOptions);

    RcaRun.Result baseline = new RcaRun(day, window, options).run(TIER);
    RcaScoring.Outcome without = RcaScoring.score(faults, baseline.snapshots(), normal);
    List<Incident> incidents = RcaScoring.firstIncidents(faults, baseline.snapshots());
    progress(out, day, "without feedback", baseline);

    RcaRun.Result confirmedRun = new RcaRun(day, window, options).run(TIER, confirmations(faults, incidents));
    RcaScoring.Outcome confirmed = RcaScoring.score(faults, confirmedRun.snapshots(), normal);
    progress(out, day, "with confirmations", confirmedRun);

    List<Feedback> rejections = rejections(faults, incidents, without);
    List<RejectionCase> cases = List.of();
    int refused = refusedFeedback(confirmedRun);
    if (!rejections.isEmpty()) {
      RcaRun.Result rejectedRun = new RcaRun(day, window, options).run(TIER, rejections);
      cases = rejectionCases(faults, without, RcaScoring.score(faults, rejectedRun.snapshots(), normal), rejections, incidents);
      refused += refusedFeedback(rejectedRun);
      progress(out, day, "with rejections", rejectedRun);
    }
    return new DayFigures(day.getFileName().toString(), faults, without, confirmed, cases, refused, (System.nanoTime() - started) / 1e9);
  }

  private void progress(PrintWriter out, Path day, String run, RcaRun.Result result) {
    out.printf(Locale.ROOT, "# %s, %s: %,d records, %d incident snapshots, %.0f s%n",
        day.getFileName(), run, result.records(), result.snapshots().size(), result.seconds());
    out.flush();
  }

  /** The true cause of each fault that had an incident, confirmed {@code respondAfter} after it opened. */
  private List<Feedback> confirmations(List<Fault> faults, List<Incident> incidents) {
    List<Feedback> feedback = new ArrayList<>();
    for (int f = 0; f < faults.size(); f++) {
      Incident incident = incidents.get(f);
      if (incident != null) {
        feedback.add(verdict(incident, faults.get(f).service(), Verdict.CONFIRMED, "bench: " + faults.get(f).type() + " on " + faults.get(f).service()));
      }
    }
    return feedback;
  }

  /** The first suspect of each fault's incident, where it was not the fault's service, rejected. */
  private List<Feedback> rejections(List<Fault> faults, List<Incident> incidents, RcaScoring.Outcome without) {
    List<Feedback> feedback = new ArrayList<>();
    for (int f = 0; f < faults.size(); f++) {
      RcaScoring.FaultResult result = without.results().get(f);
      if (incidents.get(f) != null && !result.suspects().isEmpty() && result.rank() != 1) {
        feedback.add(verdict(incidents.get(f), result.suspects().get(0), Verdict.REJECTED, null));
      }
    }
    return feedback;
  }

  private Feedback verdict(Incident incident, String service, Verdict verdict, String note) {
    return Feedback.newBuilder()
        .setIncidentId(incident.getId())
        .setService(service)
        .setVerdict(verdict)
        .setResolutionNote(note)
        .setAuthor("bench memory")
        .setTime(incident.getOpenedAt().plus(respondAfter))
        .build();
  }

  /** For each rejection, the next fault of the same service and type, and the rejected suspect's rank there. */
  private static List<RejectionCase> rejectionCases(List<Fault> faults, RcaScoring.Outcome without, RcaScoring.Outcome rejected,
      List<Feedback> rejections, List<Incident> incidents) {
    List<RejectionCase> cases = new ArrayList<>();
    for (Feedback rejection : rejections) {
      int on = indexOfIncident(incidents, rejection.getIncidentId());
      for (int next = on + 1; next < faults.size(); next++) {
        if (sameFault(faults.get(on), faults.get(next))) {
          cases.add(new RejectionCase(faults.get(on), rejection.getService(), faults.get(next),
              RcaScoring.rankOf(rejection.getService(), without.results().get(next).suspects()),
              RcaScoring.rankOf(rejection.getService(), rejected.results().get(next).suspects())));
          break;
        }
      }
    }
    return cases;
  }

  private static int indexOfIncident(List<Incident> incidents, String id) {
    for (int i = 0; i < incidents.size(); i++) {
      if (incidents.get(i) != null && incidents.get(i).getId().equals(id)) {
        return i;
      }
    }
    throw new IllegalStateException("no fault has incident " + id);
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

  static List<RcaScoring.FaultResult> only(RcaScoring.Outcome outcome, List<Boolean> recurs, boolean recurrence) {
    List<RcaScoring.FaultResult> chosen = new ArrayList<>();
    for (int f = 0; f < recurs.size(); f++) {
      if (recurs.get(f) == recurrence) {
        chosen.add(outcome.results().get(f));
      }
    }
    return chosen;
  }

  private static void printReport(PrintWriter out, List<DayFigures> days) {
    out.printf(Locale.ROOT, "%n%-28s %-18s %6s %13s %13s %17s%n", "day", "faults", "n", "AC@1 w/o→with", "AC@3 w/o→with", "median s w/o→with");
    for (DayFigures day : days) {
      List<Boolean> recurs = recurrences(day.faults());
      for (boolean recurrence : List.of(false, true)) {
        RcaScoring.Summary w = RcaScoring.summarise(only(day.without(), recurs, recurrence));
        RcaScoring.Summary m = RcaScoring.summarise(only(day.confirmed(), recurs, recurrence));
        out.printf(Locale.ROOT, "%-28s %-18s %6d %6.2f→%-6.2f %6.2f→%-6.2f %8s→%-8s%n", day.day(),
            recurrence ? "recurrences" : "first occurrences", w.faults(), w.ac(1), m.ac(1), w.ac(3), m.ac(3),
            seconds(w.medianSecondsToFirstHypothesis()), seconds(m.medianSecondsToFirstHypothesis()));
      }
      long dropped = day.rejections().stream().filter(RejectionCase::dropped).count();
      out.printf(Locale.ROOT, "%-28s rejected wrong first suspects with a later same fault: %d, ranked lower there: %d; feedback refused: %d; %.0f s%n",
          day.day(), day.rejections().size(), dropped, day.feedbackRefused(), day.seconds());
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
      for (boolean recurrence : List.of(false, true)) {
        ObjectNode set = node.putObject(recurrence ? "recurrences" : "firstOccurrences");
        put(set.putObject("without"), RcaScoring.summarise(only(day.without(), recurs, recurrence)));
        put(set.putObject("withConfirmations"), RcaScoring.summarise(only(day.confirmed(), recurs, recurrence)));
      }
      ObjectNode rejections = node.putObject("rejections");
      rejections.put("cases", day.rejections().size());
      rejections.put("rankedLower", day.rejections().stream().filter(RejectionCase::dropped).count());
      node.put("feedbackRefused", day.feedbackRefused());
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
