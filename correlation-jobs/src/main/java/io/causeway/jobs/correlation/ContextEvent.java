package io.causeway.jobs.correlation;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.Feedback;
import io.causeway.avro.GraphDelta;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * One record of the correlation job's context input, the side beside anomalies: a graph edge, a
 * change event, a responder's feedback or a change of the graph's structure; exactly one is set. A POJO whose fields Flink
 * serialises with Avro ({@link #TYPE}).
 */
public final class ContextEvent {

  public static final TypeInformation<ContextEvent> TYPE = Types.POJO(ContextEvent.class, Map.of(
      "edge", new AvroTypeInfo<>(DependencyEdge.class),
      "change", new AvroTypeInfo<>(ChangeEvent.class),
      "feedback", new AvroTypeInfo<>(Feedback.class),
      "delta", new AvroTypeInfo<>(GraphDelta.class)));

  private DependencyEdge edge;
  private ChangeEvent change;
  private Feedback feedback;
  private GraphDelta delta;

  public ContextEvent() {}

  public static ContextEvent of(GraphDelta delta) {
    ContextEvent event = new ContextEvent();
    event.delta = delta;
    return event;
  }

  public static ContextEvent of(DependencyEdge edge) {
    ContextEvent event = new ContextEvent();
    event.edge = edge;
    return event;
  }

  public static ContextEvent of(ChangeEvent change) {
    ContextEvent event = new ContextEvent();
    event.change = change;
    return event;
  }

  public static ContextEvent of(Feedback feedback) {
    ContextEvent event = new ContextEvent();
    event.feedback = feedback;
    return event;
  }

  public DependencyEdge getEdge() {
    return edge;
  }

  public void setEdge(DependencyEdge edge) {
    this.edge = edge;
  }

  public ChangeEvent getChange() {
    return change;
  }

  public void setChange(ChangeEvent change) {
    this.change = change;
  }

  public Feedback getFeedback() {
    return feedback;
  }

  public void setFeedback(Feedback feedback) {
    this.feedback = feedback;
  }

  public GraphDelta getDelta() {
    return delta;
  }

  public void setDelta(GraphDelta delta) {
    this.delta = delta;
  }
}
