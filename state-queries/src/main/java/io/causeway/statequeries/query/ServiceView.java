package io.causeway.statequeries.query;

import io.causeway.avro.Anomaly;
import io.causeway.avro.ChangeEvent;
import io.causeway.statequeries.views.EdgeView;
import io.causeway.statequeries.views.ServiceFigures;
import java.util.List;

/**
 * One service: what it calls, who calls it, its RED figures from its inbound edges, its open
 * anomalies (reported within the open window) and its recent changes, newest first.
 */
public record ServiceView(
    String name,
    ServiceFigures red,
    List<EdgeView> dependencies,
    List<EdgeView> dependents,
    List<Anomaly> openAnomalies,
    List<ChangeEvent> recentChanges) {}
