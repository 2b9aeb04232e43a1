package io.causeway.benchmarks.nab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.core.detection.AnomalyScorer;
import io.causeway.core.detection.AnomalyScorerSettings;
import io.causeway.ingest.datasets.Datasets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * Causeway's streaming detector on every file of a NAB-layout folder, one point at a time, scored
 * with NAB v1.1's procedure for the standard, low-FP and low-FN profiles (each with its own
 * threshold optimised over the corpus), beside Numenta HTM's published scores on the same files
 * with the same scorer.
 */
@Command(name = "nab", mixinStandardHelpOptions = true,
    description = "Causeway's detector on the NAB corpus, scored as NAB v1.1 does, beside Numenta HTM.")
public final class NabBench implements Callable<Integer> {

  static final String BASELINE = "numenta";
  static final List<String> PROFILES = List.of(NabProfile.STANDARD, NabProfile.LOW_FP, NabProfile.LOW_FN);

  @Option(names = "--data", paramLabel = "DIR",
      description = "A NAB-layout folder (data/, labels/, config/, optional reference-results/). "
          + "Default: $" + Datasets.ENV + "/nab or ../shared/datasets/nab.")
  Path data;

  @Option(names = "--folds", paramLabel = "MODE", defaultValue = "none",
      converter = FoldsConverter.class,
      description = "none (default): the in-sample run, default constants and each profile's threshold chosen on the "
          + "files it scores; category or file: leave-one-out, each fold scored with constants and thresholds chosen "
          + "on the other folds, beside Numenta HTM scored the same way and the in-sample figures.")
  NabFolds folds;

  @Spec CommandSpec spec;

  /** Accepts the folds in lower case, as the README writes them. */
  static final class FoldsConverter implements ITypeConverter<NabFolds> {
    @Override
    public NabFolds convert(String value) {
      for (NabFolds folds : NabFolds.values()) {
        if (folds.toString().equals(value)) {
          return folds;
        }
      }
      throw new TypeConversionException("'" + value + "' is not one of none, category, file");
    }
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path root = data != null ? data : Datasets.dataset("nab").orElse(null);
    if (root == null) {
      spec.commandLine().getErr().println("no NAB data: " + Datasets.whereToGet("nab") + ", or pass --data DIR");
      return 2;
    }
    NabCorpus corpus = NabCorpus.load(root);
    // A first pass warms the JIT up, so the timed one measures the detector rather than the compiler.
    runDetector(corpus.files());
    long started = System.nanoTime();
    Map<String, double[]> causeway = runDetector(corpus.files());
    double seconds = (System.nanoTime() - started) / 1e9;
    Map<String, double[]> htm = baseline(corpus);

    NabScorer scorer = new NabScorer(corpus);
    Map<String, NabScorer.Result> ours = new LinkedHashMap<>();
    Map<String, NabScorer.Result> theirs = new LinkedHashMap<>();
    for (String profile : PROFILES) {
      ours.put(profile, scorer.score(causeway, corpus.profile(profile)));
      if (htm != null) {
        theirs.put(profile, scorer.score(htm, corpus.profile(profile)));
      }
    }
    if (folds == NabFolds.NONE) {
      printTable(out, corpus, ours, theirs, seconds);
      out.println(json(corpus, ours, theirs, seconds));
    } else {
      NabLeaveOneOutReport report = NabLeaveOneOutReport.run(corpus, folds, PROFILES, htm, ours);
      report.printTable(out);
      printSummary(out, corpus, ours, theirs, seconds);
      out.println(report.json(json(corpus, ours, theirs, seconds)));
    }
    out.flush();
    return 0;
  }

  /** Runs a fresh detector per file, streaming: each row is scored before the next is seen. */
  static Map<String, double[]> runDetector(List<NabFile> files) {
    return runDetector(files, AnomalyScorerSettings.DEFAULTS);
  }

  /** The same with other constants. */
  static Map<String, double[]> runDetector(List<NabFile> files, AnomalyScorerSettings settings) {
    Map<String, double[]> scores = new LinkedHashMap<>();
    for (NabFile file : files) {
      AnomalyScorer detector = new AnomalyScorer(settings);
      double[] fileScores = new double[file.length()];
      for (int i = 0; i < file.length(); i++) {
        long millis = file.timestamps()[i].toInstant(ZoneOffset.UTC).toEpochMilli();
        fileScores[i] = detector.score(millis, file.values()[i]);
      }
      scores.put(file.name(), fileScores);
    }
    return scores;
  }

