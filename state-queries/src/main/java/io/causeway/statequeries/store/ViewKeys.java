package io.causeway.statequeries.store;

import java.time.Instant;

/** The key layout of each view (see {@link View}); writers and readers share it. */
public final class ViewKeys {

  /** Incident listing groups: OPEN and UPDATED incidents are open, RESOLVED ones are not. */
  public static final byte OPEN_GROUP = 'O';
  public static final byte RESOLVED_GROUP = 'R';

  /** The offset of the graph base time in {@link View#META}. */
  public static final byte[] GRAPH_BASE_TIME = Keys.builder().text("graph.base-time").build();

  private ViewKeys() {}

  public static String edgeId(CharSequence caller, CharSequence callee) {
    return caller + "->" + callee;
  }

  public static byte[] edge(String edgeId) {
    return Keys.builder().text(edgeId).build();
  }

  public static byte[] delta(Instant time, String edgeId) {
    return Keys.builder().time(time).text(edgeId).build();
  }

  public static byte[] deltasFrom(Instant time) {
    return Keys.builder().time(time).build();
  }

  public static byte[] anomaly(String service, Instant onset, String id) {
    return Keys.builder().text(service).time(onset).text(id).build();
  }

  public static byte[] service(String service) {
    return Keys.builder().text(service).build();
  }

  public static byte[] serviceFrom(String service, Instant time) {
    return Keys.builder().text(service).time(time).build();
  }

  public static byte[] change(String service, Instant time, String id) {
    return Keys.builder().text(service).time(time).text(id).build();
  }

  public static byte[] incident(String id) {
    return Keys.builder().text(id).build();
  }

  public static byte[] incidentVersion(String id, int version) {
    return Keys.builder().text(id).number(version).build();
  }

  public static byte[] incidentIndex(byte group, Instant openedAt, String id) {
    // Newest first: the time is inverted.
    return Keys.builder().tag(group).number(Long.MAX_VALUE - openedAt.toEpochMilli()).text(id).build();
  }

  public static byte[] incidentGroup(byte group) {
    return new byte[] {group};
  }

  /** Derived from content, so the same verdict read twice is stored once. */
  public static byte[] feedback(String incidentId, Instant time, String service, String verdict, String author) {
    return Keys.builder().text(incidentId).time(time).text(service + "|" + verdict + "|" + author).build();
  }

  public static byte[] memory(String fingerprint) {
    return Keys.builder().text(fingerprint).build();
  }

  public static byte[] ack(String incidentId, Instant time, String by) {
    return Keys.builder().text(incidentId).time(time).text(by).build();
  }

  public static byte[] silence(String id) {
    return Keys.builder().text(id).build();
  }

  public static byte[] offset(String topic, int partition) {
    return Keys.builder().text(topic).number(partition).build();
  }

  public static byte[] longValue(long value) {
    return java.nio.ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  public static long longValue(byte[] bytes) {
    return java.nio.ByteBuffer.wrap(bytes).getLong();
  }
}
