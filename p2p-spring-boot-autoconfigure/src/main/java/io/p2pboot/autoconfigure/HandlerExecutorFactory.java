package io.p2pboot.autoconfigure;

import io.p2pboot.autoconfigure.P2pProperties.Handlers;
import io.p2pboot.autoconfigure.P2pProperties.Handlers.ExecutorKind;
import java.util.concurrent.Executor;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Makes the peer's own handler executor from {@code p2p.handlers.*}: handlers then share no
 * threads with the application's {@code @Async} work, so a few blocking handlers cannot stall it,
 * nor it them. Both kinds are Spring executors, closed with the context after the peer has stopped.
 */
final class HandlerExecutorFactory {

    static final String THREAD_PREFIX = "p2p-handler-";

    private HandlerExecutorFactory() {
    }

    static Executor create(Handlers handlers, Environment environment) {
        ExecutorKind kind = handlers.getExecutor();
        if (kind == null) {
            kind = Threading.VIRTUAL.isActive(environment) ? ExecutorKind.VIRTUAL : ExecutorKind.POOL;
        }
        return kind == ExecutorKind.VIRTUAL ? virtual(handlers) : pool(handlers.getPool());
    }

    private static Executor virtual(Handlers handlers) {
        if (Runtime.version().feature() < 21) {
            throw new IllegalStateException("p2p.handlers.executor=virtual needs Java 21 or newer (this is Java "
                    + Runtime.version().feature() + "): use p2p.handlers.executor=pool");
        }
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(THREAD_PREFIX);
        executor.setVirtualThreads(true);
        executor.setTaskTerminationTimeout(handlers.getPool().getAwaitTermination().toMillis());
        return executor;
    }

    private static Executor pool(Handlers.Pool pool) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix(THREAD_PREFIX);
        executor.setCorePoolSize(pool.getSize());
        executor.setMaxPoolSize(pool.getSize());
        executor.setKeepAliveSeconds((int) Math.max(1, pool.getKeepAlive().toSeconds()));
        executor.setAllowCoreThreadTimeOut(true); // idle threads end: an idle peer holds none
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationMillis(pool.getAwaitTermination().toMillis());
        executor.setDaemon(true);
        executor.initialize();
        return executor;
    }
}
