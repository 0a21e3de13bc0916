package io.jetway.middleware.circuitbreaker;

/**
 * Response outcomes of the last {@code buckets} x {@code bucketNanos} (10 x 1 s, as oxy's
 * circuit breaker counts): per bucket the count by status code and a latency histogram, so memory
 * is fixed whatever the traffic. Not thread-safe: the circuit breaker holds its lock.
 */
final class RollingMetrics implements CircuitBreakerExpression.Metrics {

    /** Latency bins: 1 ms wide below 128 ms, then 16 per power of two (about 6% wide). */
    private static final int LINEAR_BINS = 128;
    private static final int BINS = LINEAR_BINS + 16 * 25;

    private final long bucketNanos;
    private final int[][] codes;
    private final int[][] latencies;
    private final long[] bucketStart;

    RollingMetrics(int buckets, long bucketNanos) {
        this.bucketNanos = bucketNanos;
        this.codes = new int[buckets][600];
        this.latencies = new int[buckets][BINS];
        this.bucketStart = new long[buckets];
        java.util.Arrays.fill(bucketStart, Long.MIN_VALUE);
    }

    void record(long now, int status, long latencyNanos) {
        int b = bucket(now);
        codes[b][Math.max(0, Math.min(599, status))]++;
        latencies[b][bin(latencyNanos / 1_000_000)]++;
    }

    /** Drops what is older than the window, as of {@code now}; the ratios read what is left. */
    void advance(long now) {
        for (int i = 0; i < bucketStart.length; i++) {
            if (bucketStart[i] != Long.MIN_VALUE && now - bucketStart[i] >= bucketNanos * bucketStart.length) {
                clear(i);
            }
        }
    }

    void reset() {
        for (int i = 0; i < bucketStart.length; i++) {
            clear(i);
        }
    }

    private void clear(int i) {
        java.util.Arrays.fill(codes[i], 0);
        java.util.Arrays.fill(latencies[i], 0);
        bucketStart[i] = Long.MIN_VALUE;
    }

    private int bucket(long now) {
        long slot = Math.floorDiv(now, bucketNanos);
        int b = (int) Math.floorMod(slot, (long) bucketStart.length);
        long start = slot * bucketNanos;
        if (bucketStart[b] != start) {
            clear(b);
            bucketStart[b] = start;
        }
        return b;
    }

    long total() {
        return countCodes(0, 600);
    }

    private long countCodes(int from, int to) {
        long n = 0;
        for (int[] bucket : codes) {
            for (int c = Math.max(0, from); c < Math.min(600, to); c++) {
                n += bucket[c];
            }
        }
        return n;
    }

    @Override
    public double networkErrorRatio() {
        long total = total();
        return total == 0 ? 0 : (double) (countCodes(502, 503) + countCodes(504, 505)) / total;
    }

    @Override
    public double responseCodeRatio(int from, int to, int divFrom, int divTo) {
        long divisor = countCodes(divFrom, divTo);
        return divisor == 0 ? 0 : (double) countCodes(from, to) / divisor;
    }

    @Override
    public double latencyAtQuantileMs(double quantile) {
        long[] merged = new long[BINS];
        long total = 0;
        for (int[] bucket : latencies) {
            for (int i = 0; i < BINS; i++) {
                merged[i] += bucket[i];
                total += bucket[i];
            }
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(total * quantile / 100.0);
        long seen = 0;
        for (int i = 0; i < BINS; i++) {
            seen += merged[i];
            if (seen >= rank) {
                return upperBound(i);
            }
        }
        return upperBound(BINS - 1);
    }

    static int bin(long ms) {
        if (ms < LINEAR_BINS) {
            return (int) Math.max(0, ms);
        }
        int exponent = 63 - Long.numberOfLeadingZeros(ms); // >= 7
        int sub = (int) (ms >> (exponent - 4)) & 15;
        return Math.min(BINS - 1, LINEAR_BINS + (exponent - 7) * 16 + sub);
    }

    /** The largest latency (ms) a bin holds, so that a quantile never understates. */
    static double upperBound(int bin) {
        if (bin < LINEAR_BINS) {
            return bin;
        }
        int exponent = (bin - LINEAR_BINS) / 16 + 7;
        int sub = (bin - LINEAR_BINS) % 16;
        return ((long) (16 + sub + 1) << (exponent - 4)) - 1;
    }
}
