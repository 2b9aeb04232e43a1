package io.causeway.core.policy;

import io.causeway.avro.PolicyVerdict;

/**
 * A policy's verdict on one action and the rule that gave it.
 *
 * @param policy the policy file's name, or {@code default}
 * @param rule the rule's name, or {@code rule N}; {@link ActionPolicy#FALLBACK} when none matched
 * @param index the rule's position among the rules, from 1; 0 for the fallback
 * @param line the line of the file where the rule starts; 0 when unknown
 */
public record Decision(PolicyVerdict verdict, String reason, String policy, String rule, int index, int line) {}
