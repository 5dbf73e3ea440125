package io.p2pboot.autoconfigure;

import io.p2pboot.autoconfigure.event.PeerEventPublisher;
import io.p2pboot.autoconfigure.handler.P2pHandlerRegistrar;
import io.p2pboot.discovery.PeerSource;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.pipe.Transport;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * A managed {@link Peer} configured from {@code p2p.*}: JSON through the application's Jackson
 * mapper, handlers on the peer's own executor (virtual threads when the application enables
 * them), TLS from an SSL bundle; started when the context is ready, stopped gracefully.
 * A {@code Peer} bean of the application's own takes its place.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration",
        "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration"})
@ConditionalOnClass(Peer.class)
@ConditionalOnBooleanProperty(name = "p2p.enabled", matchIfMissing = true)
@EnableConfigurationProperties(P2pProperties.class)
@ImportRuntimeHints(P2pRuntimeHints.class)
public class P2pAutoConfiguration {

    /** The name of the handler executor bean. */
    public static final String HANDLER_EXECUTOR = "p2pHandlerExecutor";

    /**
     * Finds {@code @OnOffer}, {@code @OnData}, {@code @OnClose}, ... methods on every bean and registers
     * them on the peer before it starts listening. Static: a bean post-processor must not wait for
     * this configuration's other beans.
     */
    @Bean(name = P2pHandlerRegistrar.BEAN_NAME)
    @ConditionalOnMissingBean(name = P2pHandlerRegistrar.BEAN_NAME)
    static P2pHandlerRegistrar p2pHandlerRegistrar(Environment environment) {
        return new P2pHandlerRegistrar(environment.getProperty("p2p.handlers.close-on-error", Boolean.class, false));
    }

    /** The peer's event loops: its own threads when {@code p2p.pipe.io-threads} is set, else the shared ones. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Transport p2pTransport(P2pProperties properties) {
        int threads = properties.getPipe().getIoThreads();
        return threads > 0 ? Transport.create(threads, "p2p-io") : Transport.shared();
    }

    /**
     * Where handlers run ({@code p2p.handlers.executor}): the peer's own threads, shared with no
     * {@code @Async} work. Not a default candidate, so it is injected only where asked for by name
     * and never makes an {@code Executor} injected by type ambiguous. An application bean of this
     * name replaces it (declare it {@code @Bean(defaultCandidate = false)} too, or Boot's
     * {@code applicationTaskExecutor} backs off for it).
     */
    @Bean(name = HANDLER_EXECUTOR, defaultCandidate = false)
    @ConditionalOnMissingBean(name = HANDLER_EXECUTOR)
    Executor p2pHandlerExecutor(P2pProperties properties, Environment environment) {
        return HandlerExecutorFactory.create(properties.getHandlers(), environment);
    }

    @Bean
    @ConditionalOnMissingBean
    PeerConfig p2pPeerConfig(P2pProperties properties, ObjectProvider<JsonMapper> jsonMapper,
                             @Qualifier(HANDLER_EXECUTOR) Executor handlerExecutor,
                             Transport transport, ObjectProvider<SslBundles> sslBundles,
                             ObjectProvider<PeerConfigCustomizer> customizers,
                             ObjectProvider<PeerSource> sources) {
        PeerConfig.Builder config = PeerConfigFactory.create(properties,
                jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
                handlerExecutor, transport, sslBundles.getIfAvailable(), sources.orderedStream().toList());
        customizers.orderedStream().forEach(c -> c.customize(config));
        return config.build();
    }

    @Bean
    @ConditionalOnMissingBean
    Peer p2pPeer(PeerConfig config, ObjectProvider<PeerCustomizer> customizers) {
        Peer peer = Peer.create(config);
        customizers.orderedStream().forEach(c -> c.customize(peer));
        return peer;
    }

    @Bean
    @ConditionalOnMissingBean
    PeerLifecycle p2pPeerLifecycle(Peer peer, P2pProperties properties) {
        return new PeerLifecycle(peer, properties.isFailFast());
    }

    /**
     * Connection lifecycle and discovery results of every {@code Peer} bean (this one's or the
     * application's own) as application events, for {@code @EventListener} methods. Static: a bean
     * post-processor must not wait for this configuration's other beans.
     */
    @Bean
    @ConditionalOnMissingBean
    static PeerEventPublisher p2pApplicationEvents() {
        return new PeerEventPublisher();
    }
}
