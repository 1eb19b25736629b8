package dev.hearth.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hearth.problems.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchRequestTest {

    private final Search search = new Search();

    private static String code(Runnable call) {
        return assertThrows(ApiException.class, call::run).problem().code();
    }

    @Test
    void theLimitIsClampedAndDefaulted() {
        assertEquals(5, search.request("x", null, null, null).limit());
        assertEquals(25, search.request("x", null, "1000", null).limit());
        assertEquals(1, search.request("x", null, "0", null).limit());
        assertEquals(1, search.request("x", null, "-3", null).limit());
        assertEquals(12, search.request("x", null, " 12 ", null).limit());
        assertEquals("validation_failed", code(() -> search.request("x", null, "many", null)));
    }

    @Test
    void theTermIsRequiredAndBounded() {
        assertEquals("report", search.request("  report ", null, null, null).term());
        assertEquals("validation_failed", code(() -> search.request(null, null, null, null)));
        assertEquals("validation_failed", code(() -> search.request("   ", null, null, null)));
        assertEquals("validation_failed", code(() -> search.request("x".repeat(201), null, null, null)));
    }

    @Test
    void aCursorContinuesItsOwnProviderOnly() {
        String cursor = Cursors.encode("linked/items", "page-2");

        Search.Request request = search.request("x", null, null, cursor);

        assertEquals(List.of("linked/items"), request.providers());
        assertEquals("page-2", Cursors.decode(request.cursor()).providerCursor());
        assertEquals(
                List.of("linked/items"),
                search.request("x", List.of("linked/items"), null, cursor).providers());
        assertEquals("invalid_cursor", code(() -> search.request("x", List.of("other/p"), null, cursor)));
        assertEquals("invalid_cursor", code(() -> search.request("x", null, null, "not-a-cursor!")));
        assertEquals("invalid_cursor", code(() -> search.request("x", null, null, "eyJ4IjoxfQ")));
        assertNull(Cursors.encode("p", null), "no next page, no cursor");
    }

    @Test
    void repeatedProvidersCountOnce() {
        assertEquals(
                List.of("a/b", "c/d"),
                search.request("x", List.of("a/b", "c/d", "a/b"), null, null).providers());
    }
}
