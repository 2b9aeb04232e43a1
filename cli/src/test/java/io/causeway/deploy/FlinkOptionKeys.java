package io.causeway.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;

/** The keys (and their older names) of the Flink 2.2 options a Causeway deployment may set. */
final class FlinkOptionKeys {

  private static final List<Class<?>> OPTION_CLASSES = List.of(
      CoreOptions.class, TaskManagerOptions.class, CheckpointingOptions.class, StateBackendOptions.class,
      HighAvailabilityOptions.class, RestartStrategyOptions.class, RocksDBOptions.class, RocksDBConfigurableOptions.class);

  private FlinkOptionKeys() {}

  static Set<String> all() {
    Set<String> keys = new TreeSet<>();
    for (Class<?> options : OPTION_CLASSES) {
      for (Field field : options.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && ConfigOption.class.isAssignableFrom(field.getType())) {
          ConfigOption<?> option = read(field);
          keys.add(option.key());
          for (FallbackKey fallback : option.fallbackKeys()) {
            keys.add(fallback.getKey());
          }
        }
      }
    }
    return keys;
  }

  private static ConfigOption<?> read(Field field) {
    try {
      return (ConfigOption<?>) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(field + " is not readable", e);
    }
  }
}
