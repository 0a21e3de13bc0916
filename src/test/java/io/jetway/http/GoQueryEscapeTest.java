package io.jetway.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Expected values are what Go's url.QueryEscape returns for the same input. */
class GoQueryEscapeTest {

    @Test
    void unreservedCharactersStay() {
        assertEquals("a-z_0.9~AZ", GoQueryEscape.escape("a-z_0.9~AZ"));
    }

    @Test
    void spaceIsPlusAndTheRestIsPercentEncodedInUpperCase() {
        assertEquals("%2F%3F%26%3D+%25", GoQueryEscape.escape("/?&= %"));
        assertEquals("a+b%2Cc%3D%22d%22~_.-%C3%A9", GoQueryEscape.escape("a b,c=\"d\"~_.-é"));
    }
}
