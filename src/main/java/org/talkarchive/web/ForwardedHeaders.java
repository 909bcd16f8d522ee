package org.talkarchive.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.talkarchive.config.TrustedProxies;

/**
 * Behind a reverse proxy, the socket's peer is the proxy: rate limits and lockouts keyed on it would treat every
 * viewer as one. For a request from a trusted proxy ({@link TrustedProxies}) this Jetty customizer sets the
 * request's remote address from {@code X-Forwarded-For} and its scheme from {@code X-Forwarded-Proto}, before any
 * handler runs, so {@code ctx.ip()} and {@code ctx.scheme()} mean the viewer everywhere. From anyone else the headers
 * change nothing. Jetty's own ForwardedRequestCustomizer believes them from every peer, so it would let anyone pick
 * the address they are limited as. (Jetty 12 requests are immutable: the customizer hands on a wrapper that answers
 * with the viewer's address and scheme.)
 */
final class ForwardedHeaders implements HttpConfiguration.Customizer {

    private final TrustedProxies proxies;

    ForwardedHeaders(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        SocketAddress socket = request.getConnectionMetaData().getRemoteSocketAddress();
        if (!(socket instanceof InetSocketAddress peer) || peer.getAddress() == null
                || !proxies.trusts(peer.getAddress())) {
            return request;
        }
        List<String> forwardedFor = request.getHeaders().getValuesList("X-Forwarded-For");
        InetAddress client = proxies.client(peer.getAddress(), forwardedFor);
        InetSocketAddress remote = client.equals(peer.getAddress()) ? peer : new InetSocketAddress(client, 0);
        // the proxy nearest to us sets or appends it last: its word is the one to take
        List<String> protos = request.getHeaders().getValuesList("X-Forwarded-Proto");
        boolean https = false;
        if (!protos.isEmpty()) {
            String[] values = protos.get(protos.size() - 1).split(",");
            https = values[values.length - 1].trim().toLowerCase(Locale.ROOT).equals("https");
        }
        if (remote == peer && !https) {
            return request;
        }
        return new Forwarded(request, remote, https);
    }

    /** The request as the viewer sent it to the proxy: their address, and https when the proxy said so. */
    private static final class Forwarded extends Request.Wrapper {

        private final ConnectionMetaData connection;
        private final HttpURI uri;
        private final boolean secure;

        Forwarded(Request request, InetSocketAddress remote, boolean https) {
            super(request);
            this.secure = https || request.isSecure();
            this.uri = https ? HttpURI.build(request.getHttpURI()).scheme("https").asImmutable() : request.getHttpURI();
            this.connection = new ConnectionMetaData.Wrapper(request.getConnectionMetaData()) {
                @Override
                public SocketAddress getRemoteSocketAddress() {
                    return remote;
                }

                @Override
                public boolean isSecure() {
                    return secure;
                }
            };
        }

        @Override
        public ConnectionMetaData getConnectionMetaData() {
            return connection;
        }

        @Override
        public HttpURI getHttpURI() {
            return uri;
        }

        @Override
        public boolean isSecure() {
            return secure;
        }
    }
}
