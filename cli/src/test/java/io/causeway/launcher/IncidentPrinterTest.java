package io.causeway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.ActionBlastRadius;
import io.causeway.avro.ActionType;
import io.causeway.avro.BlastRadius;
import io.causeway.avro.Evidence;
import io.causeway.avro.FaultKind;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentStatus;
import io.causeway.avro.PolicyRuleRef;
import io.causeway.avro.PolicyVerdict;
import io.causeway.avro.SuggestedAction;
import java.time.Instant;
import java.util.List;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

class IncidentPrinterTest {

  private static final Instant ONSET = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void jsonIsOneLineOfTheAvroJsonFormThatReadsBackToTheSameIncident() throws Exception {
    Incident incident = incident();

    String json = IncidentPrinter.toJson(incident);

    assertThat(json).doesNotContain("\n");
    Incident back =
        new SpecificDatumReader<>(Incident.class)
            .read(null, DecoderFactory.get().jsonDecoder(Incident.getClassSchema(), json));
    assertThat(back).isEqualTo(incident);
    assertThat(json.indexOf("\"service\":\"productcatalogservice\"")).isLessThan(json.indexOf("\"service\":\"frontend\""));
  }

  @Test
  void textListsSuspectsInRankOrderWithConfidenceAndEvidence() {
    String text = IncidentPrinter.toText(incident());

    assertThat(text).contains("inc-1", "OPEN v1");
    assertThat(text.indexOf("1. productcatalogservice")).isLessThan(text.indexOf("2. frontend"));
    assertThat(text).contains("confidence 0.70").contains("p90 412 ms vs 8 ms");
  }

  @Test
  void textShowsTheFirstSuspectsActionsWithTheirVerdictsAndDecidingRules() {
    String text = IncidentPrinter.toText(incident());

    assertThat(text.lines().filter(line -> line.contains("->")).toList()).containsExactly(
        "       -> restart productcatalogservice one instance at a time: DENIED (no-wide-restarts)");
  }

  private static Incident incident() {
    return Incident.newBuilder()
        .setId("inc-1")
        .setStatus(IncidentStatus.OPEN)
        .setVersion(1)
        .setOnset(ONSET)
        .setOpenedAt(ONSET.plusSeconds(30))
        .setUpdatedAt(ONSET.plusSeconds(30))
        .setTitle("latency in productcatalogservice")
        .setSymptoms(List.of())
        .setHypotheses(List.of(hypothesis("productcatalogservice", 0.7, "p90 412 ms vs 8 ms"), hypothesis("frontend", 0.1, "caller")))
        .build();
  }

  private static Hypothesis hypothesis(String service, double confidence, String summary) {
    return Hypothesis.newBuilder()
        .setService(service)
        .setFaultKind(FaultKind.LATENCY)
        .setConfidence(confidence)
        .setScore(confidence * 10)
        .setEvidence(Evidence.newBuilder().setSummary(summary).build())
        .setBlastRadius(BlastRadius.newBuilder().build())
        .setActions(List.of(restart(service)))
        .build();
  }

  private static SuggestedAction restart(String service) {
    return SuggestedAction.newBuilder()
        .setAction("restart " + service + " one instance at a time")
        .setType(ActionType.RESTART)
        .setVerdict(PolicyVerdict.DENIED)
        .setReason("wide")
        .setBlastRadius(ActionBlastRadius.newBuilder().setDependents(List.of("frontend")).setEntryTrafficShare(0.48).build())
        .setDecidedBy(PolicyRuleRef.newBuilder().setPolicy("policy.yaml").setRule("no-wide-restarts").setIndex(2).setLine(7).build())
        .build();
  }
}
