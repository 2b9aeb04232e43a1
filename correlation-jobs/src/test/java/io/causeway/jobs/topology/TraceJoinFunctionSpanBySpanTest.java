package io.causeway.jobs.topology;

/** Every trace join test again, on fragments that come without their join worked out upstream. */
class TraceJoinFunctionSpanBySpanTest extends TraceJoinFunctionTest {

  @Override
  boolean joinedUpstream() {
    return false;
  }
}
