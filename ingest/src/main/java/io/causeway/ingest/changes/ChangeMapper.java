package io.causeway.ingest.changes;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.avro.ChangeEvent;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** Turns one webhook body into change events; an empty list means "understood, nothing to record". */
interface ChangeMapper {

  /**
   * @param header request header lookup by name (case-insensitive), null when absent
   * @param receivedAt the timestamp for changes whose body carries none
   */
  List<ChangeEvent> map(JsonNode body, Function<String, String> header, Instant receivedAt) throws BadChangeRequest;
}
