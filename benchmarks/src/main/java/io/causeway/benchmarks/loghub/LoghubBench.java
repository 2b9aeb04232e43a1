package io.causeway.benchmarks.loghub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.core.logs.MinerSettings;
import io.causeway.core.logs.TemplateMatch;
import io.causeway.core.logs.TemplateMiner;
import io.causeway.ingest.datasets.Datasets;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code causeway bench loghub}: runs the template miner over every system of a Loghub-2k
 * folder, one fresh miner per system fed the {@code Content} column in order, and scores the
 * templates each line ends up with (GA, PA, FGA, FTA).
 *
 * <p>{@code --folds system} (the default) scores each system with the constants chosen on the
 * others ({@link LeaveOneSystemOut}) and prints the in-sample figures (the default settings) beside
 * them; {@code --folds none} prints the in-sample figures alone.
 */
@Command(
    name = "loghub",
    mixinStandardHelpOptions = true,
    description = "Log template mining accuracy on Loghub-2k: GA, PA, FGA, FTA per system and their means.")
public final class LoghubBench implements Callable<Integer> {

  static final String DATASET = "loghub-2k";

  /** How the miner's constants are chosen for the system being scored. */
  enum Folds {
    /** The shipped defaults, chosen on all systems: in-sample. */
    none,
    /** Chosen on all the other systems: leave-one-system-out. */
    system
  }

  @Option(names = "--data", paramLabel = "DIR", description = "Loghub-2k folder (default: the datasets folder's loghub-2k/)")
  Path data;

  @Option(
      names = "--folds",
      paramLabel = "FOLDS",
      defaultValue = "system",
      description = "system: choose the miner's constants on the other systems, score the one left out, beside the in-sample figures (default); none: in-sample figures only")
  Folds folds;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoghubBench()).execute(args));
  }

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = data != null ? data : Datasets.dataset(DATASET).orElse(null);
    if (dir == null || !Files.isDirectory(dir)) {
      err.println(dir == null ? Datasets.whereToGet(DATASET) : "not a folder: " + dir);
      return 2;
    }
    List<LoghubSystem> systems = LoghubSystem.all(dir);
    if (systems.isEmpty()) {
      err.println("no *" + LoghubSystem.SUFFIX + " files under " + dir);
      return 2;
    }
    Report inSample = run(systems, MinerSettings.DEFAULT);
    if (folds == Folds.none) {
      out.print(inSample.table());
      out.println(inSample.json());
    } else if (systems.size() < 2) {
      err.println("--folds system needs at least two systems under " + dir + "; use --folds none");
      return 2;
    } else {
      FoldReport report = leaveOneSystemOut(systems, MinerSettings.DEFAULT, inSample);
      out.print(report.table());
      out.println(report.json());
    }
    out.flush();
    return 0;
  }

  /**
   * Every system scored with the constants chosen on the others, in name order, beside the
   * in-sample figures and the constants the grid would choose on all systems.
   */
  static FoldReport leaveOneSystemOut(List<LoghubSystem> systems, MinerSettings base, Report inSample) {
    Map<String, LoghubSystem> byName = new HashMap<>();
    systems.forEach(s -> byName.put(s.name(), s));
    LeaveOneSystemOut protocol = new LeaveOneSystemOut(LeaveOneSystemOut.grid(base), (name, settings) -> score(byName.get(name), settings));
    List<String> names = systems.stream().map(LoghubSystem::name).toList();
    return new FoldReport(protocol.folds(names), inSample, protocol.choose(names));
  }

  static LoghubScores score(LoghubSystem system, MinerSettings settings) {
    return LoghubScores.score(system.contents(), system.templates(), mine(system.name(), system.contents(), settings));
  }

  /** One system's figures. */
  public record SystemResult(String system, int lines, LoghubScores scores, double linesPerSecond) {}

  /** All systems and the means. */
  public record Report(List<SystemResult> systems) {
    public double meanGA() {
      return systems.stream().mapToDouble(s -> s.scores().ga()).average().orElse(0);
    }

    public double meanPA() {
      return systems.stream().mapToDouble(s -> s.scores().pa()).average().orElse(0);
    }

    public double meanFGA() {
      return systems.stream().mapToDouble(s -> s.scores().fga()).average().orElse(0);
    }

    public double meanFTA() {
      return systems.stream().mapToDouble(s -> s.scores().fta()).average().orElse(0);
    }

    String table() {
      StringBuilder t = new StringBuilder();
      t.append(String.format("%-10s %6s %6s %6s %6s %6s %9s%n", "system", "GA", "PA", "FGA", "FTA", "tmpl", "truth"));
      for (SystemResult s : systems) {
        LoghubScores c = s.scores();
        t.append(String.format("%-10s %6.3f %6.3f %6.3f %6.3f %6d %9d%n", s.system(), c.ga(), c.pa(), c.fga(), c.fta(), c.minedTemplates(), c.trueTemplates()));
      }
      t.append(String.format("%-10s %6.3f %6.3f %6.3f %6.3f%n", "mean", meanGA(), meanPA(), meanFGA(), meanFTA()));
      return t.toString();
    }

    String json() throws JsonProcessingException {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode root = mapper.createObjectNode();
      root.put("benchmark", "loghub");
      root.put("folds", "none");
      putFigures(root);
      return mapper.writeValueAsString(root);
    }

    /** The means and each system's figures, as keys of {@code root}. */
    void putFigures(ObjectNode root) {
      root.put("meanGA", round(meanGA()));
      root.put("meanPA", round(meanPA()));
      root.put("meanFGA", round(meanFGA()));
      root.put("meanFTA", round(meanFTA()));
      ObjectNode per = root.putObject("systems");
      for (SystemResult s : systems) {
        ObjectNode node = per.putObject(s.system());
        node.put("lines", s.lines());
        node.put("GA", round(s.scores().ga()));
        node.put("PA", round(s.scores().pa()));
        node.put("FGA", round(s.scores().fga()));
        node.put("FTA", round(s.scores().fta()));
        node.put("minedTemplates", s.scores().minedTemplates());
        node.put("trueTemplates", s.scores().trueTemplates());
      }
    }
  }

  static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  /** Mines and scores every system under {@code dir}. */
  public static Report run(Path dir, MinerSettings settings) {
    return run(LoghubSystem.all(dir), settings);
  }

  static Report run(List<LoghubSystem> systems, MinerSettings settings) {
    List<SystemResult> results = new ArrayList<>();
    for (LoghubSystem system : systems) {
      long start = System.nanoTime();
      List<String> mined = mine(system.name(), system.contents(), settings);
      double seconds = (System.nanoTime() - start) / 1e9;
      LoghubScores scores = LoghubScores.score(system.contents(), system.templates(), mined);
      results.add(new SystemResult(system.name(), system.contents().size(), scores, system.contents().size() / seconds));
    }
    return new Report(results);
  }

  /**
   * The template each line ends up in once the whole system has been read (as offline parsers
   * report); a template evicted on the way keeps the text it had when last matched.
   */
  static List<String> mine(String service, List<String> contents, MinerSettings settings) {
    TemplateMiner miner = new TemplateMiner(service, settings);
    List<String> ids = new ArrayList<>(contents.size());
    Map<String, String> lastText = new HashMap<>();
    for (String content : contents) {
      TemplateMatch match = miner.add(content);
      ids.add(match.template().id());
      lastText.put(match.template().id(), match.template().text());
    }
    List<String> mined = new ArrayList<>(ids.size());
    for (String id : ids) {
      mined.add(miner.template(id).map(t -> t.text()).orElse(lastText.get(id)));
    }
    return mined;
  }
}
