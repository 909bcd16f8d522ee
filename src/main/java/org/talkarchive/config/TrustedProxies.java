package org.talkarchive.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reverse proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are believed
 * ({@code TALKS_TRUSTED_PROXIES}: addresses or CIDR blocks, comma separated). Anyone can send those headers, so they
 * count only when the connection itself comes from one of these; with none configured they never count, and the
 * client is the socket's peer.
 */
public final class TrustedProxies {

    public static final TrustedProxies NONE = new TrustedProxies(List.of(), "");

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private record Block(byte[] network, int prefix) {
        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Block> blocks;
    private final String text;

    private TrustedProxies(List<Block> blocks, String text) {
        this.blocks = List.copyOf(blocks);
        this.text = text;
    }

    /**
     * Parses {@code TALKS_TRUSTED_PROXIES}: {@code 10.0.0.5, 172.16.0.0/12, ::1}. Only literal addresses: a host name
     * would be looked up in DNS, and could change under the archive's feet.
     */
    public static TrustedProxies parse(String text) {
        List<Block> blocks = new ArrayList<>();
        for (String part : text.split(",")) {
            String entry = part.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            Optional<InetAddress> address = literal(slash < 0 ? entry : entry.substring(0, slash));
            int bits = address.map(a -> a.getAddress().length * 8).orElse(0);
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
            }
            if (address.isEmpty() || prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("TALKS_TRUSTED_PROXIES must list IP addresses or CIDR blocks"
                        + " separated by commas, such as 10.0.0.5,172.16.0.0/12,::1; '" + entry + "' is not one");
            }
            blocks.add(new Block(address.get().getAddress(), prefix));
        }
        return new TrustedProxies(blocks, text.trim());
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    public boolean trusts(InetAddress address) {
        return blocks.stream().anyMatch(b -> b.contains(address));
    }

    /**
     * Who the client is, given the socket's peer and the {@code X-Forwarded-For} headers (each a comma-separated
     * list; a proxy appends the address it was connected from): from a trusted peer, the right-most address in the
     * list that is not itself a trusted proxy. Addresses to the left of it were written by the client, and may be
     * anything. An entry that is not an address (a proxy may write {@code unknown}) ends the walk at the nearest
     * proxy.
     */
    public InetAddress client(InetAddress peer, List<String> forwardedFor) {
        if (!trusts(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        forwardedFor.forEach(header -> {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        });
        InetAddress nearest = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = literal(hops.get(i));
            if (hop.isEmpty()) {
                return nearest;
            }
            if (!trusts(hop.get())) {
                return hop.get();
            }
            nearest = hop.get();
        }
        return nearest;
    }

    /** An IP literal (IPv6 may be bracketed), never looked up in DNS; empty for anything else. */
    public static Optional<InetAddress> literal(String text) {
        String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!IPV4.matcher(s).matches() && !(IPV6.matcher(s).matches() && s.length() <= 45)) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(s)); // a literal: parsed, never resolved
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "none" : text;
    }
}
