package io.jetway.net;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectorTasksTest {

    /** If Jetty renamed these tasks, connections would silently go back to two thread hand-offs each. */
    @Test
    void everyTaskNameIsOneOfJettysSelectorRunnables() throws ClassNotFoundException {
        for (String name : SelectorTasks.taskClassNames()) {
            Class<?> task = Class.forName(name);
            assertTrue(Runnable.class.isAssignableFrom(task), name + " is not a Runnable");
            assertTrue(task.getEnclosingClass() == org.eclipse.jetty.io.ManagedSelector.class, name);
        }
    }

    @Test
    void anyOtherTaskGoesToThePool() {
        Runnable lambda = () -> { };
        assertFalse(SelectorTasks.runsInline(lambda));
        assertFalse(SelectorTasks.runsInline(new Thread()));
    }
}
