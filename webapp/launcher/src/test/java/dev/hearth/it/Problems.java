package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;

/** The error contract, checked the same way everywhere. */
final class Problems {

    private Problems() {}

    /** Asserts an RFC 9457 problem with this status and code, a message, and no stack trace. */
    static JsonObject assertProblem(Api.Reply reply, int status, String code) {
        assertEquals(status, reply.status(), () -> "status of " + reply);
        assertTrue(reply.header("content-type").startsWith("application/problem+json"), () -> "media type of " + reply);
        JsonObject problem = reply.json();
        assertEquals(status, problem.getInt("status"), reply::toString);
        assertEquals(code, problem.getString("code"), reply::toString);
        assertEquals("urn:hearth:problem:" + code, problem.getString("type"), reply::toString);
        assertFalse(problem.getString("title").isBlank());
        assertFalse(problem.getString("detail").isBlank());
        assertFalse(
                reply.body().contains("Exception") || reply.body().contains("\tat "),
                () -> "leaks internals: " + reply);
        return problem;
    }
}
