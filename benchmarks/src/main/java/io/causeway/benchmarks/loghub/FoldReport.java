package io.causeway.benchmarks.loghub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.core.logs.MinerSettings;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The leave-one-system-out figures (each system scored with the constants chosen on the others),
 * their mean and worst, beside the in-sample figures of the default settings and the constants the
 * grid chooses on all systems (which the defaults should be).
 */
record FoldReport(List<LeaveOneSystemOut.Fold> folds, LoghubBench.Report inSample, MinerSettings inSampleChoice) {

  FoldReport {
    folds = List.copyOf(folds);
  }

  double mean(ToDoubleFunction<LoghubScores> figure) {
    return folds.stream().mapToDouble(f -> figure.applyAsDouble(f.scores())).average().orElse(0);
  }

  double worst(ToDoubleFunction<LoghubScores> figure) {
    return folds.stream().mapToDouble(f -> figure.applyAsDouble(f.scores())).min().orElse(0);
  }

  /** The fold with the lowest left-out GA. */
  LeaveOneSystemOut.Fold worstGA() {
    return folds.stream().min(Comparator.comparingDouble(f -> f.scores().ga())).orElseThrow();
  }

  String table() {
    StringBuilder t = new StringBuilder();
    t.append("leave-one-system-out: each system scored with the miner's constants chosen on the other ")
        .append(folds.size() - 1)
        .append(String.format("; in-sample: the defaults, chosen on all %d%n", folds.size()));
    t.append(String.format("%-10s %6s %6s %6s %6s | %6s %6s | %s%n", "system", "GA", "PA", "FGA", "FTA", "in GA", "in PA", "chosen"));
    for (LeaveOneSystemOut.Fold f : folds) {
      LoghubScores s = f.scores();
      LoghubScores in = inSample(f.system());
      t.append(String.format("%-10s %6.3f %6.3f %6.3f %6.3f | %6.3f %6.3f | %s%n", f.system(), s.ga(), s.pa(), s.fga(), s.fta(), in.ga(), in.pa(), describe(f.chosen())));
    }
    t.append(String.format("%-10s %6.3f %6.3f %6.3f %6.3f | %6.3f %6.3f%n", "mean", mean(LoghubScores::ga), mean(LoghubScores::pa), mean(LoghubScores::fga), mean(LoghubScores::fta), inSample.meanGA(), inSample.meanPA()));
    t.append(String.format("%-10s %6.3f %6.3f %6.3f %6.3f | %6.3f %6.3f | lowest GA: %s%n", "worst", worst(LoghubScores::ga), worst(LoghubScores::pa), worst(LoghubScores::fga), worst(LoghubScores::fta), worstInSample(LoghubScores::ga), worstInSample(LoghubScores::pa), worstGA().system()));
    t.append("chosen on all ").append(folds.size()).append(" systems: ").append(describe(inSampleChoice))
        .append(inSampleChoice.equals(MinerSettings.DEFAULT) ? " (the defaults)" : " (NOT the defaults)").append(System.lineSeparator());
    return t.toString();
  }

  String json() throws JsonProcessingException {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("benchmark", "loghub");
    root.put("folds", "system");
    root.put("meanGA", LoghubBench.round(mean(LoghubScores::ga)));
    root.put("meanPA", LoghubBench.round(mean(LoghubScores::pa)));
    root.put("meanFGA", LoghubBench.round(mean(LoghubScores::fga)));
    root.put("meanFTA", LoghubBench.round(mean(LoghubScores::fta)));
    root.put("worstGA", LoghubBench.round(worst(LoghubScores::ga)));
    root.put("worstGASystem", worstGA().system());
    root.put("worstPA", LoghubBench.round(worst(LoghubScores::pa)));
    ObjectNode per = root.putObject("systems");
    for (LeaveOneSystemOut.Fold f : folds) {
      ObjectNode node = per.putObject(f.system());
      node.put("GA", LoghubBench.round(f.scores().ga()));
      node.put("PA", LoghubBench.round(f.scores().pa()));
      node.put("FGA", LoghubBench.round(f.scores().fga()));
      node.put("FTA", LoghubBench.round(f.scores().fta()));
      putSettings(node.putObject("chosen"), f.chosen());
    }
    ObjectNode in = root.putObject("inSample");
    putSettings(in.putObject("chosenOnAll"), inSampleChoice);
    in.put("chosenOnAllIsDefault", inSampleChoice.equals(MinerSettings.DEFAULT));
    inSample.putFigures(in);
    return mapper.writeValueAsString(root);
  }

  private static void putSettings(ObjectNode node, MinerSettings s) {
    node.put("similarity", s.similarity());
    node.put("maxChildren", s.maxChildren());
    node.put("distinctWordsSplit", s.distinctWordsSplit());
    node.put("wordValues", s.wordValues());
  }

  private LoghubScores inSample(String system) {
    return inSample.systems().stream().filter(s -> s.system().equals(system)).findFirst().orElseThrow().scores();
  }

  private double worstInSample(ToDoubleFunction<LoghubScores> figure) {
    return inSample.systems().stream().mapToDouble(s -> figure.applyAsDouble(s.scores())).min().orElse(0);
  }

  private static String describe(MinerSettings s) {
    String words = !s.distinctWordsSplit() ? "words merge" : s.wordValues() == 0 ? "words split" : "words split below " + s.wordValues() + " values";
    return String.format("similarity %.2f, children %d, %s", s.similarity(), s.maxChildren(), words);
  }
}
