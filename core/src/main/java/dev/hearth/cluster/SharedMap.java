package dev.hearth.cluster;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * String values by string key, shared by every instance of the cluster (a map of Payara's data grid), or kept in
 * this instance's memory when it runs alone. Every entry has a time to live, renewed by each write.
 */
public interface SharedMap {

    /** The value, or {@code null} when there is none or it has expired. */
    String get(String key);

    void put(String key, String value, Duration ttl);

    /**
     * Changes the value atomically across the cluster: {@code change} gets the current value ({@code null} for none)
     * and answers the new one, or {@code null} to remove the entry. Answers the new value.
     */
    String compute(String key, Duration ttl, UnaryOperator<String> change);

    /** Removes every entry whose key starts with the prefix. */
    void removeStartingWith(String prefix);

    /**
     * Runs {@code work} while holding the key's lock, which one caller in the whole cluster holds at a time; waits for
     * it up to {@code wait} and then runs {@code work} anyway, so that a holder that hangs delays the others, never
     * stops them. A lock whose holder dies is released.
     */
    <T> T exclusive(String key, Duration wait, Supplier<T> work);
}
