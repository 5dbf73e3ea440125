package io.p2pboot.autoconfigure.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.p2pboot.autoconfigure.handler.HandlerInterceptor;
import io.p2pboot.autoconfigure.handler.HandlerInvocation;
import io.p2pboot.autoconfigure.metrics.P2pMeter.Tag;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Times every handler method call ({@link P2pMeter#HANDLER_DURATION}) and counts those that fail
 * ({@link P2pMeter#HANDLER_ERRORS}), in each registry it is bound to; until bound it only calls
 * through. Tags name the event, data type and method, never the other peer.
 */
public class HandlerMeters implements HandlerInterceptor, MeterBinder {

    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

    @Override
    public void bindTo(MeterRegistry registry) {
        registries.add(registry);
    }

    @Override
    public @Nullable Object intercept(HandlerInvocation invocation) throws Exception {
        if (registries.isEmpty()) {
            return invocation.proceed();
        }
        long start = System.nanoTime();
        Throwable failure = null;
        try {
            return invocation.proceed();
        } catch (Exception | Error e) {
            failure = e;
            throw e;
        } finally {
            record(invocation, System.nanoTime() - start, failure);
        }
    }

    private void record(HandlerInvocation invocation, long nanos, @Nullable Throwable failure) {
        Tags tags = Tags.of(Tag.EVENT.key(), invocation.event(),
                Tag.TYPE.key(), invocation.dataType() == null ? "none"
                        : invocation.dataType().name().toLowerCase(Locale.ROOT),
                Tag.HANDLER.key(), invocation.handlerName());
        for (MeterRegistry registry : registries) {
            Timer.builder(P2pMeter.HANDLER_DURATION.meterName())
                    .description(P2pMeter.HANDLER_DURATION.description())
                    .tags(tags).tag(Tag.OUTCOME.key(), failure == null ? "success" : "error")
                    .register(registry).record(nanos, TimeUnit.NANOSECONDS);
            if (failure != null) {
                Counter.builder(P2pMeter.HANDLER_ERRORS.meterName())
                        .description(P2pMeter.HANDLER_ERRORS.description())
                        .tags(tags).tag(Tag.EXCEPTION.key(), exception(failure))
                        .register(registry).increment();
            }
        }
    }

    private static String exception(Throwable failure) {
        String name = failure.getClass().getSimpleName();
        return name.isEmpty() ? failure.getClass().getName() : name;
    }
}
