package dev.hearth;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Values read from the database, believed for a few seconds without reading them again, and forgotten at once when
 * this instance changes what they were read from ({@link #forgetAll}, called after the change's commit). A read that
 * began before a {@link #forgetAll} is not remembered after it, so a change is never hidden behind an older read on
 * this instance; other instances sharing the database see it when their memory runs out.
 */
public final class BriefMemory<K, V> {

    private record Remembered<V>(V value, long generation, long at) {}

    private final long lifetimeNanos;
    private final int capacity;
    private final Map<K, Remembered<V>> remembered = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    /** @param capacity beyond it, everything is forgotten at once (a bound, not a working size) */
    public BriefMemory(Duration lifetime, int capacity) {
        this.lifetimeNanos = lifetime.toNanos();
        this.capacity = capacity;
    }

    /** The value remembered for the key, or what {@code read} answers now, remembered unless it is null. */
    public V get(K key, Supplier<V> read) {
        long now = System.nanoTime();
        long current = generation.get();
        Remembered<V> seen = remembered.get(key);
        if (seen != null && seen.generation() == current && now - seen.at() < lifetimeNanos) {
            return seen.value();
        }
        V value = read.get();
        if (value != null) {
            if (remembered.size() >= capacity) {
                remembered.clear();
            }
            remembered.put(key, new Remembered<>(value, current, now));
        }
        return value;
    }

    /** Forgets every value, and whatever a read begun before now would remember. */
    public void forgetAll() {
        generation.incrementAndGet();
        remembered.clear();
    }
}
