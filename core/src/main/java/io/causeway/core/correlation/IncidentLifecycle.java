package io.causeway.core.correlation;

import io.causeway.avro.Anomaly;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentStatus;
import io.causeway.core.detection.SignalCatalog;
import io.causeway.core.policy.ActionPolicy;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When anomalies make, join, announce and resolve an incident.
 *
 * <ul>
 *   <li>An anomaly joins the open incident when it comes within {@code groupWindow} of the
 *       incident's last activity, it began within {@code groupWindow} of the incident's onset (before
 *       or after), and its service can belong to the same fault as a service already in it (see
 *       {@link #sameFault}); otherwise it starts a new incident. The onset rule keeps one fault's symptoms, which begin
 *       within minutes of each other, apart from a later fault's and from conditions that were
 *       there long before: without it, a long-lived incident kept open by persisting symptoms
 *       would swallow every later one.
 *   <li>A new incident is announced (OPEN) {@code settle} after its first anomaly, so that the
 *       symptoms of one fault, which surface over a few windows, give one ranked incident rather
 *       than a first guess at the loudest service.
 *   <li>After that, a snapshot (UPDATED) goes out only when the ranking changes.
 *   <li>It resolves after {@code quietPeriod} with no anomaly activity (detectors re-report
 *       persisting anomalies, so a fault that goes on keeps its incident open).
 * </ul>
 */
public final class IncidentLifecycle implements Serializable {

  private static final long serialVersionUID = 1L;
  /**
   * Below this, a log-path shift supports an incident but opens none. One minute's shift at the
   * detector's threshold (8) is real but common: on the Nezha day, recurring bursts of a few
   * requests (8-14) opened most incidents that covered no fault, while the faulty services'
   * own shifts scored 15-54.
   */
  public static final double DEFAULT_PATH_SHIFT_OPENS_AT = 12.0;

  private final Duration groupWindow;
  private final Duration settle;
  private final Duration quietPeriod;
  private final RankingSettings rankingSettings;
  private final double pathShiftOpensAt;
  private final ActionGuard guard;

  public IncidentLifecycle(Duration groupWindow, Duration settle, Duration quietPeriod, RankingSettings rankingSettings) {
    this(groupWindow, settle, quietPeriod, rankingSettings, DEFAULT_PATH_SHIFT_OPENS_AT);
  }

  public IncidentLifecycle(Duration groupWindow, Duration settle, Duration quietPeriod, RankingSettings rankingSettings, double pathShiftOpensAt) {
    this(groupWindow, settle, quietPeriod, rankingSettings, pathShiftOpensAt, ActionPolicy.defaults());
  }

  /** @param policy judges every suggested action of every snapshot, at the snapshot's event time */
  public IncidentLifecycle(
      Duration groupWindow, Duration settle, Duration quietPeriod, RankingSettings rankingSettings, double pathShiftOpensAt, ActionPolicy policy) {
    this.groupWindow = groupWindow;
    this.settle = settle;
    this.quietPeriod = quietPeriod;
    this.rankingSettings = rankingSettings;
    this.pathShiftOpensAt = pathShiftOpensAt;
    this.guard = new ActionGuard(policy);
  }

  public RankingSettings rankingSettings() {
    return rankingSettings;
  }

  /**
   * Whether the anomaly may open an incident of its own: not a supporting signal (see {@link
   * SignalCatalog#opensIncidents}), and not a log-path shift weaker than {@code pathShiftOpensAt}.
   */
  public boolean opensIncident(Anomaly anomaly) {
    String signal = anomaly.getSignal().toString();
    return SignalCatalog.opensIncidents(anomaly.getKind().name(), signal)
        && (!signal.equals(SignalCatalog.LOG_PATH_SHIFT) || anomaly.getScore() >= pathShiftOpensAt);
  }

  public boolean joins(OpenIncident incident, Collection<Anomaly> members, Anomaly anomaly, ServiceGraph graph) {
    if (incident == null) {
      return false;
    }
    long detected = anomaly.getDetectedAt().toEpochMilli();
    if (detected > incident.getLastActivityMillis() + groupWindow.toMillis()) {
      return false;
    }
    if (Math.abs(anomaly.getOnset().toEpochMilli() - incident.getOnsetMillis()) > groupWindow.toMillis()) {
      return false;
    }
    Set<String> services = members.stream().map(Anomaly::getService).collect(Collectors.toSet());
    return services.isEmpty()
        || services.stream().anyMatch(m -> sameFault(m, anomaly.getService(), services, graph))
        || slowedCallsOfOneCaller(members, anomaly);
  }

  /**
   * Whether the anomaly and a member are slowed calls of one caller (edges A->B and A->C): the
   * latency may have entered at A, which only the two side by side can show ({@link
   * EdgeAttribution}); apart, B and C are siblings, no relation of each other, and each would
   * open an incident that blames itself for A's fault (a CPU-starved entry service slows its calls
   * to every callee at once).
   */
  private static boolean slowedCallsOfOneCaller(Collection<Anomaly> members, Anomaly anomaly) {
    String caller = EdgeAttribution.callerOfSlowedEdge(anomaly);
    return caller != null && members.stream().anyMatch(m -> caller.equals(EdgeAttribution.callerOfSlowedEdge(m)));
  }

  /**
   * Whether an anomaly on {@code service} can belong to the same fault as the incident's {@code
   * member}: it is the member, or a caller of it (a symptom), or a callee that could explain the
   * member's symptoms — unless an anomalous callee of the member in the incident already does.
   * So two faults at once on unrelated services stay two incidents, even when they share callers.
   */
  private static boolean sameFault(String member, String service, Set<String> services, ServiceGraph graph) {
    if (member.equals(service) || graph.transitiveCallers(member).contains(service)) {
      return true;
    }
    Set<String> callees = graph.transitiveCallees(member);
    return callees.contains(service) && services.stream().noneMatch(other -> !other.equals(member) && callees.contains(other));
  }

  /** A new incident whose id derives from its scope and first anomaly, so replays reuse it. */
  public OpenIncident open(String scope, Anomaly first) {
    return OpenIncident.startedBy(
        incidentId(scope, first.getId()), first.getOnset().toEpochMilli(), first.getDetectedAt().toEpochMilli());
  }

  /**
   * Keeps the incident open, and dates it by its earliest symptom that could have opened it: a
   * supporting signal joins and counts in the ranking but says too little alone to date the fault,
   * and whether it joined at all depends on whether an incident was open when it arrived.
   */
  public void recordActivity(OpenIncident incident, Anomaly anomaly) {
    incident.setLastActivityMillis(Math.max(incident.getLastActivityMillis(), anomaly.getDetectedAt().toEpochMilli()));
    if (opensIncident(anomaly)) {
      incident.setOnsetMillis(Math.min(incident.getOnsetMillis(), anomaly.getOnset().toEpochMilli()));
    }
  }

  public long announceAt(OpenIncident incident) {
    return incident.getFirstDetectedMillis() + settle.toMillis();
  }

  public long resolveAt(OpenIncident incident) {
    return incident.getLastActivityMillis() + quietPeriod.toMillis();
  }

  /**
   * The snapshot to publish now, if any: OPEN when announcing, UPDATED when the ranking changed
   * since the last snapshot, RESOLVED when resolving. Advances the incident's version. A snapshot
   * is never stamped before the one it follows: a late anomaly (a slower detector's, behind event
   * time) changes the ranking when it arrives, not at its own time. Its suggested actions are
   * judged by the policy at the snapshot's time; a verdict that a freeze or an hour would change
   * goes out with the next snapshot, not by itself.
   */
  public Optional<Incident> snapshot(
      OpenIncident incident,
      IncidentStatus status,
      Collection<Anomaly> members,
      ServiceGraph graph,
      Collection<ChangeEvent> changes,
      long nowMillis) {
    return snapshot(incident, status, members, graph, changes, nowMillis, live -> live);
  }

  /** What weighs the live ranking before it is published: incident memory, say. */
  @FunctionalInterface
  public interface Weigher {
    CauseRanker.Ranking weigh(CauseRanker.Ranking live);
  }

  /** As {@link #snapshot(OpenIncident, IncidentStatus, Collection, ServiceGraph, Collection, long)}, the ranking weighed first. */
  public Optional<Incident> snapshot(
      OpenIncident incident,
      IncidentStatus status,
      Collection<Anomaly> members,
      ServiceGraph graph,
      Collection<ChangeEvent> changes,
      long nowMillis,
      Weigher weigher) {
    CauseRanker.Ranking ranking = weigher.weigh(new CauseRanker(rankingSettings).rank(members, graph, changes));
    String key = rankingKey(ranking);
    if (status == IncidentStatus.UPDATED && key.equals(incident.getRankingKey())) {
      return Optional.empty();
    }
    long at = Math.max(nowMillis, incident.getUpdatedAtMillis());
    incident.setRankingKey(key);
    incident.setVersion(incident.getVersion() + 1);
    incident.setUpdatedAtMillis(at);
    if (!incident.isAnnounced()) {
      incident.setAnnounced(true);
      incident.setOpenedAtMillis(at);
    }
    List<Hypothesis> judged = guard.judge(ranking.hypotheses(), graph, Instant.ofEpochMilli(at));
    return Optional.of(toIncident(incident, status, members, new CauseRanker.Ranking(judged, ranking.noConfidentCause()), at));
  }

  private static Incident toIncident(
      OpenIncident incident, IncidentStatus status, Collection<Anomaly> members, CauseRanker.Ranking ranking, long nowMillis) {
    return Incident.newBuilder()
        .setId(incident.getId())
        .setStatus(status)
        .setVersion(incident.getVersion())
        .setOnset(Instant.ofEpochMilli(incident.getOnsetMillis()))
        .setOpenedAt(Instant.ofEpochMilli(incident.getOpenedAtMillis()))
        .setUpdatedAt(Instant.ofEpochMilli(nowMillis))
        .setResolvedAt(status == IncidentStatus.RESOLVED ? Instant.ofEpochMilli(nowMillis) : null)
        .setTitle(title(ranking))
        .setSymptoms(members.stream()
            .sorted(java.util.Comparator.comparing(Anomaly::getOnset).thenComparing(Anomaly::getId))
            .map(CauseRanker::symptom).toList())
        .setNoConfidentCause(ranking.noConfidentCause())
        .setHypotheses(ranking.hypotheses())
        .build();
  }

  private static String title(CauseRanker.Ranking ranking) {
    if (ranking.hypotheses().isEmpty()) {
      return "anomalies with no candidate cause";
    }
    Hypothesis top = ranking.hypotheses().get(0);
    String prefix = ranking.noConfidentCause() ? "no confident cause; likeliest " : "";
    return prefix + top.getFaultKind().name().toLowerCase().replace('_', ' ') + " in " + top.getService();
  }

  private static String rankingKey(CauseRanker.Ranking ranking) {
    return ranking.noConfidentCause() + ":" + String.join(",", ranking.services().subList(0, Math.min(3, ranking.services().size())));
  }

  static String incidentId(String scope, String firstAnomalyId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((scope + "|" + firstAnomalyId).getBytes(StandardCharsets.UTF_8));
      return "inc-" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
