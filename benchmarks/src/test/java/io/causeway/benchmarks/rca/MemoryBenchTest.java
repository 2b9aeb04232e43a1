package io.causeway.benchmarks.rca;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.ingest.nezha.NezhaFaults.Fault;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryBenchTest {

  private static final Instant T0 = Instant.parse("2023-01-29T08:43:04Z");

  private static Fault fault(int minutes, String service, String type) {
    return new Fault(T0.plusSeconds(60L * minutes), service + "-pod", service, type);
  }

  @Test
  void aFaultRecursWhenItsServiceAndTypeCameEarlierTheSameDay() {
    List<Fault> faults = List.of(
        fault(0, "ts-contacts-service", "return"),
        fault(9, "ts-contacts-service", "return"),
        fault(18, "ts-contacts-service", "exception"),
        fault(27, "ts-order-service", "return"),
        fault(36, "ts-contacts-service", "exception"));

    assertThat(MemoryBench.recurrences(faults)).containsExactly(false, true, false, false, true);
  }

  @Test
  void aRejectedSuspectDroppedWhenItRanksLowerOrLeavesTheFirstFive() {
    Fault on = fault(0, "ts-contacts-service", "return");
    Fault next = fault(9, "ts-contacts-service", "return");

    assertThat(new MemoryBench.RejectionCase(on, "ts-ui-dashboard", next, 1, 2).dropped()).isTrue();
    assertThat(new MemoryBench.RejectionCase(on, "ts-ui-dashboard", next, 1, 0).dropped()).isTrue();
    assertThat(new MemoryBench.RejectionCase(on, "ts-ui-dashboard", next, 2, 2).dropped()).isFalse();
    assertThat(new MemoryBench.RejectionCase(on, "ts-ui-dashboard", next, 0, 0).dropped()).as("not there to begin with").isFalse();
  }

  @Test
  void figuresCountEachFaultByItsFirstIncidentAndByItsOwnApart() throws Exception {
    List<Fault> faults = List.of(fault(0, "ts-food-service", "return"), fault(9, "ts-food-service", "return"));
    RcaScoring.FaultResult firstRight = new RcaScoring.FaultResult(faults.get(0), 1, 1, List.of("ts-food-service"), 30.0);
    RcaScoring.FaultResult recurrenceMissed = new RcaScoring.FaultResult(faults.get(1), 2, 0, List.of("ts-basic-service"), 5.0);
    RcaScoring.FaultResult recurrenceInItsOwn = new RcaScoring.FaultResult(faults.get(1), 2, 1, List.of("ts-food-service"), 70.0);
    RcaScoring.Outcome outcome = new RcaScoring.Outcome(List.of(firstRight, recurrenceMissed), 0, 0, 2, List.of(),
        List.of(firstRight, recurrenceInItsOwn));
    MemoryBench.DayFigures day = new MemoryBench.DayFigures("d", faults, outcome, outcome, outcome, List.of(), 0, 0, 0, 1);

    var recurrences = new com.fasterxml.jackson.databind.ObjectMapper().readTree(MemoryBench.json(List.of(day)))
        .at("/days/d/recurrences/withConfirmations");

    assertThat(recurrences.get("AC@1").asDouble()).isZero();
    assertThat(recurrences.at("/ownIncident/AC@1").asDouble()).isEqualTo(1.0);
    assertThat(recurrences.get("medianSecondsToFirstHypothesis").asDouble()).isEqualTo(5.0);
  }
}
