package io.causeway.launcher;

import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.avro.SuggestedAction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumWriter;

/** Prints incident snapshots for people (suspects in rank order) or scripts (one JSON line). */
final class IncidentPrinter {

  private final PrintWriter out;
  private final boolean json;

  IncidentPrinter(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  void print(Incident incident) {
    out.println(json ? toJson(incident) : toText(incident));
    out.flush();
  }

  static String toText(Incident incident) {
    StringBuilder text = new StringBuilder();
    text.append(String.format("%nINCIDENT %s  %s v%d  %s%n", incident.getId(), incident.getStatus(), incident.getVersion(), incident.getTitle()));
    text.append(String.format("  onset %s, %d anomalous signals%s%n", incident.getOnset(), incident.getSymptoms().size(),
        incident.getNoConfidentCause() ? ", no confident cause" : ""));
    int rank = 1;
    for (Hypothesis h : incident.getHypotheses()) {
      text.append(String.format("  %d. %-24s confidence %.2f  %-10s %s%n", rank++, h.getService(), h.getConfidence(),
          h.getFaultKind(), h.getEvidence().getSummary()));
      if (rank == 2) {
        h.getActions().forEach(action -> text.append(actionLine(action)));
      }
    }
    return text.toString();
  }

  /** The first suspect's actions, each with its verdict and the policy rule that gave it. */
  private static String actionLine(SuggestedAction action) {
    String rule = action.getDecidedBy() == null ? "" : " (" + action.getDecidedBy().getRule() + ")";
    return String.format("       -> %s: %s%s%n", action.getAction(), action.getVerdict(), rule);
  }

  /** The Avro record's own JSON form (hypotheses keep their rank order). */
  static String toJson(Incident incident) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      JsonEncoder encoder = EncoderFactory.get().jsonEncoder(Incident.getClassSchema(), bytes);
      new SpecificDatumWriter<>(Incident.class).write(incident, encoder);
      encoder.flush();
      return bytes.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write incident " + incident.getId() + " as JSON", e);
    }
  }
}
