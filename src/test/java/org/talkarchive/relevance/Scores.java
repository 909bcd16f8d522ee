package org.talkarchive.relevance;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Mean figures over queries, with binary relevance: success@10 (a relevant talk in the top ten), MRR (the
 * reciprocal rank of the first relevant talk, 0 when none is in the top ten) and nDCG@10 (DCG with gain 1 per
 * relevant talk, discounted by log2(rank + 1), over the ideal DCG of min(10, |relevant|) relevant talks on top).
 *
 * <p>nDCG@10 comes two ways. {@code ndcg} counts talks: the recordings of one talk (the same duplicate key: one
 * talk uploaded under two events, or twice) are one talk, which gains once, at the first rank where any of its
 * recordings is shown, and the ideal counts distinct relevant talks. That is how the site shows them (one result,
 * the other recordings named under it), so a search that lists a talk's second recording as a result of its own
 * spends a place on it. {@code ndcgRecordings} counts every recording as a relevant item of its own, as a list of
 * uploads would be judged; a search that shows each talk once then cannot reach 1 when a talk was recorded twice.
 */
public record Scores(int queries, double success, double mrr, double ndcg, double ndcgRecordings) {

    static final int K = 10;

    /** One query's figures, every recording its own talk. */
    static Scores of(List<Long> ranked, Set<Long> relevant) {
        return of(ranked, relevant, String::valueOf);
    }

    /** One query's figures, as a {@code Scores} of one query; {@code talkOf} names the talk a recording is of. */
    static Scores of(List<Long> ranked, Set<Long> relevant, Function<Long, String> talkOf) {
        double reciprocal = 0;
        for (int i = 0; i < Math.min(K, ranked.size()); i++) {
            if (relevant.contains(ranked.get(i))) {
                reciprocal = 1.0 / (i + 1);
                break;
            }
        }
        Set<String> relevantTalks = new HashSet<>();
        relevant.forEach(id -> relevantTalks.add(talkOf.apply(id)));
        Set<String> shown = new HashSet<>();
        double talkDcg = 0;
        double recordingDcg = 0;
        for (int i = 0; i < Math.min(K, ranked.size()); i++) {
            String talk = talkOf.apply(ranked.get(i));
            if (relevant.contains(ranked.get(i))) {
                recordingDcg += 1 / log2(i + 2);
            }
            if (relevantTalks.contains(talk) && shown.add(talk)) {
                talkDcg += 1 / log2(i + 2);
            }
        }
        return new Scores(1, reciprocal > 0 ? 1 : 0, reciprocal, talkDcg / ideal(relevantTalks.size()),
                recordingDcg / ideal(relevant.size()));
    }

    private static double ideal(int relevant) {
        double ideal = 0;
        for (int i = 0; i < Math.min(K, relevant); i++) {
            ideal += 1 / log2(i + 2);
        }
        return ideal == 0 ? 1 : ideal; // no relevant talk: the DCG is 0 too
    }

    static Scores mean(List<Scores> each) {
        int n = each.size();
        return new Scores(n,
                each.stream().mapToDouble(Scores::success).sum() / n,
                each.stream().mapToDouble(Scores::mrr).sum() / n,
                each.stream().mapToDouble(Scores::ndcg).sum() / n,
                each.stream().mapToDouble(Scores::ndcgRecordings).sum() / n);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
