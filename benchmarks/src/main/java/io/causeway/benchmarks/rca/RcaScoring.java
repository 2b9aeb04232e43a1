package io.causeway.benchmarks.rca;

import io.causeway.avro.Anomaly;
import io.causeway.avro.Incident;
import io.causeway.avro.Symptom;
import io.causeway.avro.IncidentStatus;
import io.causeway.core.correlation.RankingSettings;
import io.causeway.ingest.nezha.NezhaFaults.Fault;
import io.causeway.ingest.nezha.NezhaReplay.Interval;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Scores incidents against the injected faults, the engine having been told nothing about them.
 *
 * <ul>
 *   <li>An incident <em>covers</em> a fault when its onset (its first symptom's) lies from the
 *       start of the minute before the injection's minute to {@code follow} after the injection:
 *       symptoms after the follow-up are too late to count. Why that start: Nezha's case data are
 *       the per-minute files of the injection minute and the two after it, and file {@code HH_MM}
 *       holds the lines from about HH:MM−52 s to HH:MM+8 s, so a case's data begin 52–112 s
 *       before its {@code inject_time}; in several cases the faulty service's changed paths show
 *       from their first line (travel2 at 10:44:08 for an injection labelled 10:45:10). What the
 *       fault list's time-of-day stamps lag by, the lead must allow.
 *   <li>The fault's incident, by the headline rule, is the earliest covering incident that carries
 *       an anomaly of the faulty service itself: its own signals, or an edge into or out of it
 *       (see {@link #carries}). A real, unrelated failure that happens to open first in the window
 *       (the data has some) then does not take the fault's score; the engine is still judged on
 *       ranking the fault first inside its own incident. Beside it, the older figure: the first
 *       incident that covers the fault at all, the page a responder gets first ({@link
 *       Outcome#results()}). Either way, the ranking scored is the last one before the incident
 *       resolved or the next fault began; every other incident covering the fault is a duplicate,
 *       and one covering no fault is false, so that opening many incidents is never a win.
 *   <li>AC@k: the share of faults whose service is among the first k suspects (a fault with no
 *       incident scores 0). Avg@5 is the mean of AC@1..5.
 *   <li>Time to first hypothesis: the fault's incident's first snapshot, in event time, after the
 *       injection.
 *   <li>A false incident covers no fault; it counts as "on the fault-free window" when its onset
 *       lies in one of the copies of the normal window.
 *   <li>Calibration: every incident is a page, and its first suspect is right when it is the
 *       service of the (first) fault the incident covers; a false incident's never is. Pages are
 *       binned by that suspect's confidence (the lowest bin is below the job's 0.35 "no confident
 *       cause"), with the Brier score of confidence against right.
 * </ul>
 */
final class RcaScoring {

  /** Counted back from the start of the injection's minute. */
  static final Duration LEAD = Duration.ofSeconds(60);
  static final Duration FOLLOW = Duration.ofMinutes(4);
  static final int DEPTH = 5;

  /** How one fault fared: the true service's rank (0 when absent), and when the first hypothesis came. */
  /** {@code incidents}: how many incidents cover the fault (more than one: duplicates). */
  record FaultResult(Fault fault, int incidents, int rank, List<String> suspects, Double secondsToFirstHypothesis) {
    boolean found() {
      return incidents > 0;
    }

    boolean inTop(int k) {
      return rank >= 1 && rank <= k;
    }
  }

  /** The figures over a set of faults. */
  record Summary(int faults, double[] acAt, double avgAt5, int missed, Double medianSecondsToFirstHypothesis) {
    double ac(int k) {
      return acAt[k - 1];
    }
  }

  /** One page: its first suspect's confidence, and whether that suspect was the fault's service. */
  record FirstSuspect(double confidence, boolean right) {}

  /** Pages whose first suspect's confidence lies in [from, to). */
  record CalibrationBin(double from, double to, int pages, int right, double meanConfidence) {
    double shareRight() {
      return pages == 0 ? 0 : right / (double) pages;
    }
  }

  /** Where the calibration bins start; below the second bound the job says "no confident cause". */
  static final double[] CALIBRATION_BOUNDS = {0, RankingSettings.defaults().minConfidence(), 0.5, 0.7};

  /**
   * Everything a run scored: per fault, the incidents that covered none, and every page's first
   * suspect. {@code results} score each fault's first covering incident; {@code ownIncidentResults}
   * the earliest one that carries the faulty service (the headline rule).
   */
  record Outcome(List<FaultResult> results, int falseIncidents, int falseIncidentsOnNormalWindow, int incidents, List<FirstSuspect> firstSuspects,
      List<FaultResult> ownIncidentResults) {

    /** Several runs' outcomes (one per day, say) as one. */
    static Outcome pooled(List<Outcome> outcomes) {
      return new Outcome(
          outcomes.stream().flatMap(o -> o.results().stream()).toList(),
          outcomes.stream().mapToInt(Outcome::falseIncidents).sum(),
          outcomes.stream().mapToInt(Outcome::falseIncidentsOnNormalWindow).sum(),
          outcomes.stream().mapToInt(Outcome::incidents).sum(),
          outcomes.stream().flatMap(o -> o.firstSuspects().stream()).toList(),
          outcomes.stream().flatMap(o -> o.ownIncidentResults().stream()).toList());
    }

    /** Scored by the first covering incident only (as before the own-incident rule). */
    Outcome(List<FaultResult> results, int falseIncidents, int falseIncidentsOnNormalWindow, int incidents, List<FirstSuspect> firstSuspects) {
      this(results, falseIncidents, falseIncidentsOnNormalWindow, incidents, firstSuspects, results);
    }

    /** The figures by the headline rule: each fault's earliest incident that carries its service. */
    Summary ownIncidentSummary() {
      return summarise(ownIncidentResults);
    }

    /** As {@link #byType()}, by the headline rule. */
    Map<String, Summary> ownIncidentByType() {
      return summariseByType(ownIncidentResults);
    }

    /** Incidents beyond the first on a fault. */
    int duplicates() {
      return results.stream().mapToInt(r -> Math.max(0, r.incidents() - 1)).sum();
    }

    Summary summary() {
      return summarise(results);
    }

    /** The pages binned by confidence: [0, 0.35), [0.35, 0.5), [0.5, 0.7), [0.7, 1]. */
    List<CalibrationBin> calibration() {
      Map<Integer, List<FirstSuspect>> byBin = firstSuspects.stream().collect(Collectors.groupingBy(s -> binOf(s.confidence())));
      List<CalibrationBin> bins = new ArrayList<>();
      for (int b = 0; b < CALIBRATION_BOUNDS.length; b++) {
        List<FirstSuspect> in = byBin.getOrDefault(b, List.of());
        int right = (int) in.stream().filter(FirstSuspect::right).count();
        double mean = in.stream().mapToDouble(FirstSuspect::confidence).average().orElse(0);
        double to = b + 1 < CALIBRATION_BOUNDS.length ? CALIBRATION_BOUNDS[b + 1] : 1;
        bins.add(new CalibrationBin(CALIBRATION_BOUNDS[b], to, in.size(), right, mean));
      }
      return bins;
    }

    private static int binOf(double confidence) {
      int bin = 0;
      while (bin + 1 < CALIBRATION_BOUNDS.length && confidence >= CALIBRATION_BOUNDS[bin + 1]) {
        bin++;
      }
      return bin;
    }

    /** Mean squared gap between each page's confidence and its first suspect being right (1) or not (0). */
    Double brier() {
      return firstSuspects.isEmpty() ? null : firstSuspects.stream()
          .mapToDouble(s -> Math.pow(s.confidence() - (s.right() ? 1 : 0), 2)).average().orElseThrow();
    }

    /** Per fault type, in the order types first appear. */
    Map<String, Summary> byType() {
      return summariseByType(results);
    }
  }

  static Map<String, Summary> summariseByType(List<FaultResult> results) {
    Map<String, List<FaultResult>> grouped = results.stream()
        .collect(Collectors.groupingBy(r -> r.fault().type(), LinkedHashMap::new, Collectors.toList()));
    Map<String, Summary> summaries = new LinkedHashMap<>();
    grouped.forEach((type, rs) -> summaries.put(type, summarise(rs)));
    return summaries;
  }

  private RcaScoring() {}

  static Outcome score(List<Fault> faults, List<Incident> snapshots, List<Interval> faultFreeWindows) {
    return score(faults, snapshots, faultFreeWindows, List.of());
  }

  /**
   * As {@link #score(List, List, List)}, with the run's anomalies, which say what edge each
   * symptom was seen on: an incident then carries a fault's service also through an edge out of it.
   */
  static Outcome score(List<Fault> faults, List<Incident> snapshots, List<Interval> faultFreeWindows, Collection<Anomaly> anomalies) {
    Map<String, String> edgeOfAnomaly = anomalies.stream().filter(a -> a.getEdge() != null)
        .collect(Collectors.toMap(a -> a.getId().toString(), a -> a.getEdge().toString(), (a, b) -> a));
    Map<String, List<Incident>> byIncident = snapshots.stream()
        .sorted(Comparator.comparingInt(Incident::getVersion))
        .collect(Collectors.groupingBy(i -> i.getId().toString(), LinkedHashMap::new, Collectors.toList()));
    List<Fault> ordered = faults.stream().sorted(Comparator.comparing(Fault::injectedAt)).toList();
    List<FaultResult> results = new ArrayList<>();
    List<FaultResult> own = new ArrayList<>();
    List<FirstSuspect> firstSuspects = new ArrayList<>();
    Set<String> covering = new java.util.HashSet<>();
    for (int f = 0; f < ordered.size(); f++) {
      Fault fault = ordered.get(f);
      Instant rankedUntil = f + 1 < ordered.size() ? ordered.get(f + 1).injectedAt() : Instant.MAX;
      List<List<Incident>> incidents = coveringIncidents(fault, byIncident);
      for (List<Incident> incident : incidents) {
        if (covering.add(incident.get(0).getId().toString())) {
          firstSuspects.add(firstSuspect(lastRanking(incident, rankedUntil), fault.service()));
        }
      }
      results.add(resultFor(fault, incidents, incidents.stream().min(byOpening()), rankedUntil));
      own.add(resultFor(fault, incidents,
          incidents.stream().filter(i -> carries(i, fault.service(), rankedUntil, edgeOfAnomaly)).min(byOpening()), rankedUntil));
    }
    List<List<Incident>> falseOnes = byIncident.values().stream().filter(s -> !covering.contains(s.get(0).getId().toString())).toList();
    falseOnes.forEach(s -> firstSuspects.add(firstSuspect(lastRanking(s, Instant.MAX), null)));
    int onNormal = (int) falseOnes.stream().filter(s -> faultFreeWindows.stream().anyMatch(w -> w.contains(s.get(0).getOnset()))).count();
    return new Outcome(results, falseOnes.size(), onNormal, byIncident.size(), firstSuspects, own);
  }

  private static Comparator<List<Incident>> byOpening() {
    return Comparator.comparing((List<Incident> s) -> s.get(0).getOpenedAt());
  }

  /**
   * Whether the incident, in a snapshot before {@code until} (or its first), holds an anomaly of
   * {@code service}: a symptom or suspect on it, or a symptom seen on an edge into or out of it.
   */
  static boolean carries(List<Incident> incident, String service, Instant until, Map<String, String> edgeOfAnomaly) {
    return incident.stream()
        .filter(s -> s == incident.get(0) || s.getUpdatedAt().isBefore(until))
        .anyMatch(s -> s.getHypotheses().stream().anyMatch(h -> rankOf(service, List.of(h.getService().toString())) == 1)
            || s.getSymptoms().stream().anyMatch(symptom -> onService(symptom, service, edgeOfAnomaly)));
  }

  private static boolean onService(Symptom symptom, String service, Map<String, String> edgeOfAnomaly) {
    if (rankOf(service, List.of(symptom.getService().toString())) == 1) {
      return true;
    }
    String edge = edgeOfAnomaly.get(symptom.getAnomalyId().toString());
    return edge != null && rankOf(service, List.of(edge.split("->", 2))) > 0;
  }

  /** Each fault's incident (its first covering one's first snapshot), in injection order; null where none covers it. */
  static List<Incident> firstIncidents(List<Fault> faults, List<Incident> snapshots) {
    Map<String, List<Incident>> byIncident = snapshots.stream()
        .sorted(Comparator.comparingInt(Incident::getVersion))
        .collect(Collectors.groupingBy(i -> i.getId().toString(), LinkedHashMap::new, Collectors.toList()));
    List<Incident> first = new ArrayList<>();
    for (Fault fault : faults.stream().sorted(Comparator.comparing(Fault::injectedAt)).toList()) {
      first.add(coveringIncidents(fault, byIncident).stream()
          .min(Comparator.comparing((List<Incident> s) -> s.get(0).getOpenedAt())).map(s -> s.get(0)).orElse(null));
    }
    return first;
  }

  /** The ranking's first suspect, right when it is {@code faultService} (never when that is null). */
  private static FirstSuspect firstSuspect(Incident ranking, String faultService) {
    if (ranking.getHypotheses().isEmpty()) {
      return new FirstSuspect(0, false);
    }
    var top = ranking.getHypotheses().get(0);
    boolean right = faultService != null && rankOf(faultService, List.of(top.getService().toString())) == 1;
    return new FirstSuspect(top.getConfidence(), right);
  }

  private static List<List<Incident>> coveringIncidents(Fault fault, Map<String, List<Incident>> byIncident) {
    return byIncident.values().stream().filter(s -> covers(s.get(0), fault)).toList();
  }

  /** Whether the incident's onset lies in the fault's window: from {@link #coveredFrom} to {@link #FOLLOW} after the injection. */
  static boolean covers(Incident incident, Fault fault) {
    Instant onset = incident.getOnset();
    return !onset.isBefore(coveredFrom(fault)) && onset.isBefore(fault.injectedAt().plus(FOLLOW));
  }

  static Instant coveredFrom(Fault fault) {
    return fault.injectedAt().truncatedTo(ChronoUnit.MINUTES).minus(LEAD);
  }

  /** The fault's result by its {@code scored} incident, one of the {@code incidents} covering it (none: rank 0, no time). */
  private static FaultResult resultFor(Fault fault, List<List<Incident>> incidents, Optional<List<Incident>> scored, Instant rankedUntil) {
    if (scored.isEmpty()) {
      return new FaultResult(fault, incidents.size(), 0, List.of(), null);
    }
    List<Incident> first = scored.get();
    List<String> suspects = lastRanking(first, rankedUntil).getHypotheses().stream()
        .map(h -> h.getService().toString())
        .toList();
    double seconds = Duration.between(fault.injectedAt(), first.get(0).getOpenedAt()).toMillis() / 1000.0;
    return new FaultResult(fault, incidents.size(), rankOf(fault.service(), suspects), suspects.subList(0, Math.min(DEPTH, suspects.size())), seconds);
  }

  /** The last ranking responders saw before the incident resolved or {@code until}; the first if none. */
  private static Incident lastRanking(List<Incident> snapshots, Instant until) {
    Incident ranking = snapshots.get(0);
    for (Incident snapshot : snapshots) {
      if (snapshot.getStatus() != IncidentStatus.RESOLVED && snapshot.getUpdatedAt().isBefore(until)) {
        ranking = snapshot;
      }
    }
    return ranking;
  }

  /** 1-based rank of the service among the suspects, 0 if absent; a namespace prefix is ignored. */
  static int rankOf(String service, List<String> suspects) {
    for (int i = 0; i < suspects.size(); i++) {
      String suspect = suspects.get(i);
      if (suspect.equals(service) || suspect.endsWith("/" + service)) {
        return i + 1;
      }
    }
    return 0;
  }

  static Summary summarise(List<FaultResult> results) {
    double[] ac = new double[DEPTH];
    for (int k = 1; k <= DEPTH; k++) {
      final int depth = k;
      ac[k - 1] = results.isEmpty() ? 0 : results.stream().filter(r -> r.inTop(depth)).count() / (double) results.size();
    }
    double avg = java.util.Arrays.stream(ac).average().orElse(0);
    int missed = (int) results.stream().filter(r -> !r.found()).count();
    OptionalDouble median = median(results.stream().filter(r -> r.secondsToFirstHypothesis() != null).mapToDouble(FaultResult::secondsToFirstHypothesis).sorted().toArray());
    return new Summary(results.size(), ac, avg, missed, median.isPresent() ? median.getAsDouble() : null);
  }

  private static OptionalDouble median(double[] sorted) {
    if (sorted.length == 0) {
      return OptionalDouble.empty();
    }
    int n = sorted.length;
    return OptionalDouble.of(n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2);
  }
}
