package io.p2pboot.autoconfigure;

import io.p2pboot.codec.PayloadCodecs;
import io.p2pboot.discovery.DiscoveryConfig;
import io.p2pboot.discovery.DnsSource;
import io.p2pboot.discovery.PeerSource;
import io.p2pboot.discovery.SeedSource;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.pipe.PipeConfig;
import io.p2pboot.pipe.Transport;
import io.p2pboot.pipe.tls.TlsClientAuth;
import io.p2pboot.pipe.tls.TlsContexts;
import io.p2pboot.pipe.tls.TlsSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import tools.jackson.databind.json.JsonMapper;

/** Turns {@link P2pProperties} and the application's beans into the core library's configuration. */
final class PeerConfigFactory {

    private static final Logger log = LoggerFactory.getLogger(PeerConfigFactory.class);

    private PeerConfigFactory() {
    }

    static PeerConfig.Builder create(P2pProperties p, JsonMapper mapper, @Nullable Executor executor,
                                     Transport transport, @Nullable SslBundles sslBundles) {
        return create(p, mapper, executor, transport, sslBundles, List.of());
    }

    /**
     * @param beanSources the application's {@link PeerSource} beans (DNS, a registry, its own):
     *                    they join the seeds, and turn the discovery rounds on even with broadcast off
     */
    static PeerConfig.Builder create(P2pProperties p, JsonMapper mapper, @Nullable Executor executor,
                                     Transport transport, @Nullable SslBundles sslBundles,
                                     List<PeerSource> beanSources) {
        P2pProperties.Pipe pipe = p.getPipe();
        @Nullable TlsContexts tls = tls(p, sslBundles);
        PipeConfig.Builder pipeConfig = PipeConfig.builder()
                .dnsTimeout(pipe.getDnsTimeout())
                .useSsl(tls != null)
                .tls(tls)
                .sslHandshake(pipe.getSslHandshake())
                .sockProto(pipe.getSockProto())
                .recvTimeout(pipe.getRecvTimeout())
                .conTimeout(pipe.getConTimeout())
                .maxQsize(pipe.getMaxQsize())
                .enableMsgIds(pipe.isEnableMsgIds())
                .maxMsgIds(pipe.getMaxMsgIds())
                .reuseAddr(pipe.getReuseAddr())
                .broadcast(pipe.isBroadcast())
                .readerLimit((int) pipe.getReaderLimit().toBytes())
                .doClose(pipe.isDoClose())
                .linger(pipe.getLinger())
                .sendRetry(pipe.getSendRetry())
                .loop(transport)
                .handlerExecutor(executor);
        List<PeerSource> sources = sources(p, pipeConfig.build(), beanSources);
        return PeerConfig.builder()
                .address(p.getAddress())
                .port(p.getPort())
                .dataType(p.getDataType())
                .strict(p.isStrict())
                .stream(p.isStream())
                .streamSize(streamSize(p))
                .timeout(p.getTimeout())
                .maxConnections(p.getMaxConnections())
                .maxMessageSize((int) p.getMaxMessageSize().toBytes())
                .inboundBuffer((int) p.getInboundBuffer().toBytes())
                .maxBuffered(maxBuffered(p))
                .keepAlive(p.getKeepAlive())
                .deadAfter(p.getDeadAfter())
                .handlerDispatch(p.getHandlers().getDispatch())
                .stopTimeout(p.getStopTimeout())
                .verifyPeerName(verifyPeerName(p, tls != null))
                .advertisedAddress(p.getAdvertisedAddress())
                .sessions(p.getSessions().toConfig())
                .pipe(pipeConfig.build())
                .codecs(PayloadCodecs.standard(mapper, p.getPickle().toLimits()))
                .discovery(discovery(p, transport, executor, !sources.isEmpty()))
                .sources(sources);
    }

    private static @Nullable DiscoveryConfig discovery(P2pProperties p, Transport transport,
                                                       @Nullable Executor executor, boolean otherSources) {
        P2pProperties.Discovery d = p.getDiscovery();
        if (!d.isEnabled() && !otherSources) {
            return null;
        }
        // With other sources and broadcast off, the rounds still run, on discovery's clock, without PINGs.
        DiscoveryConfig.Builder config = DiscoveryConfig.builder()
                .enabled(d.isEnabled())
                .port(d.getPort())
                .invisible(p.isInvisible())
                .window(d.getWindow())
                .quietPeriod(d.getQuietPeriod())
                .interval(d.getInterval())
                .lostAfterRounds(d.getLostAfter())
                .maxPeers(d.getMaxPeers())
                .pipeConfig(DiscoveryConfig.defaults().pipeConfig().toBuilder()
                        .loop(transport).handlerExecutor(executor).build());
        if (!d.getBroadcastAddress().isEmpty()) {
            config.broadcastAddresses(d.getBroadcastAddress().toArray(new String[0]));
        }
        if (d.getBindAddress() != null) {
            config.bindAddress(d.getBindAddress());
        }
        return config.build();
    }

    /** The sources besides broadcast: the seeds and the DNS names, when there are any, then the application's. */
    private static List<PeerSource> sources(P2pProperties p, PipeConfig pipeConfig, List<PeerSource> beanSources) {
        List<PeerSource> sources = new ArrayList<>();
        if (!p.getSeeds().isEmpty()) {
            try {
                sources.add(new SeedSource(p.getSeeds(), pipeConfig));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("p2p.seeds: " + e.getMessage(), e);
            }
        }
        DnsSource dns = dns(p.getDns(), pipeConfig);
        if (dns != null) {
            sources.add(dns);
        }
        sources.addAll(beanSources);
        return sources;
    }

