package org.talkarchive.relevance;

import java.util.List;
import java.util.Set;

/**
 * Mean figures over queries, with binary relevance: success@10 (a relevant talk in the top ten), MRR (the
 * reciprocal rank of the first relevant talk, 0 when none is in the top ten) and nDCG@10 (DCG with gain 1 per
 * relevant talk, discounted by log2(rank + 1), over the ideal DCG of min(10, |relevant|) relevant talks on top).
 */
public record Scores(int queries, double success, double mrr, double ndcg) {

    static final int K = 10;

    /** One query's figures, as a {@code Scores} of one query. */
    static Scores of(List<Long> ranked, Set<Long> relevant) {
        double dcg = 0;
        double reciprocal = 0;
        for (int i = 0; i < Math.min(K, ranked.size()); i++) {
            if (relevant.contains(ranked.get(i))) {
                dcg += 1 / log2(i + 2);
                if (reciprocal == 0) {
                    reciprocal = 1.0 / (i + 1);
                }
            }
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(K, relevant.size()); i++) {
            ideal += 1 / log2(i + 2);
        }
        return new Scores(1, reciprocal > 0 ? 1 : 0, reciprocal, ideal == 0 ? 0 : dcg / ideal);
    }

    static Scores mean(List<Scores> each) {
        int n = each.size();
        return new Scores(n,
                each.stream().mapToDouble(Scores::success).sum() / n,
                each.stream().mapToDouble(Scores::mrr).sum() / n,
                each.stream().mapToDouble(Scores::ndcg).sum() / n);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
