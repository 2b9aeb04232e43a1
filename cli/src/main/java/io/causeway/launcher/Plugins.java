package io.causeway.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Subcommands that other modules add to the launcher without this module depending on them (the
 * benchmarks module adds {@code bench}, for example): each lists picocli command classes, one per
 * line, in a classpath resource {@value #RESOURCE}.
 */
final class Plugins {

  static final String RESOURCE = "META-INF/causeway/commands";

  private Plugins() {}

  static List<Class<?>> commandClasses() {
    return listedClasses(RESOURCE);
  }

  /** The demo companions on the classpath, instantiated. */
  static List<DemoCompanion> demoCompanions() {
    List<DemoCompanion> companions = new ArrayList<>();
    for (Class<?> type : listedClasses(DemoCompanion.RESOURCE)) {
      try {
        companions.add((DemoCompanion) type.getConstructor().newInstance());
      } catch (ReflectiveOperationException | ClassCastException e) {
        throw new IllegalStateException("demo companion " + type.getName() + " cannot be created: " + e, e);
      }
    }
    return companions;
  }

  /**
   * Classes listed in every copy of {@code resource} on the classpath, each once: a module's
   * list can be seen twice when its jar is also inside the shaded job jar.
   */
  private static List<Class<?>> listedClasses(String resource) {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    java.util.Map<String, URL> listedIn = new java.util.HashMap<>();
    try {
      for (URL url : Collections.list(Plugins.class.getClassLoader().getResources(resource))) {
        for (String name : lines(url)) {
          names.add(name);
          listedIn.putIfAbsent(name, url);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    List<Class<?>> classes = new ArrayList<>();
    for (String name : names) {
      classes.add(load(name, listedIn.get(name)));
    }
    return classes;
  }

  /** The command's own command line, with the subcommands it hosts. */
  static picocli.CommandLine commandLine(Class<?> command) {
    picocli.CommandLine line = new picocli.CommandLine(command);
    if (line.getCommand() instanceof SubcommandHost host) {
      host.addSubcommands(line);
    }
    return line;
  }

  private static List<String> lines(URL url) throws IOException {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
      return reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
  }

  private static Class<?> load(String name, URL listedIn) {
    try {
      return Class.forName(name, false, Plugins.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("launcher command " + name + " listed in " + listedIn + " is not on the classpath", e);
    }
  }
}
