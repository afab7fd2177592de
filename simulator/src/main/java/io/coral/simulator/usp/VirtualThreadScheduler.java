package io.coral.simulator.usp;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * One executor shared by every MQTT client of a fleet: Paho's blocking receiver/sender loops each get a
 * virtual thread (so a thousand agents do not cost three thousand platform threads), timers run on one
 * small shared scheduler. Clients may call shutdown(); only the fleet really stops it ({@link #close()}).
 */
final class VirtualThreadScheduler extends AbstractExecutorService implements ScheduledExecutorService, AutoCloseable {
    private final ThreadFactory virtual = Thread.ofVirtual().name("sim-mqtt-", 0).factory();
    private final ScheduledThreadPoolExecutor timers;

    VirtualThreadScheduler() {
        timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sim-mqtt-timer");
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void execute(Runnable command) {
        virtual.newThread(command).start();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return timers.schedule(() -> execute(command), delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return timers.schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return timers.scheduleAtFixedRate(() -> execute(command), initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return timers.scheduleWithFixedDelay(() -> execute(command), initialDelay, delay, unit);
    }

    @Override
    public void shutdown() {
        // shared: a client closing must not stop the others
    }

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return timers.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return timers.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
