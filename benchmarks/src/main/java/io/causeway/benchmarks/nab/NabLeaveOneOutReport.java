package io.causeway.benchmarks.nab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.core.detection.AnomalyScorerSettings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code bench nab --folds category|file}: Causeway's detector under leave-one-out (constants and
 * threshold chosen on the other folds), Numenta HTM under the same protocol (its threshold is all
 * it has to choose), and the in-sample figure of each fold (default constants, threshold chosen on
 * the whole corpus), as a table and as fields of the bench's JSON line.
 */
final class NabLeaveOneOutReport {

  private final NabCorpus corpus;
  private final NabFolds mode;
  private final List<NabFolds.Fold> folds;
  private final List<LeaveOneOut.Summary<AnomalyScorerSettings>> causeway;
  private final List<LeaveOneOut.Summary<String>> htm;
  /** Per profile, per fold: the fold's in-sample result. */
  private final List<List<NabScorer.Result>> inSample;
  private final long seconds;

  private NabLeaveOneOutReport(
      NabCorpus corpus,
      NabFolds mode,
      List<NabFolds.Fold> folds,
      List<LeaveOneOut.Summary<AnomalyScorerSettings>> causeway,
      List<LeaveOneOut.Summary<String>> htm,
      List<List<NabScorer.Result>> inSample,
      long seconds) {
    this.corpus = corpus;
    this.mode = mode;
    this.folds = folds;
    this.causeway = causeway;
    this.htm = htm;
    this.inSample = inSample;
    this.seconds = seconds;
  }

  /**
   * Runs both detectors through the protocol. {@code htmScores} may be null (no reference
   * results); {@code inSampleResults} are the in-sample run's results by profile name.
   */
  static NabLeaveOneOutReport run(
      NabCorpus corpus, NabFolds mode, List<String> profileNames, Map<String, double[]> htmScores,
      Map<String, NabScorer.Result> inSampleResults) {
    long started = System.nanoTime();
    List<NabFolds.Fold> folds = mode.split(corpus.files());
    List<NabProfile> profiles = profileNames.stream().map(corpus::profile).toList();
    var causeway = LeaveOneOut.run(corpus, folds, profiles, s -> NabBench.runDetector(corpus.files(), s),
        AnomalyScorerSettings.DEFAULTS, ScorerAxes.all());
    List<LeaveOneOut.Summary<String>> htm = htmScores == null ? null
        : LeaveOneOut.run(corpus, folds, profiles, name -> htmScores, NabBench.BASELINE, List.of());
    Map<String, double[]> defaults = NabBench.runDetector(corpus.files());
    List<List<NabScorer.Result>> inSample = new ArrayList<>();
    for (NabProfile profile : profiles) {
      double threshold = inSampleResults.get(profile.name()).threshold();
      inSample.add(folds.stream()
          .map(fold -> new NabScorer(corpus.subset(fold.files())).scoreAt(defaults, profile, threshold))
          .toList());
    }
    long seconds = Math.round((System.nanoTime() - started) / 1e9);
    return new NabLeaveOneOutReport(corpus, mode, folds, causeway, htm, inSample, seconds);
  }

  void printTable(PrintWriter out) {
    out.printf(Locale.ROOT, "NAB v1.1, leave-one-%s-out over %d files, %d windows (%s)%n",
        mode, corpus.files().size(), corpus.windowCount(), corpus.root());
    out.printf(Locale.ROOT, "each fold scored by NAB's scorer with constants and threshold chosen on the other folds "
        + "(causeway: a search over %d constants; htm: its threshold)%n", ScorerAxes.all().size());
    out.printf(Locale.ROOT, "%-54s %5s %7s | %17s | %17s | %17s | %9s%n", "", "", "", "standard", "low-FP", "low-FN", "in-sample");
    out.printf(Locale.ROOT, "%-54s %5s %7s | %8s %8s | %8s %8s | %8s %8s | %9s%n",
        "fold", "files", "windows", "causeway", "htm", "causeway", "htm", "causeway", "htm", "standard");
    for (int f = 0; f < folds.size(); f++) {
      NabFolds.Fold fold = folds.get(f);
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-54s %5d %7d |", fold.name(), fold.files().size(), fold.windowCount()));
      for (int p = 0; p < causeway.size(); p++) {
        row.append(cell(causeway.get(p).folds().get(f))).append(htm == null ? "        -" : cell(htm.get(p).folds().get(f))).append(" |");
      }
      row.append(String.format(Locale.ROOT, " %9s", figure(inSample.get(0).get(f))));
      out.println(row);
    }
    printSummaryRow(out, "mean of folds with windows", LeaveOneOut.Summary::mean);
    printSummaryRow(out, "worst fold", s -> s.worst().normalised());
    printSummaryRow(out, "pooled: held-out raw scores over the corpus", LeaveOneOut.Summary::pooled);
    long empty = folds.stream().filter(f -> f.windowCount() == 0).count();
    if (empty > 0) {
      out.printf(Locale.ROOT, "a fold without windows has no normalised score (its perfect score is its null score): "
          + "it shows its raw score (false positives' cost) and counts in the pooled figure only (%d such fold%s)%n",
          empty, empty == 1 ? "" : "s");
    }
    out.printf(Locale.ROOT, "%nconstants chosen without each fold (standard profile):%n");
    for (LeaveOneOut.FoldScore<AnomalyScorerSettings> fold : causeway.get(0).folds()) {
      out.printf(Locale.ROOT, "  %-52s threshold %.4f  %s%n", fold.fold().name(), fold.threshold(), describe(fold.constants()));
    }
    out.printf(Locale.ROOT, "leave-one-out took %d s%n", seconds);
  }

