package org.talkarchive.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.talkarchive.config.TrustedProxies;

/**
 * Behind a reverse proxy, the socket's peer is the proxy: rate limits and lockouts keyed on it would treat every
 * viewer as one. For a request from a trusted proxy ({@link TrustedProxies}) this Jetty customizer sets the
 * request's remote address from {@code X-Forwarded-For} and its scheme from {@code X-Forwarded-Proto}, before any
 * handler runs, so {@code ctx.ip()} and {@code ctx.scheme()} mean the viewer everywhere. From anyone else the headers
 * change nothing. Jetty's own ForwardedRequestCustomizer believes them from every peer, so it would let anyone pick
 * the address they are limited as.
 */
final class ForwardedHeaders implements HttpConfiguration.Customizer {

    private final TrustedProxies proxies;

    ForwardedHeaders(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    @Override
    public void customize(Connector connector, HttpConfiguration channelConfig, Request request) {
        InetSocketAddress peer = request.getRemoteInetSocketAddress();
        if (peer == null || peer.getAddress() == null || !proxies.trusts(peer.getAddress())) {
            return;
        }
        List<String> forwardedFor = request.getHttpFields().getValuesList("X-Forwarded-For");
        InetAddress client = proxies.client(peer.getAddress(), forwardedFor);
        if (!client.equals(peer.getAddress())) {
            request.setRemoteAddr(new InetSocketAddress(client, 0));
        }
        // the proxy nearest to us sets or appends it last: its word is the one to take
        List<String> protos = request.getHttpFields().getValuesList("X-Forwarded-Proto");
        if (!protos.isEmpty()) {
            String[] values = protos.get(protos.size() - 1).split(",");
            if (values[values.length - 1].trim().toLowerCase(Locale.ROOT).equals("https")) {
                request.setHttpURI(HttpURI.build(request.getHttpURI()).scheme("https"));
                request.setSecure(true);
            }
        }
    }
}
