package io.jetway.server.control;

import io.jetway.translate.crd.CrdOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The warm-up runs the code a small change takes: every one of its changes is patched in, translation and build. */
class ReloadWarmUpTest {

    @Test
    void everyChangeOfTheWarmUpIsPatched() {
        assertEquals(ReloadWarmUp.CHANGES, ReloadWarmUp.run(List.of("web", "websecure"), CrdOptions.DEFAULTS));
    }
}
