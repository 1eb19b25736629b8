package dev.hearth.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** A {@link SharedMap} in this instance's memory, for an instance that runs alone. */
public final class LocalMap implements SharedMap {

    private record Entry(String value, Instant expires) {}

    private final Clock clock;
    private final int capacity;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** A key's lock, kept while someone holds it or waits for it. */
    private static final class KeyLock {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final Map<String, KeyLock> locks = new ConcurrentHashMap<>();

    /** @param capacity above this many entries, each write first drops the expired ones */
    public LocalMap(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
    }

    @Override
    public String get(String key) {
        Entry entry = entries.get(key);
        return entry == null || !clock.instant().isBefore(entry.expires()) ? null : entry.value();
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        sweepWhenFull();
        entries.put(key, new Entry(value, clock.instant().plus(ttl)));
    }

    @Override
    public String compute(String key, Duration ttl, UnaryOperator<String> change) {
        sweepWhenFull();
        Instant now = clock.instant();
        Entry entry = entries.compute(key, (k, old) -> {
            String value = change.apply(old == null || !now.isBefore(old.expires()) ? null : old.value());
            return value == null ? null : new Entry(value, now.plus(ttl));
        });
        return entry == null ? null : entry.value();
    }

    @Override
    public void removeStartingWith(String prefix) {
        entries.keySet().removeIf(key -> key.startsWith(prefix));
    }

    @Override
    public <T> T exclusive(String key, Duration wait, Supplier<T> work) {
        KeyLock mine = locks.compute(key, (k, existing) -> {
            KeyLock lock = existing == null ? new KeyLock() : existing;
            lock.users++;
            return lock;
        });
        boolean held = false;
        try {
            held = mine.lock.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            return work.get();
        } finally {
            if (held) {
                mine.lock.unlock();
            }
            locks.computeIfPresent(key, (k, lock) -> --lock.users == 0 ? null : lock);
        }
    }

    /** Holds at most about {@code capacity} entries: the expired ones go first. */
    private void sweepWhenFull() {
        if (entries.size() >= capacity) {
            Instant now = clock.instant();
            entries.values().removeIf(e -> !now.isBefore(e.expires()));
        }
    }
}
