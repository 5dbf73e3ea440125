package io.p2pboot.autoconfigure.handler;

import io.p2pboot.peer.Peer;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.OrderUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.validation.Validator;

/**
 * Registers bean methods annotated {@link OnOffer}, {@link OnData}, {@link OnClose},
 * {@link OnConnection}, {@link OnListen} and {@link OnStop} as handlers of the application's
 * single {@link Peer} bean.
 *
 * <p>Methods are found on each bean's own class, behind any AOP proxy, and their signatures are
 * checked as the bean is created, so a mistake fails start-up naming the bean and the method.
 * They are registered once all singletons exist, before the peer is started by its lifecycle, so
 * no early event is missed; calls go through the proxy so advice applies. Handlers of one event
 * run in {@code @Order}: the method's own, else the bean's ({@code @Order} or {@link Ordered}).
 *
 * <p>What an {@code @OnData} method returns is sent back on the connection its message came on
 * (nothing for {@code void} or {@code null}). {@code ${…}} placeholders in annotation attributes
 * ({@code @OnData(peer = "${chat.peer}")}) are resolved from the environment as the method is
 * checked; one that cannot be resolved fails start-up naming the method. A payload marked
 * {@code @Valid} or {@code @Validated} is validated by the application's {@link Validator} bean
 * (when it has a single or primary one) before the method is called.
 *
 * <p>A failure (what a method throws, a payload that cannot be converted to its declared type or
 * is not valid, a reply that cannot be sent) goes to the application's {@link P2pErrorHandler}
 * bean, or without one to a {@link DefaultP2pErrorHandler}: it is logged with the other peer's
 * name and does not affect other handlers or the connection; with
 * {@link #setCloseConnectionOnError(boolean) closeConnectionOnError} it closes the connection
 * instead. A failing {@code @OnOffer} method denies the offer. Without a {@code Peer} bean this
 * does nothing.
 *
 * <p>Declare it with a {@code static @Bean} method, named {@link #BEAN_NAME}.
 */
