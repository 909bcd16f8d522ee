package org.talkarchive.talks;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Names found by what was typed, topped up with names like it (typos), for speakers and events alike. */
final class SimilarNames {

    private SimilarNames() {
    }

    /**
     * What was found by the start of a name, then, up to the limit, the rows {@code similarSql} finds for the words
     * (bound as {@code :words}, with {@code :limit}) that were not found already.
     */
    static <T> List<T> topUp(Jdbi readPool, List<T> found, String similarSql, String words, int limit, RowMapper<T> row,
                             Function<T, String> slug) {
        if (found.size() >= limit) {
            return found;
        }
        Set<String> seen = found.stream().map(slug).collect(Collectors.toSet());
        List<T> similar = readPool.withHandle(h -> h.createQuery(similarSql).bind("words", words)
                .bind("limit", limit).map(row).list());
        List<T> all = new ArrayList<>(found);
        similar.stream().filter(t -> !seen.contains(slug.apply(t))).limit(limit - found.size()).forEach(all::add);
        return all;
    }
}
