package io.jetway.service.health;

import io.jetway.dynamic.PassiveHealthCheck;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Whether one server of one service may get requests: down while its active check fails, or for a
 * failure window after too many failed requests. Kept across reloads by service and server, so a
 * reload neither resurrects a dead server nor forgets a live one. Reads on the request path are
 * two volatile loads.
 */
public final class ServerHealth {

    private volatile boolean activeUp = true;
    /** System.nanoTime() until which passive checks keep the server out; 0 = not taken out. */
    private volatile long passiveDownUntil;
    private volatile PassiveHealthCheck passive;
    private final Deque<Long> recentFailures = new ArrayDeque<>();

    public boolean isUp() {
        if (!activeUp) {
            return false;
        }
        long until = passiveDownUntil;
        return until == 0 || System.nanoTime() - until >= 0;
    }

    public boolean isActiveUp() {
        return activeUp;
    }

    /** @return true when this changed the status */
    public boolean setActiveUp(boolean up) {
        boolean changed = activeUp != up;
        activeUp = up;
        return changed;
    }

    /** The passive policy of the newest configuration, or null to ignore failed requests. */
    public void usePassiveCheck(PassiveHealthCheck check) {
        passive = check;
        if (check == null) {
            passiveDownUntil = 0;
        }
    }

    /**
     * Records a request the server did not answer.
     *
     * @return true when this took the server out of the rotation
     */
    public boolean recordFailure() {
        PassiveHealthCheck check = passive;
        if (check == null) {
            return false;
        }
        long now = System.nanoTime();
        long window = check.failureWindow().toNanos();
        synchronized (recentFailures) {
            while (!recentFailures.isEmpty() && now - recentFailures.peekFirst() > window) {
                recentFailures.pollFirst();
            }
            recentFailures.addLast(now);
            if (recentFailures.size() < check.maxFailedAttempts()) {
                return false;
            }
            recentFailures.clear();
        }
        boolean wasUp = isUp();
        passiveDownUntil = now + window;
        return wasUp;
    }
}
