package org.talkarchive.search;

/**
 * When facet counts are estimated instead of counted: on an archive of millions of talks, counting five facets
 * over every talk a broad search matches ("python", or no words at all) is most of the engine's time, and two cores
 * cannot do it in a viewer's patience. Such a search counts a random sample of the talks it matches instead
 * (Elasticsearch's {@code random_sampler}), about {@code sampleSize} of them for a search matching everything, and
 * the page says the counts are estimates. A search matching fewer than {@code sampleSize} talks is counted exactly,
 * as is every search on an archive smaller than twice that (the engine samples with a probability of at most one
 * half). The hits and the number of results are never sampled; a broad search narrowed by a selection ("python"
 * in 2019) keeps estimated counts, as its facets count across the other selections.
 *
 * @param sampleSize {@code TALKS_FACET_SAMPLE}, default {@value #DEFAULT_SAMPLE}; 0 counts every search exactly
 */
public record FacetSampling(int sampleSize) {

    public static final int DEFAULT_SAMPLE = 100_000;
    public static final FacetSampling DEFAULT = new FacetSampling(DEFAULT_SAMPLE);
    public static final FacetSampling EXACT = new FacetSampling(0);
    /** The engine's bound: above one half, it counts every document instead. */
    static final double MAX_PROBABILITY = 0.5;

    public FacetSampling {
        if (sampleSize < 0) {
            throw new IllegalArgumentException("TALKS_FACET_SAMPLE must be 0 or more, not " + sampleSize);
        }
    }

    /**
     * The probability with which a search of an archive of {@code talks} samples what it matches: 1 (every talk
     * counted) unless that leaves about {@link #sampleSize} talks of a search matching all of them.
     */
    public double probability(long talks) {
        if (sampleSize == 0 || talks <= 0) {
            return 1;
        }
        double p = (double) sampleSize / talks;
        return p > MAX_PROBABILITY ? 1 : p;
    }

    /**
     * Whether a sampled search is counted exactly after all: its words (or no words) match fewer talks than a sample
     * holds, so a sample of them says little. What the selections leave does not count here: the facets count
     * across the other facets' selections, so "python" in 2019 counts the years of every talk about python.
     */
    public boolean countExactly(long matched) {
        return matched < sampleSize;
    }

    /**
     * As {@link #countExactly(long)}, for a search sampled with {@code probability} whose sample holds
     * {@code sampled} talks: the talks its words match are about the sample scaled up.
     */
    public boolean countExactly(long sampled, double probability) {
        return countExactly(Math.round(sampled / probability));
    }
}
