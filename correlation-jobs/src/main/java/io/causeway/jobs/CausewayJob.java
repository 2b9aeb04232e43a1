package io.causeway.jobs;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** One of Causeway's Flink jobs: it only wires its topology onto an environment. */
public interface CausewayJob {

  /** Short stable name: part of operator uids, consumer groups and transactional ids. */
  String name();

  void build(StreamExecutionEnvironment env);
}
