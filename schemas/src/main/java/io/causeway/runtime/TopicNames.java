package io.causeway.runtime;

import io.causeway.schemas.Topic;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The topic name used for each contract topic; defaults from {@link Topic}, each one can be
 * renamed (for example to share a cluster between environments with a prefix).
 */
public final class TopicNames implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  private final EnumMap<Topic, String> names;

  private TopicNames(EnumMap<Topic, String> names) {
    this.names = names;
  }

  public static TopicNames defaults() {
    return withPrefix("");
  }

  /** Every default name with {@code prefix} in front, e.g. {@code "staging."}. */
  public static TopicNames withPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    EnumMap<Topic, String> names = new EnumMap<>(Topic.class);
    for (Topic topic : Topic.values()) {
      names.put(topic, prefix + topic.defaultName());
    }
    return new TopicNames(names);
  }

  public TopicNames rename(Topic topic, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("topic name for " + topic + " must not be blank");
    }
    EnumMap<Topic, String> copy = new EnumMap<>(names);
    copy.put(topic, name);
    return new TopicNames(copy);
  }

  public String of(Topic topic) {
    return names.get(topic);
  }

  public Map<Topic, String> all() {
    return Map.copyOf(names);
  }
}
