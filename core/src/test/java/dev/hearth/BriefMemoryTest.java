package dev.hearth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BriefMemoryTest {

    private final AtomicInteger reads = new AtomicInteger();

    private String read() {
        return "value " + reads.incrementAndGet();
    }

    @Test
    void aValueIsBelievedWithinItsLifetimeAndReadAgainAfter() throws Exception {
        BriefMemory<String, String> memory = new BriefMemory<>(Duration.ofMillis(200), 10);

        assertEquals("value 1", memory.get("k", this::read));
        assertEquals("value 1", memory.get("k", this::read));
        Thread.sleep(250);
        assertEquals("value 2", memory.get("k", this::read));
    }

    @Test
    void nothingIsRememberedForANullRead() {
        BriefMemory<String, String> memory = new BriefMemory<>(Duration.ofMinutes(1), 10);

        assertNull(memory.get("k", () -> null));
        assertEquals("value 1", memory.get("k", this::read));
    }

    @Test
    void forgetAllMakesTheNextGetReadAgain() {
        BriefMemory<String, String> memory = new BriefMemory<>(Duration.ofMinutes(1), 10);
        memory.get("k", this::read);

        memory.forgetAll();

        assertEquals("value 2", memory.get("k", this::read));
    }

    @Test
    void aReadBegunBeforeForgetAllIsNotRememberedAfterIt() {
        BriefMemory<String, String> memory = new BriefMemory<>(Duration.ofMinutes(1), 10);

        String stale = memory.get("k", () -> {
            memory.forgetAll(); // a change committed while this read was under way
            return "read before the change";
        });

        assertEquals("read before the change", stale);
        assertEquals("value 1", memory.get("k", this::read), "the older read was not believed");
        assertEquals("value 1", memory.get("k", this::read));
    }

    @Test
    void beyondItsCapacityEverythingIsForgotten() {
        BriefMemory<Integer, String> memory = new BriefMemory<>(Duration.ofMinutes(1), 2);
        memory.get(1, this::read);
        memory.get(2, this::read);

        memory.get(3, this::read); // full: all forgotten, then 3 remembered

        assertEquals("value 4", memory.get(1, this::read));
        assertEquals("value 3", memory.get(3, this::read));
    }
}