  static Map<String, double[]> baseline(NabCorpus corpus) throws IOException {
    Path results = corpus.root().resolve("reference-results").resolve(BASELINE);
    if (!Files.isDirectory(results)) {
      return null;
    }
    Map<String, double[]> scores = new LinkedHashMap<>();
    for (NabFile file : corpus.files()) {
      scores.put(file.name(), NabCorpus.readResultScores(results, BASELINE, file));
    }
    return scores;
  }

  private static void printTable(
      PrintWriter out, NabCorpus corpus, Map<String, NabScorer.Result> ours, Map<String, NabScorer.Result> theirs, double seconds) {
    out.printf(Locale.ROOT, "NAB v1.1 scoring of %d files, %d windows (%s)%n", corpus.files().size(), corpus.windowCount(), corpus.root());
    out.printf(Locale.ROOT, "%-58s %8s %8s %8s %8s%n", "file (raw score, standard profile)", "windows", "causeway", "htm", "tp/fp");
    NabScorer.Result standard = ours.get(NabProfile.STANDARD);
    NabScorer.Result htm = theirs.get(NabProfile.STANDARD);
    for (int i = 0; i < standard.files().size(); i++) {
      NabScorer.FileScore file = standard.files().get(i);
      out.printf(Locale.ROOT, "%-58s %8d %8.3f %8s %4d/%-4d%n",
          file.file(),
          corpus.files().get(i).windows().size(),
          file.score().score(),
          htm == null ? "-" : String.format(Locale.ROOT, "%.3f", htm.files().get(i).score().score()),
          file.score().tp(),
          file.score().fp());
    }
    printSummary(out, corpus, ours, theirs, seconds);
  }

  private static void printSummary(
      PrintWriter out, NabCorpus corpus, Map<String, NabScorer.Result> ours, Map<String, NabScorer.Result> theirs, double seconds) {
    out.printf(Locale.ROOT, "%nin-sample: default constants, each profile's threshold chosen on all %d files%n", corpus.files().size());
    out.printf(Locale.ROOT, "%-22s %10s %10s %12s %12s%n", "profile", "causeway", "htm", "threshold", "htm thresh.");
    for (String profile : PROFILES) {
      NabScorer.Result o = ours.get(profile);
      NabScorer.Result t = theirs.get(profile);
      out.printf(Locale.ROOT, "%-22s %10.2f %10s %12.6f %12s%n", profile, o.normalised(),
          t == null ? "-" : String.format(Locale.ROOT, "%.2f", t.normalised()), o.threshold(),
          t == null ? "-" : String.format(Locale.ROOT, "%.6f", t.threshold()));
    }
    long rows = corpus.files().stream().mapToLong(NabFile::length).sum();
    out.printf(Locale.ROOT, "%n%d points in %.2f s (%.0f points/s through the detector, after a warm-up pass); state %d bytes per series%n",
        rows, seconds, rows / seconds, AnomalyScorer.STATE_BYTES);
  }

  private static String json(
      NabCorpus corpus, Map<String, NabScorer.Result> ours, Map<String, NabScorer.Result> theirs, double seconds) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode node = mapper.createObjectNode();
    node.put("benchmark", "nab");
    node.put("files", corpus.files().size());
    node.put("windows", corpus.windowCount());
    for (String profile : PROFILES) {
      node.put(profile, round(ours.get(profile).normalised()));
    }
    for (String profile : PROFILES) {
      node.put(profile + "_threshold", ours.get(profile).threshold());
    }
    if (!theirs.isEmpty()) {
      ObjectNode htm = node.putObject("htm");
      for (String profile : PROFILES) {
        htm.put(profile, round(theirs.get(profile).normalised()));
      }
    }
    node.put("state_bytes_per_series", AnomalyScorer.STATE_BYTES);
    node.put("detector_seconds", round(seconds));
    return node.toString();
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
