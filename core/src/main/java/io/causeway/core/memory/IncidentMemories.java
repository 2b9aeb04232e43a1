package io.causeway.core.memory;

import io.causeway.avro.FaultKind;
import io.causeway.avro.Feedback;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.IncidentMemory;
import io.causeway.avro.MemoryFeedback;
import io.causeway.avro.MemoryPrior;
import io.causeway.avro.PriorSource;
import io.causeway.avro.SimilarIncident;
import io.causeway.avro.Verdict;
import io.causeway.core.correlation.CauseRanker;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What past incidents teach the next one. Each fingerprint's {@link IncidentMemory} keeps its
 * shape, its incidents and every verdict responders gave on them; a new incident recalls the
 * fingerprints like it and weighs its live ranking with their verdicts:
 *
 * <ul>
 *   <li>each verdict on a similar past incident adds {@code similarity × decay × confirmWeight} to
 *       the log of its service's factor (a confirmation), or takes {@code rejectWeight} instead (a
 *       rejection); decay halves per {@code halfLife} since the verdict;
 *   <li>the factor, capped to [1/maxPrior, maxPrior], multiplies the service's live score: memory
 *       can reorder close candidates but never a live lead larger than the cap;
 *   <li>the hypothesis carries the factor and every verdict behind it ({@code evidence.memoryPrior}),
 *       and {@code memory} in its basis when memory moved its rank.
 * </ul>
 */
public final class IncidentMemories implements Serializable {

  private static final long serialVersionUID = 1L;
  public static final String BASIS = "memory";

  private final MemorySettings settings;

  public IncidentMemories(MemorySettings settings) {
    this.settings = settings;
  }

  public MemorySettings settings() {
    return settings;
  }

  /** The similar past incidents to show and the priors they give, per service. */
  public record Recall(List<SimilarIncident> similar, Map<String, MemoryPrior> priors) {
    public static Recall nothing() {
      return new Recall(List.of(), Map.of());
    }

    public double factor(String service) {
      MemoryPrior prior = priors.get(service);
      return prior == null ? 1.0 : prior.getFactor();
    }
  }

  private record Match(IncidentMemory memory, double similarity) {}

  /**
   * Recalls the fingerprints like {@code shape} as of {@code nowMillis}: the incident's own
   * verdicts aside, and verdicts given after {@code nowMillis} (event time; a replay reads them
   * early) not yet.
   */
  public Recall recall(String incidentId, Fingerprint shape, Collection<IncidentMemory> memories, long nowMillis) {
    List<Match> matches = new ArrayList<>();
    for (IncidentMemory memory : memories) {
      double similarity = shape.similarity(Fingerprint.ofFeatures(memory.getFeatures()));
      if (similarity >= settings.minSimilarity()) {
        matches.add(new Match(memory, similarity));
      }
    }
    matches.sort(Comparator.comparingDouble(Match::similarity).reversed()
        .thenComparing(m -> m.memory().getLastSeen(), Comparator.reverseOrder()));
    return new Recall(similarIncidents(incidentId, matches, nowMillis), priors(incidentId, matches, nowMillis));
  }

  private List<SimilarIncident> similarIncidents(String incidentId, List<Match> matches, long nowMillis) {
    List<SimilarIncident> similar = new ArrayList<>();
    for (Match match : matches) {
      List<String> ids = new ArrayList<>(match.memory().getIncidentIds());
      java.util.Collections.reverse(ids); // most recent first
      for (String id : ids) {
        if (!id.equals(incidentId) && similar.size() < settings.maxSimilar()) {
          similar.add(similarIncident(id, match, nowMillis));
        }
      }
    }
    return similar;
  }

  /** What responders had said of incident {@code id} by {@code nowMillis}. */
  private static SimilarIncident similarIncident(String id, Match match, long nowMillis) {
    String confirmed = null;
    String note = null;
    LinkedHashSet<String> rejected = new LinkedHashSet<>();
    for (MemoryFeedback verdict : match.memory().getFeedback()) {
      if (!verdict.getIncidentId().equals(id) || verdict.getTime().toEpochMilli() > nowMillis) {
        continue;
      }
      if (isConfirmation(verdict)) {
        confirmed = verdict.getService();
        rejected.remove(confirmed);
      } else {
        rejected.add(verdict.getService());
      }
      if (verdict.getResolutionNote() != null) {
        note = verdict.getResolutionNote();
      }
    }
    return SimilarIncident.newBuilder()
        .setIncidentId(id)
        .setFingerprint(match.memory().getFingerprint())
        .setResolutionNote(note)
        .setSimilarity(round(match.similarity()))
        .setConfirmedCause(confirmed)
        .setRejectedCauses(List.copyOf(rejected))
        .build();
  }

