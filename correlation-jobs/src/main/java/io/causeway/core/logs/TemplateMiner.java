package io.causeway.core.logs;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Streaming log template miner for one service, in the manner of Drain (He et al., ICWS 2017): a
 * fixed-depth parse tree (message length, then first token) leads to a few candidate templates;
 * a line joins the most similar one if it is similar enough, and the positions where they differ
 * become variables. Unlike Drain it needs no per-system regexes: {@link VariableMasker} masks the
 * usual variables first, and differing tokens are generalised piece by piece ({@code
 * org.apache.<*>}).
 *
 * <p>Bounded: at most {@link MinerSettings#maxTemplates()} templates (the rarest, then the
 * least recently seen, is evicted), at most {@link MinerSettings#maxTokens()} tokens per line,
 * at most {@link MinerSettings#maxChildren()} first-token branches per length; branches exist
 * only while they hold a template. Not thread-safe: one instance per service (keyed state).
 */
public final class TemplateMiner implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final String WILDCARD = VariableMasker.VAR;

  private final String service;
  private final MinerSettings settings;
  /** Leaf key ({@code length + '\u0001' + first token}) to its templates. */
  private final Map<String, List<Cluster>> leaves = new HashMap<>();
  /** First-token branches per message length. */
  private final Map<Integer, Set<String>> branches = new HashMap<>();
  private final Map<String, Cluster> byId = new HashMap<>();
  private long lines;

  public TemplateMiner(String service, MinerSettings settings) {
    this.service = java.util.Objects.requireNonNull(service, "service");
    this.settings = java.util.Objects.requireNonNull(settings, "settings");
  }

  /** Learns from one message and tells which template it belongs to. */
  public TemplateMatch add(String content) {
    lines++;
    String[] tokens = VariableMasker.mask(content == null ? "" : content, settings.maxTokens());
    String key = leafKey(tokens, true);
    List<Cluster> candidates = leaves.computeIfAbsent(key, k -> new ArrayList<>(2));
    Cluster best = bestMatch(candidates, tokens);
    if (best != null) {
      boolean changed = best.absorb(tokens);
      best.count++;
      best.lastSeen = lines;
      return new TemplateMatch(best.snapshot(), false, changed);
    }
    Cluster created = new Cluster(newId(Templates.normalize(String.join(" ", tokens))), key, tokens, lines);
    candidates.add(created);
    byId.put(created.id, created);
    if (byId.size() > settings.maxTemplates()) {
      evictRarest(created);
    }
    return new TemplateMatch(created.snapshot(), true, false);
  }

  /** The template of a message without learning from it, if one matches. */
  public Optional<LogTemplate> match(String content) {
    String[] tokens = VariableMasker.mask(content == null ? "" : content, settings.maxTokens());
    List<Cluster> candidates = leaves.get(leafKey(tokens, false));
    Cluster best = candidates == null ? null : bestMatch(candidates, tokens);
    return Optional.ofNullable(best).map(Cluster::snapshot);
  }

  public Optional<LogTemplate> template(String id) {
    return Optional.ofNullable(byId.get(id)).map(Cluster::snapshot);
  }

  /** All templates, most frequent first. */
  public List<LogTemplate> templates() {
    return byId.values().stream()
        .sorted((a, b) -> a.count != b.count ? Long.compare(b.count, a.count) : a.id.compareTo(b.id))
        .map(Cluster::snapshot)
        .toList();
  }

  public int size() {
    return byId.size();
  }

  /** Parse-tree branches in use (for bounds checks). */
  int branchCount() {
    return branches.values().stream().mapToInt(Set::size).sum();
  }

  private String leafKey(String[] tokens, boolean learning) {
    String first = tokens.length == 0 ? "" : tokens[0];
    if (first.contains(WILDCARD)) {
      first = WILDCARD;
    }
    Set<String> firsts = branches.get(tokens.length);
    if (firsts == null || !firsts.contains(first)) {
      if (firsts != null && firsts.size() >= settings.maxChildren() && !first.equals(WILDCARD)) {
        first = WILDCARD;
      }
      if (learning) {
        branches.computeIfAbsent(tokens.length, n -> new HashSet<>()).add(first);
      }
    }
    return tokens.length + "\u0001" + first;
  }

  private Cluster bestMatch(List<Cluster> candidates, String[] tokens) {
    Cluster best = null;
    double bestSimilarity = -1;
    for (Cluster c : candidates) {
      double similarity = c.similarity(tokens, settings.distinctWordsSplit());
      if (similarity > bestSimilarity) {
        best = c;
        bestSimilarity = similarity;
      }
    }
    return bestSimilarity >= settings.similarity() ? best : null;
  }

  private void evictRarest(Cluster keep) {
    Cluster victim = null;
    for (Cluster c : byId.values()) {
      if (c != keep && (victim == null || c.count < victim.count || c.count == victim.count && c.lastSeen < victim.lastSeen)) {
        victim = c;
      }
    }
    byId.remove(victim.id);
    List<Cluster> leaf = leaves.get(victim.leafKey);
    leaf.remove(victim);
    if (leaf.isEmpty()) {
      leaves.remove(victim.leafKey);
      int sep = victim.leafKey.indexOf('\u0001');
      Integer length = Integer.valueOf(victim.leafKey.substring(0, sep));
      Set<String> firsts = branches.get(length);
      firsts.remove(victim.leafKey.substring(sep + 1));
      if (firsts.isEmpty()) {
        branches.remove(length);
      }
    }
  }

  /**
   * A content-derived id: the hash of the service and the template's first text; should two
   * templates ever start from the same text (one evicted, then seen again), a sequence number
   * tells them apart.
   */
  private String newId(String firstText) {
    String base = "tpl-" + hash(service + "\n" + firstText);
    String id = base;
    for (int n = 2; byId.containsKey(id); n++) {
      id = base + "-" + n;
    }
    return id;
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  /** One template's mutable state. */
  private static final class Cluster implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String id;
    private final String leafKey;
    private final String[] tokens;
    private String text;
    private long count = 1;
    private long lastSeen;

    Cluster(String id, String leafKey, String[] tokens, long seen) {
      this.id = id;
      this.leafKey = leafKey;
      this.tokens = tokens.clone();
      this.text = Templates.normalize(String.join(" ", tokens));
      this.lastSeen = seen;
    }

    /**
     * Share of the line's tokens that fit this template (equal, or a variable position); a line
     * whose plain word differs from the template's plain word at some position does not fit at
     * all ({@code VM Paused} is not {@code VM Started}): masking has already taken out the
     * variables, so two differing words are two events, not a value. Likewise two source
     * locations ({@code Impl#451}, {@code Impl#457}): the same words logged from two places. But
     * two lines from one source location are one event: the words that differ are its variables.
     */
    double similarity(String[] line, boolean distinctWordsSplit) {
      if (tokens.length == 0) {
        return 1;
      }
      int same = 0;
      for (int i = 0; i < tokens.length; i++) {
        String t = tokens[i];
        String s = line[i];
        if (t.equals(s) || t.equals(WILDCARD)) {
          same++;
        } else if (VariableMasker.isSourceLocation(t) && VariableMasker.isSourceLocation(s)
            || distinctWordsSplit && isPlainWord(t) && isPlainWord(s) && !sameSourceLocation(line)) {
          return 0;
        }
      }
      return (double) same / tokens.length;
    }

    /**
     * Whether the line was logged from the template's source location: then it is the template's
     * event whatever words its variables hold ({@code from shanghai to suzhou}).
     */
    private boolean sameSourceLocation(String[] line) {
      for (int i = 0; i < tokens.length; i++) {
        if (tokens[i].equals(line[i]) && VariableMasker.isSourceLocation(tokens[i])) {
          return true;
        }
      }
      return false;
    }

    /** Letters only, apart from surrounding quotes, brackets and trailing punctuation. */
    static boolean isPlainWord(String token) {
      int from = 0;
      int to = token.length();
      while (from < to && "\"'([{<".indexOf(token.charAt(from)) >= 0) {
        from++;
      }
      while (to > from && "\"')]}>,.:;!?".indexOf(token.charAt(to - 1)) >= 0) {
        to--;
      }
      if (from == to) {
        return false;
      }
      for (int i = from; i < to; i++) {
        if (!Character.isLetter(token.charAt(i))) {
          return false;
        }
      }
      return true;
    }

    boolean absorb(String[] line) {
      boolean changed = false;
      for (int i = 0; i < tokens.length; i++) {
        if (!tokens[i].equals(line[i])) {
          String merged = Templates.merge(tokens[i], line[i]);
          if (!merged.equals(tokens[i])) {
            tokens[i] = merged;
            changed = true;
          }
        }
      }
      if (changed) {
        text = Templates.normalize(String.join(" ", tokens));
      }
      return changed;
    }

    LogTemplate snapshot() {
      return new LogTemplate(id, text, count);
    }
  }
}
