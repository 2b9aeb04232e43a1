package io.causeway.core.correlation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** An immutable snapshot of the call graph: caller → callee with calls per second. */
public final class ServiceGraph {

  private final Map<String, Map<String, Double>> callees;
  private final Map<String, Set<String>> callers;

  private ServiceGraph(Map<String, Map<String, Double>> callees) {
    this.callees = callees;
    this.callers = new HashMap<>();
    callees.forEach(
        (caller, out) -> out.keySet().forEach(c -> callers.computeIfAbsent(c, k -> new TreeSet<>()).add(caller)));
  }

  public static Builder builder() {
    return new Builder();
  }

  public Set<String> calleesOf(String service) {
    return callees.getOrDefault(service, Map.of()).keySet();
  }

  public Set<String> callersOf(String service) {
    return Collections.unmodifiableSet(callers.getOrDefault(service, Set.of()));
  }

  /** Every service that calls {@code service}, directly or through others. */
  public Set<String> transitiveCallers(String service) {
    return reach(service, this::callersOf);
  }

  /** Every service {@code service} depends on, directly or through others. */
  public Set<String> transitiveCallees(String service) {
    return reach(service, this::calleesOf);
  }

  public boolean connected(String a, String b) {
    return a.equals(b) || transitiveCallees(a).contains(b) || transitiveCallers(a).contains(b);
  }

  /** The shortest call path from {@code from} down to {@code to}, or empty if none. */
  public List<String> pathDown(String from, String to) {
    Map<String, String> cameFrom = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(from));
    cameFrom.put(from, from);
    while (!queue.isEmpty()) {
      String current = queue.poll();
      if (current.equals(to)) {
        return unwind(cameFrom, from, to);
      }
      for (String next : calleesOf(current)) {
        if (cameFrom.putIfAbsent(next, current) == null) {
          queue.add(next);
        }
      }
    }
    return List.of();
  }

  /**
   * Share of calls leaving entry services (those nobody calls) that go to {@code service} or to a
   * service that depends on it: the part of user traffic an action on it would touch.
   */
  public double entryTrafficShare(String service) {
    return entryTrafficShare(Set.of(service));
  }

  /** Share of calls leaving entry services that go to any of {@code services} or to a service that depends on one. */
  public double entryTrafficShare(Set<String> services) {
    double total = 0;
    double touching = 0;
    Set<String> upstream = new HashSet<>();
    services.forEach(s -> upstream.addAll(transitiveCallers(s)));
    for (String entry : entryServices()) {
      for (Map.Entry<String, Double> out : callees.getOrDefault(entry, Map.of()).entrySet()) {
        total += out.getValue();
        if (services.contains(entry) || services.contains(out.getKey()) || upstream.contains(out.getKey())) {
          touching += out.getValue();
        }
      }
    }
    return total == 0 ? 0.0 : Math.min(1.0, touching / total);
  }

  public Set<String> entryServices() {
    Set<String> entries = new TreeSet<>(callees.keySet());
    entries.removeAll(callers.keySet());
    return entries;
  }

  public int edgeCount() {
    return callees.values().stream().mapToInt(Map::size).sum();
  }

  private static Set<String> reach(String start, java.util.function.Function<String, Set<String>> next) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> queue = new ArrayDeque<>(next.apply(start));
    while (!queue.isEmpty()) {
      String s = queue.poll();
      if (!s.equals(start) && seen.add(s)) {
        queue.addAll(next.apply(s));
      }
    }
    return Collections.unmodifiableSet(seen);
  }

  private static List<String> unwind(Map<String, String> cameFrom, String from, String to) {
    List<String> path = new ArrayList<>();
    for (String at = to; !at.equals(from); at = cameFrom.get(at)) {
      path.add(at);
    }
    path.add(from);
    Collections.reverse(path);
    return path;
  }

  /** Collects edges; the last rate given for an edge wins. */
  public static final class Builder {
    private final Map<String, Map<String, Double>> callees = new TreeMap<>();

    public Builder edge(String caller, String callee, double callsPerSecond) {
      callees.computeIfAbsent(caller, k -> new TreeMap<>()).put(callee, callsPerSecond);
      return this;
    }

    public ServiceGraph build() {
      Map<String, Map<String, Double>> copy = new TreeMap<>();
      callees.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
      return new ServiceGraph(Collections.unmodifiableMap(copy));
    }
  }
}