public class P2pHandlerRegistrar implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware,
        EnvironmentAware, DisposableBean {

    /** The name the auto-configuration gives this bean, and backs off from when the application uses it. */
    public static final String BEAN_NAME = "p2pHandlerRegistrar";

    private static final Logger log = LoggerFactory.getLogger(P2pHandlerRegistrar.class);

    private final HandlerMethodDetector detector = new HandlerMethodDetector();
    private volatile HandlerSignatureChecker checker = new HandlerSignatureChecker(ArgumentResolvers.standard());
    /** The error handler when the application has no {@link P2pErrorHandler} bean. */
    private final DefaultP2pErrorHandler defaultErrorHandler;
    private final Object lock = new Object();
    private final Map<String, HandlerBean> pending = new LinkedHashMap<>();
    private ConfigurableListableBeanFactory beanFactory;
    private boolean singletonsReady;
    private @Nullable PeerBinding binding;

    /** A registrar that logs handler failures and keeps connections open. */
    public P2pHandlerRegistrar() {
        this(false);
    }

    /**
     * @param closeConnectionOnError whether a handler failure closes the connection it happened on,
     *     unless the application has a {@link P2pErrorHandler} bean of its own
     */
    public P2pHandlerRegistrar(boolean closeConnectionOnError) {
        this.defaultErrorHandler = new DefaultP2pErrorHandler(closeConnectionOnError);
    }

    /**
     * Whether a failing handler method (or an unconvertible or invalid payload) closes the
     * connection it happened on; for the default error handler, not for a {@link P2pErrorHandler} bean.
     */
    public void setCloseConnectionOnError(boolean closeConnectionOnError) {
        defaultErrorHandler.setCloseConnection(closeConnectionOnError);
    }

    public boolean isCloseConnectionOnError() {
        return defaultErrorHandler.isCloseConnection();
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        Assert.isInstanceOf(ConfigurableListableBeanFactory.class, beanFactory,
                "P2pHandlerRegistrar needs a ConfigurableListableBeanFactory");
        this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.checker = new HandlerSignatureChecker(ArgumentResolvers.standard(), new AttributePlaceholders(environment));
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        if (bean instanceof AopInfrastructureBean || bean instanceof Peer) {
            return bean;
        }
        Class<?> userClass = userClass(bean);
        Map<Method, List<HandlerDeclaration>> methods = detector.detect(userClass);
        if (methods.isEmpty()) {
            return bean;
        }
        List<HandlerSignature> signatures = new ArrayList<>();
        methods.forEach((method, declarations) -> {
            for (HandlerDeclaration declaration : declarations) {
                signatures.add(checker.check(beanName, method, declaration));
            }
        });
        if (!isSingleton(beanName)) {
            log.warn("bean '{}' of {} has p2p handler methods but is not a singleton; they are ignored",
                    beanName, userClass.getName());
            return bean;
        }
        HandlerBean found = new HandlerBean(beanName, bean, userClass, signatures);
        synchronized (lock) {
            if (!singletonsReady) {
                pending.put(beanName, found);
                return bean;
            }
        }
        // A lazy bean created after start-up: its methods are registered after all others.
        PeerBinding lateBinding = bindingForLateBean();
        if (lateBinding != null) {
            log.debug("registering the p2p handler methods of lazily created bean '{}'", beanName);
            bind(found, bean, validator()).stream().sorted(Comparator.comparingInt(HandlerMethod::order))
                    .forEach(lateBinding::add);
        }
        return bean;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<HandlerBean> beans;
        synchronized (lock) {
            singletonsReady = true;
            beans = new ArrayList<>(pending.values());
            pending.clear();
            if (beans.isEmpty()) {
                return;
            }
            Peer peer = peerBean();
            if (peer == null) {
                log.debug("no Peer bean: {} bean(s) with p2p handler methods are not registered", beans.size());
                return;
            }
            binding = bindingTo(peer);
        }
        List<HandlerMethod> methods = new ArrayList<>();
        Validator validator = validator();
        for (HandlerBean found : beans) {
            methods.addAll(bind(found, exposedBean(found), validator));
        }
        // A stable sort: equal orders keep bean discovery order, then method discovery order.
        methods.sort(Comparator.comparingInt(HandlerMethod::order));
        if (binding.peer().isListening()) {
            log.warn("peer {} was started before its handler methods were registered; earlier events were missed",
                    binding.peer().name());
        }
        methods.forEach(binding::add);
        log.debug("registered {} p2p handler method(s) on {}", methods.size(), binding.peer());
    }

    @Override
    public void destroy() {
        PeerBinding current;
        synchronized (lock) {
            current = binding;
            binding = null;
        }
        if (current != null) {
            current.removeAll();
        }
    }

    /** The detector, for tests of its cache. */
    HandlerMethodDetector detector() {
        return detector;
    }

    private @Nullable PeerBinding bindingForLateBean() {
        synchronized (lock) {
            if (binding != null) {
                return binding;
            }
        }
        Peer peer = peerBean();
        synchronized (lock) {
            if (binding == null && peer != null) {
                binding = bindingTo(peer);
            }
            return binding;
        }
    }

    private @Nullable Peer peerBean() {
        return beanFactory.getBeanProvider(Peer.class).getIfAvailable();
    }

    private PeerBinding bindingTo(Peer peer) {
        List<HandlerInterceptor> interceptors =
                beanFactory.getBeanProvider(HandlerInterceptor.class).orderedStream().toList();
        return new PeerBinding(peer, new HandlerInvoker(new HandlerErrorHandler(errorHandler()), interceptors));
    }

    /** The application's error handler, or the default one. */
    private P2pErrorHandler errorHandler() {
        return beanFactory.getBeanProvider(P2pErrorHandler.class).getIfAvailable(() -> defaultErrorHandler);
    }

    /** The application's validator: its only or primary {@code Validator} bean (Boot's {@code defaultValidator}). */
    private @Nullable Validator validator() {
        return beanFactory.getBeanProvider(Validator.class).getIfUnique();
    }

    /** Binds a bean's checked methods to the object that is called: the proxy when there is one. */
    private List<HandlerMethod> bind(HandlerBean found, Object target, @Nullable Validator validator) {
        int beanOrder = target instanceof Ordered ordered ? ordered.getOrder()
                : OrderUtils.getOrder(found.userClass(), Ordered.LOWEST_PRECEDENCE);
        List<HandlerMethod> methods = new ArrayList<>(found.signatures().size());
        for (HandlerSignature signature : found.signatures()) {
            Method invocable;
            try {
                invocable = AopUtils.selectInvocableMethod(signature.method(), target.getClass());
            } catch (IllegalStateException e) {
                throw new InvalidHandlerMethodException(signature.describe() + " cannot be called through the bean's "
                        + "proxy: " + e.getMessage(), e);
            }
            int order = signature.methodOrder() != null ? signature.methodOrder() : beanOrder;
            if (signature.validationHints() != null && validator == null) {
                log.warn("{} asks for a valid payload, but the application has no single Validator bean "
                        + "(add spring-boot-starter-validation): its payloads are not validated", signature.describe());
            }
            methods.add(new HandlerMethod(signature, target, invocable, order, validator));
        }
        return methods;
    }

    /**
     * The singleton as the container finally exposes it. Post-processors that run after this one may
     * still have wrapped the bean in a proxy; when the registered singleton is of the same user
     * class, it is the one to call.
     */
    private Object exposedBean(HandlerBean found) {
        Object exposed = beanFactory.containsSingleton(found.name()) ? beanFactory.getSingleton(found.name()) : null;
        if (exposed != null && exposed != found.bean() && userClass(exposed) == found.userClass()) {
            return exposed;
        }
        return found.bean();
    }

    private boolean isSingleton(String beanName) {
        return !beanFactory.containsBeanDefinition(beanName) || beanFactory.getMergedBeanDefinition(beanName).isSingleton();
    }

    private static Class<?> userClass(Object bean) {
        return ClassUtils.getUserClass(AopProxyUtils.ultimateTargetClass(bean));
    }
}
