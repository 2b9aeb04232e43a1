package io.causeway.jobs;

import io.causeway.jobs.otlp.OtlpOptions;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * Every option the jobs read, from the classes that declare them ({@link CausewayOptions},
 * {@link OtlpOptions}), so that the documentation can be checked against the code.
 */
public final class JobOptions {

  private static final List<Class<?>> DECLARING_CLASSES = List.of(CausewayOptions.class, OtlpOptions.class);

  private JobOptions() {}

  /** The declaring classes: no job option is declared anywhere else. */
  public static List<Class<?>> declaringClasses() {
    return DECLARING_CLASSES;
  }

  /** Every public static {@link ConfigOption} of the declaring classes, by key. */
  public static List<ConfigOption<?>> all() {
    List<ConfigOption<?>> options = new ArrayList<>();
    for (Class<?> declaring : DECLARING_CLASSES) {
      for (Field field : declaring.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && ConfigOption.class.isAssignableFrom(field.getType())) {
          options.add(read(field));
        }
      }
    }
    options.sort(Comparator.comparing(ConfigOption::key));
    return options;
  }

  private static ConfigOption<?> read(Field field) {
    try {
      return (ConfigOption<?>) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("option field " + field + " is not readable", e);
    }
  }
}
