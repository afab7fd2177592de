package io.coral.cwmp.codec;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Supplier;

/**
 * A few instances of something that one thread may use at a time. The JDK's StAX input factory in reuse-instance mode
 * keeps its last reader, with its buffers and symbol table, for the next document; a fresh reader per
 * message re-interns every element name, which was a third of the cost of parsing an Inform.
 */
final class Pool<T> {

    private final ArrayBlockingQueue<T> idle;
    private final Supplier<T> create;

    Pool(int capacity, Supplier<T> create) {
        this.idle = new ArrayBlockingQueue<>(capacity);
        this.create = create;
    }

    /** An idle instance, or a new one when all are busy. */
    T take() {
        T t = idle.poll();
        return t != null ? t : create.get();
    }

    /** Back for the next user; dropped when the pool is full. Only hand back an instance left in a clean state. */
    void give(T t) {
        idle.offer(t);
    }
}
