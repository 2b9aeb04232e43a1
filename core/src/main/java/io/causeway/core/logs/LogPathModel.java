package io.causeway.core.logs;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What usually follows what in one service's log lines of one trace: for each log template, how
 * often each template came next (or the trace's lines in the service ended, {@link #END}); the
 * first line follows {@link #START}.
 *
 * <p>Why paths and not rates: a fault that makes a method return early or throw often logs no
 * error at all; what changes is the path through the code, visible as "after line A, line B no
 * longer comes". Rates move with load; the share of A's successors does not, so the same model
 * serves a quiet night and a busy day. This is the streaming form of the event-pattern mining that
 * Nezha (Yu et al., FSE 2023) uses offline against a fault-free window.
 *
 * <p>How a window is judged ({@link #judge}): for each template A with enough paths in the window
 * and enough weight in the baseline, the G statistic of the window's successors of A against the
 * baseline's shares (add-half smoothing, so a never-seen successor is surprising but finite),
 * divided by the square root of the window's paths from A, so that a busy template does not win on
 * volume alone. The largest is the window's shift.
 *
 * <p>How it learns ({@link #learn}): every weight decays by {@code decay} per window, then the
 * window's counts are added; successors of a template judged shifted are added at {@code
 * shiftedWeight} only, so that a fault which lasts a few windows (or comes back an hour later) is
 * not learned as normal at once. Weights that decay below {@value #FORGET_BELOW} are dropped, and
 * beyond {@code maxTransitions} the lightest are evicted: the model is bounded.
 */
public final class LogPathModel implements Serializable {

  private static final long serialVersionUID = 1L;
  public static final String START = "^";
  public static final String END = "$";
  static final double FORGET_BELOW = 0.05;

  /** Template → (next template → decayed count). */
  private final Map<String, Map<String, Double>> successors = new HashMap<>();

  /** One transition of a path, from one template to the next (or from {@link #START}, to {@link #END}). */
  public record Step(String from, String to) implements Serializable {}

  /**
   * The strongest shift of a window.
   *
   * @param from the template whose successors changed
   * @param score G statistic over √(paths from {@code from} in the window)
   * @param paths the window's paths through {@code from}
   * @param usualNext the successor the baseline expects most often
   * @param usualShare its share in the baseline
   * @param observedShare its share in the window
   * @param shifted every template judged shifted in this window (the strongest among them)
   */
  public record Shift(String from, double score, long paths, String usualNext, double usualShare, double observedShare, Set<String> shifted) {}

  /** The judgement's knobs; see the class comment. */
  public record Settings(double threshold, double minBaseline, long minPaths, double decay, double shiftedWeight, int maxTransitions)
      implements Serializable {

    public static final Settings DEFAULT = new Settings(8.0, 5.0, 3, 0.98, 0.1, 2_000);

    public Settings {
      if (!(decay > 0 && decay <= 1)) {
        throw new IllegalArgumentException("decay must be in (0, 1], was " + decay);
      }
      if (!(shiftedWeight >= 0 && shiftedWeight <= 1)) {
        throw new IllegalArgumentException("shiftedWeight must be in [0, 1], was " + shiftedWeight);
      }
      if (maxTransitions < 1 || minPaths < 1) {
        throw new IllegalArgumentException("maxTransitions and minPaths must be at least 1");
      }
    }
  }

  /** The window's strongest shift at or above the threshold, if any. */
  public Optional<Shift> judge(Map<Step, Long> window, Settings settings) {
    Map<String, Map<String, Long>> observed = byFrom(window);
    Set<String> shifted = new HashSet<>();
    Shift strongest = null;
    for (var entry : observed.entrySet()) {
      Optional<Shift> shift = judgeOne(entry.getKey(), entry.getValue(), settings);
      if (shift.isPresent() && shift.get().score() >= settings.threshold()) {
        shifted.add(entry.getKey());
        if (strongest == null || shift.get().score() > strongest.score()) {
          strongest = shift.get();
        }
      }
    }
    if (strongest == null) {
      return Optional.empty();
    }
    return Optional.of(new Shift(strongest.from(), strongest.score(), strongest.paths(), strongest.usualNext(), strongest.usualShare(), strongest.observedShare(), Set.copyOf(shifted)));
  }

  private Optional<Shift> judgeOne(String from, Map<String, Long> seen, Settings settings) {
    Map<String, Double> usual = successors.getOrDefault(from, Map.of());
    double usualTotal = usual.values().stream().mapToDouble(Double::doubleValue).sum();
    long paths = seen.values().stream().mapToLong(Long::longValue).sum();
    if (usualTotal < settings.minBaseline() || paths < settings.minPaths()) {
      return Optional.empty();
    }
    Set<String> outcomes = new HashSet<>(usual.keySet());
    outcomes.addAll(seen.keySet());
    double smoothedTotal = usualTotal + 0.5 * outcomes.size();
    double g = 0;
    for (var next : seen.entrySet()) {
      double expected = (usual.getOrDefault(next.getKey(), 0.0) + 0.5) / smoothedTotal * paths;
      g += next.getValue() * Math.log(next.getValue() / expected);
    }
    String usualNext = usual.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(END);
    double usualShare = usual.getOrDefault(usualNext, 0.0) / usualTotal;
    double observedShare = seen.getOrDefault(usualNext, 0L) / (double) paths;
    return Optional.of(new Shift(from, 2 * g / Math.sqrt(paths), paths, usualNext, usualShare, observedShare, Set.of(from)));
  }

  /** Decays what was known, adds the window (its shifted templates' successors at a lower weight), bounds the model. */
  public void learn(Map<Step, Long> window, Set<String> shifted, Settings settings) {
    decay(settings.decay());
    window.forEach((step, count) ->
        successors.computeIfAbsent(step.from(), k -> new HashMap<>())
            .merge(step.to(), count * (shifted.contains(step.from()) ? settings.shiftedWeight() : 1.0), Double::sum));
    evictBeyond(settings.maxTransitions());
  }

  /** Transitions the model holds. */
  public int size() {
    return successors.values().stream().mapToInt(Map::size).sum();
  }

  /** The baseline weight of {@code from → to}; 0 when unknown. */
  public double weight(String from, String to) {
    return successors.getOrDefault(from, Map.of()).getOrDefault(to, 0.0);
  }

  private void decay(double factor) {
    if (factor == 1.0) {
      return;
    }
    for (var next : successors.values()) {
      next.replaceAll((to, weight) -> weight * factor);
      next.values().removeIf(weight -> weight < FORGET_BELOW);
    }
    successors.values().removeIf(Map::isEmpty);
  }

  private void evictBeyond(int maxTransitions) {
    int excess = size() - maxTransitions;
    if (excess <= 0) {
      return;
    }
    List<Map.Entry<Step, Double>> all = new ArrayList<>();
    successors.forEach((from, next) -> next.forEach((to, weight) -> all.add(Map.entry(new Step(from, to), weight))));
    all.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
    for (int i = 0; i < excess; i++) {
      Step lightest = all.get(i).getKey();
      Map<String, Double> next = successors.get(lightest.from());
      next.remove(lightest.to());
      if (next.isEmpty()) {
        successors.remove(lightest.from());
      }
    }
  }

  private static Map<String, Map<String, Long>> byFrom(Map<Step, Long> window) {
    Map<String, Map<String, Long>> byFrom = new HashMap<>();
    window.forEach((step, count) -> byFrom.computeIfAbsent(step.from(), k -> new HashMap<>()).merge(step.to(), count, Long::sum));
    return byFrom;
  }

  /**
   * The steps of one path of template ids, from {@link #START} to {@link #END}. A template repeated
   * back to back is one step: a loop over a batch logs its line once per item, and a log shipper
   * that sends a line twice must not look like a new path (the Nezha data has such minutes).
   */
  public static List<Step> stepsOf(List<String> templateIds) {
    List<Step> steps = new ArrayList<>(templateIds.size() + 1);
    String previous = START;
    for (String id : templateIds) {
      if (id.equals(previous)) {
        continue;
      }
      steps.add(new Step(previous, id));
      previous = id;
    }
    steps.add(new Step(previous, END));
    return steps;
  }
}
