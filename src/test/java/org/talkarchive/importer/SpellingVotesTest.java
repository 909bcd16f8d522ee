package org.talkarchive.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.talkarchive.text.Names;

class SpellingVotesTest {

    @Test
    void mostFrequentSpellingWins() {
        SpellingVotes votes = new SpellingVotes(Names::slug);
        votes.add("Jake Vanderplas");
        votes.add("Jake VanderPlas");
        votes.add("Jake Vanderplas");
        assertThat(votes.canonical("jake-vanderplas")).isEqualTo("Jake Vanderplas");
        assertThat(votes.aliases("jake-vanderplas")).containsExactly("Jake VanderPlas");
    }

    @Test
    void aSpellingCountedTimesWeighsAsMuchAsTheSameVotesOneByOne() {
        SpellingVotes votes = new SpellingVotes(Names::slug);
        votes.add("Jake VanderPlas", 2);
        votes.add("Jake Vanderplas", 3);
        assertThat(votes.canonical("jake-vanderplas")).isEqualTo("Jake Vanderplas");
        votes.add("Jake VanderPlas", 2);
        assertThat(votes.canonical("jake-vanderplas")).isEqualTo("Jake VanderPlas");
        assertThat(votes.aliases("jake-vanderplas")).containsExactly("Jake Vanderplas");
    }

    @Test
    void decoratedSpellingsVoteForThePersonAndStayAsAliases() {
        SpellingVotes votes = new SpellingVotes(SpeakerNames::key, SpeakerNames::person);
        votes.add("Dr. Greg Wilson");
        votes.add("Dr. Greg Wilson");
        votes.add("Greg Wilson (keynote)");
        votes.add("greg wilson");
        assertThat(votes.keys()).containsExactly("greg-wilson");
        assertThat(votes.canonical("greg-wilson")).isEqualTo("Greg Wilson");
        assertThat(votes.aliases("greg-wilson"))
                .containsExactly("Dr. Greg Wilson", "Greg Wilson (keynote)", "greg wilson");
    }

    @Test
    void onATieMoreCapitalsWin() {
        SpellingVotes votes = new SpellingVotes(Names::tagKey);
        votes.add("pydata");
        votes.add("PyData");
        assertThat(votes.canonical("pydata")).isEqualTo("PyData");
    }

    @Test
    void mixedCaseBeatsShoutingAndLowerCase() {
        SpellingVotes votes = new SpellingVotes(Names::tagKey);
        votes.add("DJANGO");
        votes.add("django");
        votes.add("Django");
        assertThat(votes.canonical("django")).isEqualTo("Django");
        SpellingVotes names = new SpellingVotes(Names::slug);
        names.add("SAMUEL FARRENS");
        names.add("Samuel Farrens");
        assertThat(names.canonical("samuel-farrens")).isEqualTo("Samuel Farrens");
    }

    @Test
    void unknownKeyIsAnError() {
        assertThatThrownBy(() -> new SpellingVotes(Names::slug).canonical("nobody"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
