package io.causeway.core.policy;

import java.io.Serializable;
import java.time.Instant;

/** A change freeze the policy declares: from (inclusive) until (exclusive). */
record Freeze(String name, Instant from, Instant until) implements Serializable {

  boolean contains(Instant at) {
    return !at.isBefore(from) && at.isBefore(until);
  }
}
