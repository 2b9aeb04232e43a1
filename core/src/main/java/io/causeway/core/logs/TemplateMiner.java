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
  private static final int MAX_REDIRECT_HOPS = 16;

  private final String service;
  private final MinerSettings settings;
  /** Leaf key ({@code length + '\u0001' + first token}) to its templates. */
  private final Map<String, List<Cluster>> leaves = new HashMap<>();
  /** First-token branches per message length. */
  private final Map<Integer, Set<String>> branches = new HashMap<>();
  private final Map<String, Cluster> byId = new HashMap<>();
  /**
   * Ids of templates merged into another, to that one (see {@link #template}); at most {@code
   * maxTemplates} entries. Created on the first merge: a miner restored from older state has none.
   */
  private Map<String, String> mergedInto;
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
    boolean merged = false;
    if (best == null) {
      best = wildcardLeafMatch(tokens, key);
    }
    if (best == null && settings.distinctWordsSplit() && settings.wordValues() > 0) {
      best = mergeWordSiblings(tokens);
      merged = best != null;
    }
    if (best != null) {
      if (candidates.isEmpty()) { // the line's own branch holds nothing: it must not stay
        dropEmptyLeaf(key);
      }
      boolean changed = best.absorb(tokens) || merged;
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
    String key = leafKey(tokens, false);
    List<Cluster> candidates = leaves.get(key);
    Cluster best = candidates == null ? null : bestMatch(candidates, tokens);
    if (best == null) {
      best = wildcardLeafMatch(tokens, key);
    }
    return Optional.ofNullable(best).map(Cluster::snapshot);
  }

  /**
   * The template of an id: the template itself, or the one it was merged into (a position of its
   * words became a variable), while that is remembered; empty once evicted.
   */
  public Optional<LogTemplate> template(String id) {
    Cluster found = byId.get(id);
    for (int hops = 0; found == null && mergedInto != null && mergedInto.containsKey(id) && hops < MAX_REDIRECT_HOPS; hops++) {
      id = mergedInto.get(id);
      found = byId.get(id);
    }
    return Optional.ofNullable(found).map(Cluster::snapshot);
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

  /** Merged templates whose ids are still redirected (for bounds checks). */
  int mergedCount() {
    return mergedInto == null ? 0 : mergedInto.size();
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

  /**
   * A line whose own first-token branch holds no match may belong to a template whose first word
   * was found to be a value ({@code <*> startup succeeded}, see {@link #mergeWordSiblings}), kept
   * in the length's wildcard branch. Only those: other templates there began with a variable.
   */
  private Cluster wildcardLeafMatch(String[] tokens, String key) {
    String wildcardKey = tokens.length + "\u0001" + WILDCARD;
    List<Cluster> wildcard = key.equals(wildcardKey) || !Cluster.isPlainWord(tokens[0]) ? null : leaves.get(wildcardKey);
    if (wildcard == null) {
      return null;
    }
    return bestMatch(wildcard.stream().filter(c -> c.firstWordVaries).toList(), tokens);
  }

  /**
   * When this line and at least {@code wordValues - 1} templates of its length differ only in the
   * plain word at one position, that position holds a value, not an event: the templates become
   * the most frequent of them, with a variable there, and the line joins it. Null if none.
   */
  private Cluster mergeWordSiblings(String[] tokens) {
    Map<Integer, List<Cluster>> byPosition = new HashMap<>();
    for (Cluster c : clustersOfLength(tokens.length)) {
      int position = c.onlyDifferingWord(tokens);
      if (position >= 0) {
        byPosition.computeIfAbsent(position, p -> new ArrayList<>()).add(c);
      }
    }
    for (Map.Entry<Integer, List<Cluster>> entry : byPosition.entrySet()) {
      List<Cluster> siblings = entry.getValue();
      if (siblings.size() + 1 >= settings.wordValues()) {
        return merge(siblings, entry.getKey());
      }
    }
    return null;
  }

  private List<Cluster> clustersOfLength(int length) {
    Set<String> firsts = branches.get(length);
    if (firsts == null) {
      return List.of();
    }
    List<Cluster> all = new ArrayList<>();
    for (String first : firsts) {
      all.addAll(leaves.getOrDefault(length + "\u0001" + first, List.of()));
    }
    return all;
  }

  /** The most frequent sibling survives, with a variable at {@code position}; the others join it. */
  private Cluster merge(List<Cluster> siblings, int position) {
    Cluster survivor = siblings.get(0);
    for (Cluster c : siblings) {
      if (c.count > survivor.count || c.count == survivor.count && c.id.compareTo(survivor.id) < 0) {
        survivor = c;
      }
    }
    for (Cluster c : siblings) {
      if (c != survivor) {
        detach(c);
        survivor.count += c.count;
        survivor.lastSeen = Math.max(survivor.lastSeen, c.lastSeen);
        rememberMerge(c.id, survivor.id);
      }
    }
    survivor.tokens[position] = WILDCARD;
    survivor.retext();
    if (position == 0) { // a first word that varies: the template moves to its length's wildcard branch
      survivor.firstWordVaries = true;
      detach(survivor);
      survivor.leafKey = survivor.tokens.length + "\u0001" + WILDCARD;
      attach(survivor);
    }
    return survivor;
  }

  /** Bounded: beyond {@code maxTemplates} entries, the ones whose template is gone are dropped, else all. */
  private void rememberMerge(String from, String into) {
    if (mergedInto == null) {
      mergedInto = new HashMap<>();
    }
    mergedInto.put(from, into);
    if (mergedInto.size() > settings.maxTemplates()) {
      mergedInto.values().removeIf(target -> !byId.containsKey(target));
      if (mergedInto.size() > settings.maxTemplates()) {
        mergedInto.clear();
      }
    }
  }

  private void attach(Cluster c) {
    leaves.computeIfAbsent(c.leafKey, k -> new ArrayList<>(2)).add(c);
    int sep = c.leafKey.indexOf('\u0001');
    branches.computeIfAbsent(Integer.valueOf(c.leafKey.substring(0, sep)), n -> new HashSet<>()).add(c.leafKey.substring(sep + 1));
    byId.put(c.id, c);
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
    detach(victim);
  }

  /** Removes a template from the tree; its branch goes when it held nothing else. */
  private void detach(Cluster c) {
    byId.remove(c.id);
    List<Cluster> leaf = leaves.get(c.leafKey);
    leaf.remove(c);
    if (leaf.isEmpty()) {
      dropEmptyLeaf(c.leafKey);
    }
  }

  private void dropEmptyLeaf(String key) {
    leaves.remove(key);
    int sep = key.indexOf('\u0001');
    Integer length = Integer.valueOf(key.substring(0, sep));
    Set<String> firsts = branches.get(length);
    if (firsts != null) {
      firsts.remove(key.substring(sep + 1));
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
    /** Constant tokens a template needs besides a word for that word to be judged a value. */
    static final int CONTEXT_TOKENS = 2;

    private final String id;
    private String leafKey;
    /** Whether its first word was found to be a value (by a merge of siblings). */
    private boolean firstWordVaries;
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
        retext();
      }
      return changed;
    }

    void retext() {
      text = Templates.normalize(String.join(" ", tokens));
    }

    /**
     * The one position where this template and the line hold different plain words while every
     * other position fits (equal, or a variable here) and at least {@link #CONTEXT_TOKENS} of them
     * are constant, else -1. Without that context the word is the message ({@code isScreenOn
     * <*>}, {@code onStandStepChanged <*>}): an event, not a value.
     */
    int onlyDifferingWord(String[] line) {
      int position = -1;
      int constant = 0;
      for (int i = 0; i < tokens.length; i++) {
        String t = tokens[i];
        if (t.equals(line[i]) || t.equals(WILDCARD)) {
          constant += t.contains(WILDCARD) ? 0 : 1;
          continue;
        }
        if (position >= 0 || !isPlainWord(t) || !isPlainWord(line[i])) {
          return -1;
        }
        position = i;
      }
      return constant >= CONTEXT_TOKENS ? position : -1;
    }

    LogTemplate snapshot() {
      return new LogTemplate(id, text, count);
    }
  }
}
