package io.causeway.core.memory;

import io.causeway.avro.Anomaly;
import io.causeway.avro.GraphChangeRef;
import io.causeway.avro.Hypothesis;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The shape of an incident, robust to ids, times and scores: weighted features for its anomalous
 * services, their signal kinds, the path from the outermost symptom to the likeliest suspect, and
 * that suspect and its fault kind as the live evidence ranks them, and the edges that appeared or
 * disappeared shortly before its onset. Two incidents compare by
 * weighted Jaccard similarity, so one extra or missing symptom lowers it a little, not to zero.
 */
public final class Fingerprint {

  static final double SERVICE = 1.0;
  static final double SIGNAL_KIND = 0.5;
  static final double PATH_STEP = 0.5;
  static final double SUSPECT = 1.0;
  static final double FAULT_KIND = 0.5;
  static final double GRAPH_CHANGE = 0.5;

  private final Map<String, Double> features;

  private Fingerprint(Map<String, Double> features) {
    this.features = Map.copyOf(features);
  }

  /** From an incident's symptoms and its live ranking (before memory weighed it). */
  public static Fingerprint of(Collection<Anomaly> symptoms, List<Hypothesis> liveRanking) {
    return of(symptoms, liveRanking, List.of());
  }

  /** As {@link #of(Collection, List)}, with the edges that appeared or disappeared before its onset. */
  public static Fingerprint of(Collection<Anomaly> symptoms, List<Hypothesis> liveRanking, List<GraphChangeRef> graphChanges) {
    Map<String, Double> features = new TreeMap<>();
    for (Anomaly symptom : symptoms) {
      features.put("service:" + symptom.getService(), SERVICE);
      features.put("signal:" + symptom.getService() + "/" + symptom.getKind().name().toLowerCase(java.util.Locale.ROOT), SIGNAL_KIND);
    }
    if (!liveRanking.isEmpty()) {
      Hypothesis top = liveRanking.get(0);
      List<String> path = top.getEvidence().getPath();
      for (int i = 1; i < path.size(); i++) {
        features.put("path:" + path.get(i - 1) + ">" + path.get(i), PATH_STEP);
      }
      features.put("suspect:" + top.getService(), SUSPECT);
      features.put("fault:" + top.getFaultKind().name().toLowerCase(java.util.Locale.ROOT), FAULT_KIND);
    }
    for (GraphChangeRef change : graphChanges) {
      features.put("graph:" + change.getChange().toLowerCase(java.util.Locale.ROOT) + ":" + change.getCaller() + ">" + change.getCallee(), GRAPH_CHANGE);
    }
    return new Fingerprint(features);
  }

  public static Fingerprint ofFeatures(Map<String, Double> features) {
    return new Fingerprint(features);
  }

  public Map<String, Double> features() {
    return new TreeMap<>(features);
  }

  /** Weighted Jaccard: the sum of the smaller weights over the sum of the larger, 0 to 1. */
  public double similarity(Fingerprint other) {
    Set<String> keys = new TreeSet<>(features.keySet());
    keys.addAll(other.features.keySet());
    double shared = 0;
    double either = 0;
    for (String key : keys) {
      double a = features.getOrDefault(key, 0.0);
      double b = other.features.getOrDefault(key, 0.0);
      shared += Math.min(a, b);
      either += Math.max(a, b);
    }
    return either == 0 ? 0 : shared / either;
  }

  /** A stable id from the feature names, so the same shape gets the same id on a replay. */
  public String id() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String key : new TreeSet<>(features.keySet())) {
        digest.update(key.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
      }
      return "fp-" + HexFormat.of().formatHex(digest.digest(), 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fingerprint other && features.equals(other.features);
  }

  @Override
  public int hashCode() {
    return features.hashCode();
  }

  @Override
  public String toString() {
    return id() + new TreeMap<>(features);
  }
}