  /** The bench's JSON with the leave-one-out figures first. */
  String json(String inSampleJson) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode node = mapper.createObjectNode();
    node.put("benchmark", "nab");
    node.put("folds", mode.toString());
    ObjectNode loo = node.putObject("leave_one_out");
    for (int p = 0; p < causeway.size(); p++) {
      ObjectNode profile = loo.putObject(causeway.get(p).profile().name());
      summarise(profile, causeway.get(p));
      if (htm != null) {
        summarise(profile.putObject("htm"), htm.get(p));
      }
    }
    ArrayNode perFold = node.putArray("per_fold");
    for (int f = 0; f < folds.size(); f++) {
      ObjectNode fold = perFold.addObject();
      fold.put("fold", folds.get(f).name());
      fold.put("windows", folds.get(f).windowCount());
      for (int p = 0; p < causeway.size(); p++) {
        String profile = causeway.get(p).profile().name();
        put(fold, profile, causeway.get(p).folds().get(f));
        if (htm != null) {
          put(fold, "htm_" + profile, htm.get(p).folds().get(f));
        }
        fold.put("in_sample_" + profile, round(inSample.get(p).get(f).normalised()));
      }
    }
    try {
      ObjectNode inSample = (ObjectNode) mapper.readTree(inSampleJson);
      inSample.remove("benchmark");
      node.set("in_sample", inSample);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the in-sample JSON does not parse: " + inSampleJson, e);
    }
    node.put("leave_one_out_seconds", seconds);
    return node.toString();
  }

  private void printSummaryRow(PrintWriter out, String label, ToDoubleFunction<LeaveOneOut.Summary<?>> figure) {
    StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-68s |", label));
    for (int p = 0; p < causeway.size(); p++) {
      row.append(String.format(Locale.ROOT, " %8.2f", figure.applyAsDouble(causeway.get(p))))
          .append(htm == null ? "        -" : String.format(Locale.ROOT, " %8.2f", figure.applyAsDouble(htm.get(p))))
          .append(" |");
    }
    out.println(row);
  }

  private static void summarise(ObjectNode node, LeaveOneOut.Summary<?> summary) {
    node.put("mean", round(summary.mean()));
    node.put("worst", round(summary.worst().normalised()));
    node.put("worst_fold", summary.worst().fold().name());
    node.put("pooled", round(summary.pooled()));
  }

  private static void put(ObjectNode node, String key, LeaveOneOut.FoldScore<?> fold) {
    if (Double.isFinite(fold.normalised())) {
      node.put(key, round(fold.normalised()));
    } else {
      node.put(key + "_raw", round(fold.heldOut().raw()));
    }
  }

  private static String cell(LeaveOneOut.FoldScore<?> fold) {
    return String.format(Locale.ROOT, " %8s", figure(fold.heldOut()));
  }

  /** A normalised score, or for a fold without windows its raw score marked {@code r}. */
  private static String figure(NabScorer.Result result) {
    boolean undefined = result.perfect() == result.nullScore();
    return undefined
        ? String.format(Locale.ROOT, "r%.2f", result.raw())
        : String.format(Locale.ROOT, "%.2f", result.normalised());
  }

  private static String describe(AnomalyScorerSettings s) {
    return String.format(Locale.ROOT, "surpriseFrom %.1f, surpriseScale %.0f, slotMemory %d, minDeviationShare %.2f, "
            + "likelihoodMemory %d, rangeTolerance %.2f, shiftAfter %d",
        s.surpriseFrom(), s.surpriseScale(), s.slotMemory(), s.minDeviationShare(), s.likelihoodMemory(), s.rangeTolerance(), s.shiftAfter());
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