  private Map<String, MemoryPrior> priors(String incidentId, List<Match> matches, long nowMillis) {
    Map<String, List<PriorSource>> sources = new TreeMap<>();
    for (Match match : matches) {
      for (MemoryFeedback verdict : match.memory().getFeedback()) {
        if (!verdict.getIncidentId().equals(incidentId) && verdict.getTime().toEpochMilli() <= nowMillis) {
          sources.computeIfAbsent(verdict.getService(), s -> new ArrayList<>()).add(source(verdict, match, nowMillis));
        }
      }
    }
    Map<String, MemoryPrior> priors = new HashMap<>();
    double cap = Math.log(settings.maxPrior());
    sources.forEach((service, list) -> {
      double logFactor = list.stream().mapToDouble(PriorSource::getWeight).sum();
      double factor = Math.exp(Math.max(-cap, Math.min(cap, logFactor)));
      priors.put(service, MemoryPrior.newBuilder().setFactor(round(factor)).setSources(list).build());
    });
    return priors;
  }

  private PriorSource source(MemoryFeedback verdict, Match match, long nowMillis) {
    double decay = decay(verdict.getTime().toEpochMilli(), nowMillis);
    double sign = isConfirmation(verdict) ? settings.confirmWeight() : -settings.rejectWeight();
    return PriorSource.newBuilder()
        .setIncidentId(verdict.getIncidentId())
        .setFingerprint(match.memory().getFingerprint())
        .setSimilarity(round(match.similarity()))
        .setVerdict(verdict.getVerdict())
        .setAuthor(verdict.getAuthor())
        .setTime(verdict.getTime())
        .setDecay(round(decay))
        .setWeight(round(sign * match.similarity() * decay))
        .build();
  }

  /** 0.5 per half-life since the verdict. */
  double decay(long verdictMillis, long nowMillis) {
    double halfLives = Math.max(0, nowMillis - verdictMillis) / (double) settings.halfLife().toMillis();
    return Math.pow(0.5, halfLives);
  }

  /**
   * The live ranking weighed by the recall: scores times their factors, re-sorted; confidences
   * scaled alike (a share of all scores, as the ranker's); similar incidents on the first
   * hypothesis, and on any other whose service a similar incident's verdict is about.
   */
  public CauseRanker.Ranking weigh(CauseRanker.Ranking live, Recall recall, double minConfidence) {
    if (recall.similar().isEmpty() && recall.priors().isEmpty()) {
      return live;
    }
    List<Hypothesis> hypotheses = live.hypotheses();
    double liveTotal = hypotheses.stream().mapToDouble(Hypothesis::getScore).sum();
    double weighedTotal = hypotheses.stream().mapToDouble(h -> h.getScore() * recall.factor(h.getService())).sum();
    double scale = weighedTotal == 0 ? 1 : liveTotal / weighedTotal;
    List<Hypothesis> weighed = new ArrayList<>(hypotheses);
    weighed.sort(Comparator.comparingDouble((Hypothesis h) -> h.getScore() * recall.factor(h.getService())).reversed()
        .thenComparing(h -> hypotheses.indexOf(h)));
    List<Hypothesis> result = new ArrayList<>();
    for (int rank = 0; rank < weighed.size(); rank++) {
      Hypothesis h = weighed.get(rank);
      boolean moved = hypotheses.indexOf(h) != rank;
      result.add(weighOne(h, recall, scale, moved, rank == 0));
    }
    boolean noConfidentCause = result.isEmpty() || result.get(0).getConfidence() < minConfidence;
    return new CauseRanker.Ranking(result, noConfidentCause);
  }

  private static Hypothesis weighOne(Hypothesis live, Recall recall, double scale, boolean moved, boolean first) {
    double factor = recall.factor(live.getService());
    Hypothesis.Builder weighed = Hypothesis.newBuilder(live)
        .setScore(round(live.getScore() * factor))
        .setConfidence(round(Math.max(0, Math.min(1, live.getConfidence() * factor * scale))));
    if (moved) { // only memory reorders a live ranking here: by this one's factor or another's
      List<String> basis = new ArrayList<>(live.getBasis());
      basis.add(BASIS);
      weighed.setBasis(basis);
    }
    List<SimilarIncident> similar = first ? recall.similar()
        : recall.similar().stream().filter(s -> concerns(s, live.getService())).toList();
    weighed.setEvidence(io.causeway.avro.Evidence.newBuilder(live.getEvidence())
        .setSimilarIncidents(similar)
        .setMemoryPrior(recall.priors().get(live.getService()))
        .build());
    return weighed.build();
  }

  private static boolean concerns(SimilarIncident similar, String service) {
    return service.equals(similar.getConfirmedCause()) || similar.getRejectedCauses().contains(service);
  }

