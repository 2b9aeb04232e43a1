package io.causeway.core.correlation;

import io.causeway.avro.Anomaly;
import io.causeway.avro.BlastRadius;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.ChangeRef;
import io.causeway.avro.ChangeType;
import io.causeway.avro.Evidence;
import io.causeway.avro.FaultKind;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.SignalKind;
import io.causeway.core.detection.SignalCatalog;
import io.causeway.avro.Symptom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Ranks the services of an incident as candidate causes. The first rules, each named in the
 * hypothesis' {@code basis}:
 *
 * <ul>
 *   <li><b>strength</b>: how far the candidate's signals are from normal (log-compressed scores),
 *       a latency weighed also by how many times slower it got;
 *   <li><b>topology</b>: causes sit downstream of symptoms — anomalous callers support a
 *       candidate, an anomalous dependency of its own explains its symptoms away, as far as the
 *       dependency's signals are as strong as the candidate's (a faint blip below a service that
 *       fails loudly explains little), kind by kind and each kind's strongest signal once (a
 *       caller seen slow in five series is slow once; a slower dependency does not explain a
 *       caller's errors); but not its saturation: a caller waits on a slow callee
 *       and fails with a failing one, it does not burn its own CPU on it;
 *   <li><b>onset</b>: a candidate that went wrong later than the first symptom is less likely;
 *   <li><b>change</b>: a deploy, config or flag change on the candidate shortly before the onset;
 *   <li><b>saturation</b>: the candidate's own resources are exhausted.
 * </ul>
 *
 * <p>Before any rule, each slowed edge's latency is charged to the service where it entered
 * ({@link EdgeAttribution}): its callee, or its caller when several of the caller's calls are slowed
 * and the callee for that caller alone (a delay on the caller's own network).
 */
public final class CauseRanker {

  /** What a client-side signal weighs against one of the candidate's own. */
  static final double CLIENT_SIDE_WEIGHT = 0.3;
  /** From here on, a candidate's anomalous dependencies explain it: a dependency fault, not its own. */
  static final double HALF_EXPLAINED = 0.5;
  /** A latency this many times its expected value weighs in full. */
  static final double FULL_EFFECT_RATIO = 10;
  /** What the mildest latency anomaly still weighs, against a full one. */
  static final double MIN_EFFECT = 0.25;

  private final RankingSettings settings;

  public CauseRanker(RankingSettings settings) {
    this.settings = settings;
  }

  /** The ranked hypotheses, best first; {@code noConfidentCause} when none stands out. */
  public record Ranking(List<Hypothesis> hypotheses, boolean noConfidentCause) {
    public List<String> services() {
      return hypotheses.stream().map(Hypothesis::getService).toList();
    }
  }

  public Ranking rank(Collection<Anomaly> observed, ServiceGraph graph, Collection<ChangeEvent> changes) {
    List<Anomaly> anomalies = settings.edgeAttribution() ? EdgeAttribution.attribute(observed, settings.minSlowEdgesAtCaller()) : List.copyOf(observed);
    Map<String, List<Anomaly>> byService = groupByService(anomalies);
    long firstOnset = anomalies.stream().mapToLong(a -> a.getOnset().toEpochMilli()).min().orElse(0);
    List<Candidate> candidates = new ArrayList<>();
    Map<String, Double> strengths = new LinkedHashMap<>();
    byService.forEach((service, signals) -> strengths.put(service, strength(signals)));
    for (var entry : byService.entrySet()) {
      candidates.add(assess(entry.getKey(), entry.getValue(), strengths, byService, graph, changes, firstOnset));
    }
    candidates.sort(Comparator.comparingDouble(Candidate::score).reversed().thenComparing(Candidate::service));
    double total = candidates.stream().mapToDouble(Candidate::score).sum();
    double evidence = candidates.isEmpty() ? 0 : evidenceWeight(candidates.get(0));
    List<Hypothesis> hypotheses = new ArrayList<>();
    for (Candidate c : candidates) {
      hypotheses.add(toHypothesis(c, settings.calibration().apply(confidence(c, total, evidence)), graph));
    }
    boolean noConfidentCause =
        hypotheses.isEmpty() || hypotheses.get(0).getConfidence() < settings.minConfidence();
    return new Ranking(hypotheses, noConfidentCause);
  }

  private record Candidate(
      String service,
      double score,
      double strength,
      List<Anomaly> signals,
      List<String> basis,
      List<ChangeEvent> changes,
      Set<String> anomalousCallers,
      boolean explainedByDependency,
      boolean saturated) {}

  private Candidate assess(
      String service,
      List<Anomaly> signals,
      Map<String, Double> strengths,
      Map<String, List<Anomaly>> byService,
      ServiceGraph graph,
      Collection<ChangeEvent> changes,
      long firstOnset) {
    List<String> basis = new ArrayList<>(List.of("strength"));
    double strength = strengths.get(service);
    double ownSaturation = strength(signals.stream().filter(CauseRanker::isResourceSignal).toList());
    double explainable = strength - ownSaturation;

    Set<String> anomalousCallers = intersect(graph.transitiveCallers(service), strengths.keySet());
    double explanation = explanation(signals, intersect(graph.transitiveCallees(service), strengths.keySet()), byService);
    boolean explained = explanation * explainable >= HALF_EXPLAINED * strength;
    double score = explainable * (1 - (1 - settings.explainedPenalty()) * explanation) + ownSaturation;
    score *= 1 + settings.callerSupport() * Math.min(anomalousCallers.size(), settings.maxCallerSupport());
    if (explained || !anomalousCallers.isEmpty()) {
      basis.add("topology");
    }

    long onset = signals.stream().mapToLong(a -> a.getOnset().toEpochMilli()).min().orElse(firstOnset);
    double lagHalfLives = (onset - firstOnset) / (double) settings.onsetHalfLife().toMillis();
    score *= Math.pow(0.5, lagHalfLives);
    basis.add("onset");

    List<ChangeEvent> related = relatedChanges(service, changes, firstOnset);
    if (!related.isEmpty()) {
      score *= settings.changeBoost();
      basis.add("change");
    }
    boolean saturated = signals.stream().anyMatch(CauseRanker::isResourceSignal);
    if (saturated) {
      score *= settings.saturationBoost();
      basis.add("saturation");
    }
    return new Candidate(
        service, score, strength, signals, basis, related, anomalousCallers, explained, saturated);
  }

  /** The sum of the candidate's signals' weights. */
  private static double strength(List<Anomaly> signals) {
    return signals.stream().mapToDouble(CauseRanker::weight).sum();
  }

  /**
   * One signal's weight: its score, log-compressed so one huge z-score cannot drown all other
   * evidence, times its effect size. Client-side signals (the candidate's calls to others) count
   * for less: they say its dependencies are slow more than that it is.
   */
  static double weight(Anomaly signal) {
    double sureness = Math.min(Math.log1p(Math.abs(signal.getScore())), 5.0);
    return sureness * effectSize(signal) * (SignalCatalog.isClientSide(signal.getSignal()) ? CLIENT_SIDE_WEIGHT : 1);
  }

  /**
   * How large a latency anomaly is, 0.25 to 1: how many times its expected value it reached, on a
   * log scale where {@value #FULL_EFFECT_RATIO} times or more is full weight. A score says how sure
   * a change is, not how large: over a steady baseline a p99 from 10 ms to 23 ms scores z 230, as
   * high as a callee's timeouts. Other kinds keep full weight: error ratios and log shifts start
   * from near zero, and a utilisation is bounded, so a ratio of them says little.
   */
  static double effectSize(Anomaly signal) {
    if (signal.getKind() != SignalKind.LATENCY || signal.getExpected() <= 0 || signal.getObserved() <= signal.getExpected()) {
      return 1;
    }
    double ratio = signal.getObserved() / signal.getExpected();
    return Math.max(MIN_EFFECT, Math.min(1, Math.log(ratio) / Math.log(FULL_EFFECT_RATIO)));
  }

  /**
   * How far the candidate's anomalous dependencies can explain its signals, 0 to 1: for each kind
   * of its own (not resource) signals, its strongest signal of that kind against the strongest
   * signal of a dependency that could cause it ({@link #canExplain}), weighed by the kinds'
   * strengths. Kinds, not series: a caller that sees its callee's delay in its server p50, p90,
   * p99, its client calls and the mesh is slow once, and one slowed edge below it explains that.
   */
  private static double explanation(List<Anomaly> signals, Set<String> anomalousCallees, Map<String, List<Anomaly>> byService) {
    Map<SignalKind, Double> own = strongestByKind(signals.stream().filter(a -> !isResourceSignal(a)).toList());
    double total = own.values().stream().mapToDouble(Double::doubleValue).sum();
    if (total == 0) {
      return 1;
    }
    double explained = 0;
    for (var kind : own.entrySet()) {
      double strongestCause = anomalousCallees.stream()
          .flatMap(callee -> byService.get(callee).stream())
          .filter(a -> canExplain(a.getKind(), kind.getKey()))
          .mapToDouble(CauseRanker::weight)
          .max().orElse(0);
      explained += Math.min(kind.getValue(), strongestCause);
    }
    return explained / total;
  }

  /**
   * Whether a dependency's anomaly of one kind can cause its caller's of another. A caller waits on
   * a slow, saturated or failing (retried) dependency; it fails with a failing one, but a slower
   * dependency alone does not make it fail.
   */
  static boolean canExplain(SignalKind dependency, SignalKind caller) {
    return switch (caller) {
      case LATENCY -> dependency != SignalKind.TRAFFIC;
      case ERRORS -> dependency == SignalKind.ERRORS || dependency == SignalKind.LOG || dependency == SignalKind.UNKNOWN;
      default -> true;
    };
  }

  private static Map<SignalKind, Double> strongestByKind(List<Anomaly> signals) {
    return signals.stream().collect(Collectors.toMap(Anomaly::getKind, CauseRanker::weight, Math::max));
  }

  private List<ChangeEvent> relatedChanges(String service, Collection<ChangeEvent> changes, long firstOnset) {
    long from = firstOnset - settings.changeLookback().toMillis();
    return changes.stream()
        .filter(c -> c.getService().equals(service))
        .filter(c -> c.getType() != ChangeType.SCALE)
        .filter(c -> c.getTimestamp().toEpochMilli() >= from)
        .filter(c -> c.getTimestamp().toEpochMilli() <= firstOnset + settings.onsetHalfLife().toMillis())
        .sorted(Comparator.comparing(ChangeEvent::getTimestamp))
        .toList();
  }

  /**
   * The candidate's share of all candidates' scores, tempered by how much evidence the leading
   * candidate has of its own (a lone weak signal is not a confident cause). One weight for all
   * candidates keeps confidence in rank order.
   */
  private static double confidence(Candidate c, double total, double evidence) {
    double share = total == 0 ? 0 : c.score() / total;
    return Math.max(0, Math.min(1, share * evidence));
  }

  private static double evidenceWeight(Candidate leader) {
    return 1 - Math.exp(-leader.strength() / 2.5);
  }

  private Hypothesis toHypothesis(Candidate c, double confidence, ServiceGraph graph) {
    Anomaly strongest = c.signals().stream().max(Comparator.comparingDouble(a -> Math.abs(a.getScore()))).orElseThrow();
    FaultKind faultKind = faultKind(c);
    return Hypothesis.newBuilder()
        .setService(c.service())
        .setSignal(strongest.getSignal())
        .setFaultKind(faultKind)
        .setConfidence(round(confidence))
        .setScore(round(c.score()))
        .setBasis(c.basis())
        .setEvidence(evidence(c, strongest, graph))
        .setBlastRadius(blastRadius(c.service(), graph))
        .setActions(SuggestedActions.forFault(c.service(), faultKind))
        .build();
  }

  private static FaultKind faultKind(Candidate c) {
    if (!c.changes().isEmpty()) {
      return FaultKind.BAD_CHANGE;
    }
    if (c.explainedByDependency()) {
      return FaultKind.DEPENDENCY;
    }
    if (c.saturated()) {
      return FaultKind.SATURATION;
    }
    boolean errors = c.signals().stream().anyMatch(a -> a.getKind() == SignalKind.ERRORS || a.getKind() == SignalKind.LOG);
    return errors ? FaultKind.ERRORS : FaultKind.LATENCY;
  }

  private static Evidence evidence(Candidate c, Anomaly strongest, ServiceGraph graph) {
    return Evidence.newBuilder()
        .setSummary(summary(c, strongest))
        .setSignals(c.signals().stream().map(CauseRanker::symptom).toList())
        .setPath(pathFromFurthestSymptom(c, graph))
        .setChanges(c.changes().stream().map(CauseRanker::changeRef).toList())
        .setLogSamples(c.signals().stream().map(Anomaly::getSample).filter(s -> s != null).limit(3).toList())
        .setSimilarIncidents(List.of())
        .build();
  }

  private static String summary(Candidate c, Anomaly strongest) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%s %s vs %s expected (z %.1f) since %s",
                strongest.getSignal(),
                figure(strongest.getObserved()),
                figure(strongest.getExpected()),
                strongest.getScore(),
                strongest.getOnset()));
    if (!c.anomalousCallers().isEmpty()) {
      line.append("; ").append(c.anomalousCallers().size()).append(" anomalous upstream");
    }
    line.append(c.explainedByDependency() ? "; its own dependencies are anomalous too" : "; no anomalous dependency");
    if (!c.changes().isEmpty()) {
      ChangeEvent change = c.changes().get(c.changes().size() - 1);
      line.append("; ").append(change.getType()).append(' ').append(change.getVersion() == null ? "" : change.getVersion())
          .append(" at ").append(change.getTimestamp());
    }
    return line.toString();
  }

  /**
   * From the outermost symptom — an anomalous caller that no other anomalous service calls, the
   * one users feel first — down to the candidate.
   */
  private static List<String> pathFromFurthestSymptom(Candidate c, ServiceGraph graph) {
    List<String> best = List.of(c.service());
    for (String caller : c.anomalousCallers()) {
      boolean outermost = intersect(graph.transitiveCallers(caller), c.anomalousCallers()).isEmpty();
      List<String> path = graph.pathDown(caller, c.service());
      if (outermost && path.size() > best.size()) {
        best = path;
      }
    }
    return best;
  }

  private static BlastRadius blastRadius(String service, ServiceGraph graph) {
    return BlastRadius.newBuilder()
        .setDependents(graph.transitiveCallers(service).stream().sorted().toList())
        .setEntryTrafficShare(round(graph.entryTrafficShare(service)))
        .build();
  }

  static Symptom symptom(Anomaly a) {
    return Symptom.newBuilder()
        .setAnomalyId(a.getId())
        .setService(a.getService())
        .setSignal(a.getSignal())
        .setKind(a.getKind())
        .setOnset(a.getOnset())
        .setScore(round(a.getScore()))
        .setObserved(a.getObserved())
        .setExpected(a.getExpected())
        .build();
  }

  private static ChangeRef changeRef(ChangeEvent c) {
    return ChangeRef.newBuilder()
        .setId(c.getId())
        .setType(c.getType())
        .setTimestamp(c.getTimestamp())
        .setVersion(c.getVersion())
        .setDescription(c.getDescription())
        .build();
  }

  private static boolean isResourceSignal(Anomaly a) {
    return a.getKind() == SignalKind.SATURATION || a.getKind() == SignalKind.RESOURCE;
  }

  private static Map<String, List<Anomaly>> groupByService(Collection<Anomaly> anomalies) {
    return anomalies.stream()
        .sorted(Comparator.comparing(Anomaly::getOnset).thenComparing(Anomaly::getId))
        .collect(Collectors.groupingBy(Anomaly::getService, LinkedHashMap::new, Collectors.toList()));
  }

  private static Set<String> intersect(Set<String> a, Set<String> b) {
    return a.stream().filter(b::contains).collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  private static String figure(double value) {
    return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.3g", value);
  }

  private static double round(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }

  static Instant instant(long millis) {
    return Instant.ofEpochMilli(millis);
  }
}