    /** {@code p2p.dns.*}: names need a port exactly when one of them is an A/AAAA name. */
    private static @Nullable DnsSource dns(P2pProperties.Dns dns, PipeConfig pipeConfig) {
        List<String> addressNames = dns.getNames().stream().filter(name -> !name.trim().startsWith("_")).toList();
        if (dns.getPort() == null && !addressNames.isEmpty()) {
            throw new IllegalStateException("p2p.dns.port is not set but p2p.dns.names has A/AAAA names "
                    + addressNames + ": set p2p.dns.port to the port those peers listen on, or give SRV names"
                    + " (starting with '_'), whose records carry the port");
        }
        if (dns.getPort() != null && addressNames.isEmpty()) {
            throw new IllegalStateException("p2p.dns.port is " + dns.getPort() + " but p2p.dns.names has no A/AAAA"
                    + " name to use it (SRV records carry their own port): remove p2p.dns.port");
        }
        if (dns.getNames().isEmpty()) {
            if (!dns.getServers().isEmpty()) {
                throw new IllegalStateException("p2p.dns.servers is set but p2p.dns.names is empty: nothing is asked");
            }
            return null;
        }
        PipeConfig asking = dns.getServers().isEmpty() ? pipeConfig
                : pipeConfig.toBuilder().dnsServers(dns.serverAddresses()).build();
        try {
            return new DnsSource(dns.getNames(), dns.getPort() == null ? 0 : dns.getPort(), dns.getInterval(), asking);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("p2p.dns.names: " + e.getMessage(), e);
        }
    }

    /** All connections together must be able to hold one message of the largest size. */
    private static long maxBuffered(P2pProperties p) {
        if (p.getMaxBuffered().toBytes() < p.getMaxMessageSize().toBytes()) {
            throw new IllegalStateException("p2p.max-buffered is " + p.getMaxBuffered() + " but p2p.max-message-size is "
                    + p.getMaxMessageSize() + ": all connections together must be able to hold one message");
        }
        return p.getMaxBuffered().toBytes();
    }

    /** A stream size without streaming would be accepted and ignored: say so instead. */
    private static int streamSize(P2pProperties p) {
        int size = (int) p.getStreamSize().toBytes();
        if (size > 0 && !p.isStream()) {
            throw new IllegalStateException("p2p.stream-size is " + p.getStreamSize()
                    + " but p2p.stream is false: the size only applies to streaming connections");
        }
        return size;
    }

    /** Unset: on when TLS asks connecting peers for a certificate, which can then name them. */
    static boolean verifyPeerName(P2pProperties p, boolean tls) {
        Boolean set = p.getSsl().getVerifyPeerName();
        if (set != null) {
            return set;
        }
        return tls && p.getSsl().getClientAuth() != P2pProperties.Ssl.ClientAuth.NONE;
    }

    /** The TLS contexts from the named SSL bundle, or {@code null} when TLS is off. */
    private static @Nullable TlsContexts tls(P2pProperties p, @Nullable SslBundles sslBundles) {
        String name = p.getSsl().getBundle();
        Boolean useSsl = p.getPipe().getUseSsl();
        if (name == null || name.isBlank()) {
            if (Boolean.TRUE.equals(useSsl)) {
                throw new IllegalStateException("p2p.pipe.use-ssl is true but no p2p.ssl.bundle names the certificates");
            }
            return null;
        }
        if (Boolean.FALSE.equals(useSsl)) {
            throw new IllegalStateException("p2p.ssl.bundle is set to '" + name + "' but p2p.pipe.use-ssl is false: "
                    + "remove one of them");
        }
        if (sslBundles == null) {
            throw new IllegalStateException("p2p.ssl.bundle is set but the application has no SSL bundles");
        }
        TlsContexts contexts = contexts(p, sslBundles.getBundle(name));
        // A bundle with reload-on-update: renewed certificates apply to the connections made after.
        sslBundles.addBundleUpdateHandler(name, updated -> {
            try {
                contexts.update(contexts(p, updated));
                log.info("p2p.ssl.bundle '{}' was updated: new connections use its new certificates", name);
            } catch (RuntimeException e) {
                log.warn("p2p.ssl.bundle '{}' was updated but cannot be used; connections keep the previous "
                        + "certificates: {}", name, e.getMessage());
            }
        });
        return contexts;
    }

    private static TlsContexts contexts(P2pProperties p, SslBundle bundle) {
        TlsSettings.Builder settings = TlsSettings.builder()
                .trustManagerFactory(bundle.getManagers().getTrustManagerFactory())
                .hostnameVerification(p.getSsl().isVerifyHostname())
                .clientAuth(switch (p.getSsl().getClientAuth()) {
                    case NONE -> TlsClientAuth.NONE;
                    case WANT -> TlsClientAuth.OPTIONAL;
                    case NEED -> TlsClientAuth.REQUIRE;
                });
        if (bundle.getStores().getKeyStore() != null) {
            settings.keyManagerFactory(bundle.getManagers().getKeyManagerFactory());
        }
        SslOptions options = bundle.getOptions();
        if (options.getEnabledProtocols() != null) {
            settings.protocols(Arrays.asList(options.getEnabledProtocols()));
        }
        if (options.getCiphers() != null) {
            settings.ciphers(Arrays.asList(options.getCiphers()));
        }
        return settings.build().toContexts();
    }
}
