package io.causeway.jobs.detection;

import java.util.List;

/**
 * One trace's log lines in one service, in time order, as template ids (and their texts, for
 * evidence); {@code firstAt} and {@code lastAt} are the first and last line's times.
 */
record LogPath(String service, long firstAt, long lastAt, List<String> templateIds, List<String> templates) {}
