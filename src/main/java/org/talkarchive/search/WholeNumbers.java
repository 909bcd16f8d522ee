package org.talkarchive.search;

/** A whole-number URL parameter within bounds, or a 400 naming it: the search's and the browse pages' alike. */
public final class WholeNumbers {

    private WholeNumbers() {
    }

    /**
     * @param value    the parameter as given, null when absent
     * @param fallback what an absent parameter means
     * @param max      the largest allowed; {@link Integer#MAX_VALUE} for no bound but the type's
     */
    public static int parse(String value, String name, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new InvalidParameterException(name, max == Integer.MAX_VALUE
                        ? "must be " + min + " or more, was " + n
                        : "must be from " + min + " to " + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(name, "must be a whole number, was '" + value + "'");
        }
    }
}
