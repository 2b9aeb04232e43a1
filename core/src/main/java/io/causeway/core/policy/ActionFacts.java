package io.causeway.core.policy;

import io.causeway.avro.ActionType;
import java.time.Instant;

/**
 * What a policy judges of one suggested action: what it does, to which service, what it would
 * touch (its blast radius), and when — the incident's event time, so a replay is judged as live.
 *
 * @param dependents services whose calls the action disrupts
 * @param dependencies services that get more load from it
 * @param entryTrafficShare share of entry traffic, in [0,1], that reaches what it touches
 */
public record ActionFacts(
    ActionType type, String service, int dependents, int dependencies, double entryTrafficShare, Instant at) {}
