package org.talkarchive.ui;

/**
 * What a page tells link previews (Open Graph) about itself: its absolute address (from the configured public URL,
 * never the request's Host), a sentence, an image (https only, or none) and its kind ("website", "video.other",
 * "profile").
 */
public record PageMeta(String url, String description, String image, String type) {

    private static final int DESCRIPTION = 200;

    public PageMeta {
        description = shortened(description);
        image = image != null && image.startsWith("https://") ? image : null;
        type = type == null ? "website" : type;
    }

    /** A page with an address and nothing more to say. */
    public static PageMeta of(String url) {
        return new PageMeta(url, null, null, null);
    }

    /** Whitespace folded, cut at a word within {@value #DESCRIPTION} characters; null for none. */
    static String shortened(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String folded = text.replaceAll("\\s+", " ").strip();
        if (folded.length() <= DESCRIPTION) {
            return folded;
        }
        int cut = folded.lastIndexOf(' ', DESCRIPTION - 1);
        return folded.substring(0, cut > DESCRIPTION / 2 ? cut : DESCRIPTION - 1) + "…";
    }
}
