package io.causeway.benchmarks.rca;

import io.causeway.avro.Incident;
import io.causeway.avro.Verdict;
import io.causeway.ingest.nezha.NezhaFaults.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a responder who knows the injected faults says about each incident of a replay, as it is
 * read: the decision only, no I/O (see {@link ResponderDesk} for the wiring). A fault is answered
 * once, on its incident: the first incident that covers it by the scoring's window rule ({@link
 * RcaScoring#covers}); a later incident covering a fault already answered is a duplicate and gets
 * no verdict. With {@link Mode#CONFIRM} the verdict confirms the fault's service; with {@link
 * Mode#REJECT} it rejects the incident's first suspect where that is not the fault's service, and
 * says nothing where it is.
 */
final class LiveResponder {

  enum Mode {
    CONFIRM, REJECT
  }

  /**
   * The responder's answer to a fault's incident: a verdict on the incident about the service,
   * stamped {@code at} (event time); or, where it has nothing to say, none ({@code verdict} null).
   */
  record Decision(int faultIndex, Fault fault, String incidentId, String service, Verdict verdict, Instant at) {
    boolean says() {
      return verdict != null;
    }
  }

  private final List<Fault> faults;
  private final Mode mode;
  private final Duration respondAfter;
  private final Set<Integer> answered = new HashSet<>();
  private final Set<Integer> settled = new HashSet<>();
  private final Set<String> seenIncidents = new HashSet<>();
  private final List<Decision> decisions = new ArrayList<>();

  LiveResponder(List<Fault> faults, Mode mode, Duration respondAfter) {
    this.faults = faults.stream().sorted(Comparator.comparing(Fault::injectedAt)).toList();
    this.mode = mode;
    this.respondAfter = respondAfter;
  }

  /**
   * The answer to this snapshot, if it is the first seen of the first incident covering a fault
   * not yet answered. Its time is the incident's opening plus {@code respondAfter}: how long a
   * responder takes, in the replay's event time, which the job counts verdicts by.
   */
  synchronized Optional<Decision> decide(Incident snapshot) {
    if (!seenIncidents.add(snapshot.getId().toString())) {
      return Optional.empty();
    }
    for (int f = 0; f < faults.size(); f++) {
      Fault fault = faults.get(f);
      if (!answered.contains(f) && RcaScoring.covers(snapshot, fault)) {
        answered.add(f);
        Decision decision = answerOn(f, fault, snapshot);
        if (decision.says()) {
          decisions.add(decision);
        }
        return Optional.of(decision);
      }
    }
    return Optional.empty();
  }

  private Decision answerOn(int index, Fault fault, Incident snapshot) {
    Instant at = snapshot.getOpenedAt().plus(respondAfter);
    String id = snapshot.getId().toString();
    if (mode == Mode.CONFIRM) {
      return new Decision(index, fault, id, fault.service(), Verdict.CONFIRMED, at);
    }
    String top = snapshot.getHypotheses().isEmpty() ? null : snapshot.getHypotheses().get(0).getService().toString();
    boolean wrong = top != null && RcaScoring.rankOf(fault.service(), List.of(top)) != 1;
    return new Decision(index, fault, id, wrong ? top : null, wrong ? Verdict.REJECTED : null, at);
  }

  /** The fault's answer is delivered (stored on the feedback topic, or there was nothing to say): the replay may go on. */
  synchronized void delivered(int faultIndex) {
    settled.add(faultIndex);
    notifyAll();
  }

  /**
   * Waits until every earlier fault of the same service and type as fault {@code faultIndex} has
   * had its incident answered and the answer delivered, or {@code patience} of wall time passes (a fault that gets no incident).
   * Returns whether they all had one.
   */
  synchronized boolean awaitEarlierOccurrences(int faultIndex, Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!earlierOccurrencesSettled(faultIndex)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  private boolean earlierOccurrencesSettled(int faultIndex) {
    for (int earlier = 0; earlier < faultIndex; earlier++) {
      if (MemoryBench.sameFault(faults.get(earlier), faults.get(faultIndex)) && !settled.contains(earlier)) {
        return false;
      }
    }
    return true;
  }

  List<Fault> faults() {
    return faults;
  }

  /** The verdicts given, in the order the incidents were read. */
  synchronized List<Decision> decisions() {
    return List.copyOf(decisions);
  }
}
