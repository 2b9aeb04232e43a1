package io.causeway.benchmarks.loghub;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loghub-2.0's accuracy figures for one system, computed as its evaluation does (ISSTA 2024,
 * {@code evaluator_main.py}, {@code GA_calculator.py}, {@code PA_calculator.py}, {@code
 * template_level_analysis.py}): groups are the lines sharing one template text, on both sides.
 *
 * <p>Before comparing, a ground-truth template loses every {@code <*>} that stands for nothing
 * in its line and then has adjacent variables collapsed ({@code <*>.<*>}, {@code <*><*>}, {@code
 * <*>:<*>}, {@code <*> <*>} become {@code <*>}); a mined template only loses its empty variables.
 *
 * @param ga grouping accuracy: share of lines whose true group is exactly one mined group
 * @param pa parsing accuracy: share of lines whose mined template equals the true one
 * @param fga F1 over groups: a true group counts when a mined group holds exactly its lines
 * @param fta F1 over templates: a mined template counts when all its lines have it as their true
 *     template
 * @param minedTemplates distinct mined templates
 * @param trueTemplates distinct true templates
 */
public record LoghubScores(double ga, double pa, double fga, double fta, int minedTemplates, int trueTemplates) {

  /**
   * Scores mined templates against the truth, line by line.
   *
   * @param contents the message of each line (the {@code Content} column)
   * @param truth the true template of each line ({@code EventTemplate}); blank ones are left out
   *     of GA, FGA and FTA, as Loghub-2.0 leaves out its null templates
   * @param mined the mined template of each line
   */
  public static LoghubScores score(List<String> contents, List<String> truth, List<String> mined) {
    if (contents.size() != truth.size() || contents.size() != mined.size()) {
      throw new IllegalArgumentException("contents, truth and mined must have one entry per line: " + contents.size() + ", " + truth.size() + ", " + mined.size());
    }
    if (contents.isEmpty()) {
      throw new IllegalArgumentException("no lines to score");
    }
    int n = contents.size();
    String[] t = new String[n];
    String[] m = new String[n];
    int pa = 0;
    for (int i = 0; i < n; i++) {
      String raw = truth.get(i);
      t[i] = raw == null || raw.isEmpty() ? null : collapseVariables(withoutEmptyVariables(contents.get(i), raw));
      m[i] = withoutEmptyVariables(contents.get(i), mined.get(i) == null ? "" : mined.get(i));
      if (t[i] != null && t[i].equals(m[i])) {
        pa++;
      }
    }
    Map<String, Integer> trueSizes = new HashMap<>();
    Map<String, Integer> minedSizes = new HashMap<>();
    Map<String, Set<String>> minedPerTrue = new HashMap<>();
    Map<String, Set<String>> truePerMined = new HashMap<>();
    int scored = 0;
    for (int i = 0; i < n; i++) {
      if (t[i] == null) {
        continue;
      }
      scored++;
      trueSizes.merge(t[i], 1, Integer::sum);
      minedSizes.merge(m[i], 1, Integer::sum);
      minedPerTrue.computeIfAbsent(t[i], k -> new HashSet<>()).add(m[i]);
      truePerMined.computeIfAbsent(m[i], k -> new HashSet<>()).add(t[i]);
    }
    int accurateLines = 0;
    int accurateGroups = 0;
    for (Map.Entry<String, Set<String>> group : minedPerTrue.entrySet()) {
      if (group.getValue().size() == 1) {
        String only = group.getValue().iterator().next();
        int size = trueSizes.get(group.getKey());
        if (minedSizes.get(only) == size) {
          accurateLines += size;
          accurateGroups++;
        }
      }
    }
    int correctTemplates = 0;
    for (Map.Entry<String, Set<String>> group : truePerMined.entrySet()) {
      if (group.getValue().equals(Set.of(group.getKey()))) {
        correctTemplates++;
      }
    }
    double ga = scored == 0 ? 0 : (double) accurateLines / scored;
    double fga = f1((double) accurateGroups / minedSizes.size(), (double) accurateGroups / trueSizes.size());
    double fta = f1((double) correctTemplates / truePerMined.size(), (double) correctTemplates / trueSizes.size());
    return new LoghubScores(ga, (double) pa / n, fga, fta, minedSizes.size(), trueSizes.size());
  }

  private static double f1(double precision, double recall) {
    return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
  }

  /**
   * Drops each {@code <*>} that matches the empty string in the line (Loghub-2.0's {@code
   * align_with_null_values}); a template that does not match its line is left as it is.
   */
  static String withoutEmptyVariables(String content, String template) {
    String[] parts = template.split(Pattern.quote("<*>"), -1);
    if (parts.length == 1) {
      return template;
    }
    StringBuilder regex = new StringBuilder("^");
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        regex.append("(.*?)");
      }
      regex.append(Pattern.quote(parts[i]));
    }
    regex.append('$');
    Matcher matcher = Pattern.compile(regex.toString()).matcher(content);
    if (!matcher.find()) {
      return template;
    }
    StringBuilder out = new StringBuilder(template.length());
    for (int i = 0; i < parts.length; i++) {
      out.append(parts[i]);
      if (i < matcher.groupCount()) {
        out.append(matcher.group(i + 1).isEmpty() ? "" : "<*>");
      }
    }
    return out.toString();
  }

  /** Loghub-2.0's {@code correct_template_general}: dot-separated, then consecutive variables. */
  static String collapseVariables(String template) {
    String prev;
    do {
      prev = template;
      template = template.replace("<*>.<*>", "<*>");
    } while (!template.equals(prev));
    do {
      prev = template;
      template = template.replace("<*><*>", "<*>").replace("<*>:<*>", "<*>").replace("<*> <*>", "<*>");
    } while (!template.equals(prev));
    return template;
  }
}