  /** The fingerprint a new incident of this shape joins: the most similar one of at least {@code sameShape}. */
  public Optional<IncidentMemory> closest(Fingerprint shape, Collection<IncidentMemory> memories) {
    return memories.stream()
        .filter(m -> shape.similarity(Fingerprint.ofFeatures(m.getFeatures())) >= settings.sameShape())
        .max(Comparator.comparingDouble((IncidentMemory m) -> shape.similarity(Fingerprint.ofFeatures(m.getFeatures())))
            .thenComparing(IncidentMemory::getLastSeen));
  }

  /**
   * The memory after a snapshot of {@code incidentId}: a new fingerprint when {@code home} is
   * null, else {@code home} with the incident among its own. A fingerprint that holds only this
   * incident follows its shape as it grows; one shared with others keeps the shape they share.
   */
  public IncidentMemory remember(IncidentMemory home, String incidentId, Fingerprint shape, FaultKind faultKind, long nowMillis) {
    if (home == null) {
      return IncidentMemory.newBuilder()
          .setFingerprint(shape.id())
          .setFaultKind(faultKind)
          .setIncidentIds(List.of(incidentId))
          .setOccurrences(1)
          .setLastSeen(Instant.ofEpochMilli(nowMillis))
          .setFeatures(shape.features())
          .setFeedback(List.of())
          .setResolutionNotes(List.of())
          .setRejectedCauses(List.of())
          .build();
    }
    IncidentMemory.Builder memory = IncidentMemory.newBuilder(home)
        .setLastSeen(Instant.ofEpochMilli(Math.max(nowMillis, home.getLastSeen().toEpochMilli())));
    boolean known = home.getIncidentIds().contains(incidentId);
    if (!known) {
      memory.setIncidentIds(lastOf(appended(home.getIncidentIds(), incidentId)));
      memory.setOccurrences(home.getOccurrences() + 1);
    } else if (home.getIncidentIds().size() == 1) {
      memory.setFeatures(shape.features());
      memory.setFaultKind(faultKind);
    }
    return memory.build();
  }

  /** The memory after a responder's verdict on one of its incidents. */
  public IncidentMemory learn(IncidentMemory memory, Feedback feedback) {
    MemoryFeedback verdict = MemoryFeedback.newBuilder()
        .setIncidentId(feedback.getIncidentId())
        .setService(feedback.getService())
        .setVerdict(feedback.getVerdict().name())
        .setResolutionNote(feedback.getResolutionNote())
        .setAuthor(feedback.getAuthor())
        .setTime(feedback.getTime())
        .build();
    List<MemoryFeedback> history = lastOf(appended(memory.getFeedback(), verdict));
    return IncidentMemory.newBuilder(memory)
        .setFeedback(history)
        .setConfirmedCause(latestConfirmed(history).orElse(memory.getConfirmedCause()))
        .setRejectedCauses(history.stream().filter(v -> !isConfirmation(v)).map(MemoryFeedback::getService).distinct().toList())
        .setResolutionNotes(history.stream().map(MemoryFeedback::getResolutionNote).filter(n -> n != null).toList())
        .setLastSeen(Instant.ofEpochMilli(Math.max(memory.getLastSeen().toEpochMilli(), feedback.getTime().toEpochMilli())))
        .build();
  }

  /** Whether the verdict is one memory can use: a service and a verdict of CONFIRMED or REJECTED. */
  public static boolean usable(Feedback feedback) {
    return feedback.getService() != null && !feedback.getService().isBlank()
        && (feedback.getVerdict() == Verdict.CONFIRMED || feedback.getVerdict() == Verdict.REJECTED);
  }

  /** The fingerprint to evict when more than {@code maxFingerprints} are kept: the one seen longest ago. */
  public Optional<String> evictable(Collection<IncidentMemory> memories) {
    if (memories.size() <= settings.maxFingerprints()) {
      return Optional.empty();
    }
    return memories.stream()
        .min(Comparator.comparing(IncidentMemory::getLastSeen).thenComparing(IncidentMemory::getFingerprint))
        .map(IncidentMemory::getFingerprint);
  }

  private static Optional<String> latestConfirmed(List<MemoryFeedback> history) {
    String confirmed = null;
    for (MemoryFeedback verdict : history) {
      if (isConfirmation(verdict)) {
        confirmed = verdict.getService();
      }
    }
    return Optional.ofNullable(confirmed);
  }

  private static boolean isConfirmation(MemoryFeedback verdict) {
    return Verdict.CONFIRMED.name().equals(verdict.getVerdict());
  }

  private static <T> List<T> appended(List<T> list, T item) {
    List<T> result = new ArrayList<>(list);
    result.add(item);
    return result;
  }

  private <T> List<T> lastOf(List<T> list) {
    return List.copyOf(list.subList(Math.max(0, list.size() - settings.maxHistory()), list.size()));
  }

  private static double round(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }
}
