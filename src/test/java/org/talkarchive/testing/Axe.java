package org.talkarchive.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.args.AxeRunOnlyOptions;
import com.deque.html.axecore.args.AxeRunOptions;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Deque's axe-core rules on the page as the browser shows it now (its frames included), for the accessibility checks
 * of the browser tests.
 */
public final class Axe {

    private Axe() {
    }

    /** Axe's rules that look at colours: all a change of colour scheme can break when only colours change. */
    public static final List<String> COLOUR_RULES = List.of("color-contrast", "link-in-text-block");

    /**
     * The rules worth running in a colour scheme, after all of them in the light one: in the dark scheme the colour
     * rules alone, since it changes colour variables and nothing else (only app.css has dark rules, and
     * {@code AccessibilityIT.theDarkSchemeChangesOnlyColourVariables} holds that): the other rules would check the
     * same elements in the same places again. Empty (every rule) for the light scheme.
     */
    public static List<String> rulesFor(String scheme) {
        return scheme.equals("dark") ? COLOUR_RULES : List.of();
    }

    /**
     * The violations on the page as it is now, one line each, prefixed by {@code where}. Fails when axe did not run
     * its rules.
     * <p>
     * Axe runs once: on a page without frames in legacy mode, one axe.run in the page. The default mode runs the rules
     * in the page and then again in a blank window it opens (axe injected twice), which took about twice as long
     * with the same results. It is kept for pages with frames (a video player): only it reaches into a frame of
     * another origin; legacy mode reports such a frame as not tested.
     */
    public static List<String> violations(WebDriver browser, String where) {
        return violations(browser, where, List.of());
    }

    /** The violations of the given rules only (none given: every rule), as {@link #violations(WebDriver, String)}. */
    public static List<String> violations(WebDriver browser, String where, List<String> rules) {
        boolean frames = !browser.findElements(By.tagName("iframe")).isEmpty();
        AxeRunOptions options = new AxeRunOptions();
        // Only the violations come back with all their nodes (a pass names its rule with one node, which the check
        // below needs): about a sixth less time per run than building and sending every node that passed
        options.setResultTypes(List.of("violations"));
        if (!rules.isEmpty()) {
            AxeRunOnlyOptions only = new AxeRunOnlyOptions();
            only.setType("rule");
            only.setValues(rules);
            options.setRunOnly(only);
        }
        // One axe.run over a whole page took longer than the library's 30 s script limit at load averages over 20
        Results results = new AxeBuilder().withOptions(options).setLegacyMode(!frames).setTimeout(120).analyze(browser);
        assertThat(results.isErrored()).as(results.getErrorMessage()).isFalse();
        assertThat(results.getPasses()).as("axe ran its rules").isNotEmpty();
        List<String> found = new ArrayList<>();
        results.getViolations().forEach(rule -> rule.getNodes().forEach(node -> found.add(where + ": " + rule.getId()
                + " (" + rule.getImpact() + ") " + node.getHtml() + " " + node.getFailureSummary())));
        return found;
    }
}
