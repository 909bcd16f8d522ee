package org.talkarchive.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the public web site needs from the environment besides {@link ArchiveConfig}: the address viewers use,
 * and which PeerTube instances may be embedded.
 *
 * @param publicUrl     base of absolute links in feeds and downloads ({@code TALKS_PUBLIC_URL}); the request's Host
 *                      header is never used, since anyone can send any Host
 * @param peertubeHosts PeerTube instances whose players may be embedded ({@code TALKS_PEERTUBE_HOSTS}, comma
 *                      separated); the corpus takes pull requests from anyone, so no other host gets an iframe
 * @param trustedProxies reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed
 *                      ({@code TALKS_TRUSTED_PROXIES}); none by default
 * @param concurrentExports how many CSV or JSON downloads run at once ({@code TALKS_CONCURRENT_EXPORTS}, default 2;
 *                      more wait their turn with a 429): each holds a search and a connection for its whole length
 * @param concurrentRequests how many viewers' requests are worked on at once ({@code TALKS_CONCURRENT_REQUESTS},
 *                      default 16); more wait up to {@link #REQUEST_QUEUE_WAIT} for their turn, then get a 503
 */
public record SiteConfig(URI publicUrl, Set<String> peertubeHosts, TrustedProxies trustedProxies,
                         int concurrentExports, int concurrentRequests) {

    public static final int DEFAULT_CONCURRENT_EXPORTS = 2;
    /** About what the engines answer at once without queueing inside (docs/operations.md, load). */
    public static final int DEFAULT_CONCURRENT_REQUESTS = 16;
    /** How long a request beyond them waits for its turn. */
    public static final java.time.Duration REQUEST_QUEUE_WAIT = java.time.Duration.ofSeconds(2);

    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");

    public SiteConfig {
        peertubeHosts = Set.copyOf(peertubeHosts);
        if (concurrentExports < 1 || concurrentExports > 64) {
            throw new IllegalArgumentException("TALKS_CONCURRENT_EXPORTS must be from 1 to 64, not "
                    + concurrentExports);
        }
        if (concurrentRequests < 1 || concurrentRequests > 1024) {
            throw new IllegalArgumentException("TALKS_CONCURRENT_REQUESTS must be from 1 to 1024, not "
                    + concurrentRequests);
        }
    }

    /** No proxies trusted, the default number of exports at once. */
    public SiteConfig(URI publicUrl, Set<String> peertubeHosts) {
        this(publicUrl, peertubeHosts, TrustedProxies.NONE, DEFAULT_CONCURRENT_EXPORTS, DEFAULT_CONCURRENT_REQUESTS);
    }

    /** For a server on this machine only: links point at localhost, no PeerTube instance is trusted. */
    public static SiteConfig local(int port) {
        return new SiteConfig(URI.create("http://localhost:" + port), Set.of());
    }

    public static SiteConfig fromEnvironment(Map<String, String> env, int port) {
        String url = env.getOrDefault("TALKS_PUBLIC_URL", "").trim();
        String hosts = env.getOrDefault("TALKS_PEERTUBE_HOSTS", "").trim();
        return new SiteConfig(url.isEmpty() ? local(port).publicUrl() : publicUrl(url), peertubeHosts(hosts),
                TrustedProxies.parse(env.getOrDefault("TALKS_TRUSTED_PROXIES", "")),
                ArchiveConfig.number(env, "TALKS_CONCURRENT_EXPORTS", DEFAULT_CONCURRENT_EXPORTS),
                ArchiveConfig.number(env, "TALKS_CONCURRENT_REQUESTS", DEFAULT_CONCURRENT_REQUESTS));
    }

    public SiteConfig withTrustedProxies(TrustedProxies proxies) {
        return new SiteConfig(publicUrl, peertubeHosts, proxies, concurrentExports, concurrentRequests);
    }

    public SiteConfig withConcurrentExports(int exports) {
        return new SiteConfig(publicUrl, peertubeHosts, trustedProxies, exports, concurrentRequests);
    }

    public SiteConfig withConcurrentRequests(int requests) {
        return new SiteConfig(publicUrl, peertubeHosts, trustedProxies, concurrentExports, requests);
    }

    /** True when viewers reach the site over https: cookies are Secure and browsers are told to stay on https. */
    public boolean https() {
        return "https".equals(publicUrl.getScheme());
    }

    /** The public URL without a trailing slash, so that {@code base + "/path"} is right. */
    public String base() {
        String s = publicUrl.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Scheme, host and port of the public URL ({@code https://talks.example.org}): where pages come from. */
    public String origin() {
        return publicUrl.getScheme() + "://" + publicUrl.getRawAuthority();
    }

    private static URI publicUrl(String text) {
        try {
            URI uri = new URI(text);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new URISyntaxException(text, "not an http(s) URL without query, fragment or user");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("TALKS_PUBLIC_URL must be an http(s) URL such as"
                    + " https://talks.example.org, not '" + text + "'");
        }
    }

    private static Set<String> peertubeHosts(String text) {
        Set<String> hosts = new java.util.TreeSet<>();
        for (String part : text.split(",")) {
            String host = part.trim().toLowerCase(Locale.ROOT);
            if (host.isEmpty()) {
                continue;
            }
            if (!HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("TALKS_PEERTUBE_HOSTS must list host names separated by commas,"
                        + " such as tube.example.org,video.example.net; '" + host + "' is not one");
            }
            hosts.add(host);
        }
        return hosts;
    }
}
