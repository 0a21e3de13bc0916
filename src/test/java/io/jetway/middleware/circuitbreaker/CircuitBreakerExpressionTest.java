package io.jetway.middleware.circuitbreaker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitBreakerExpressionTest {

    /** Network errors 0.3; 5xx over all 0.25; other ratios 0.1; latency = the quantile times 2 ms. */
    private static final CircuitBreakerExpression.Metrics METRICS = new CircuitBreakerExpression.Metrics() {
        @Override
        public double networkErrorRatio() {
            return 0.3;
        }

        @Override
        public double responseCodeRatio(int from, int to, int divFrom, int divTo) {
            return from == 500 && to == 600 && divFrom == 0 && divTo == 600 ? 0.25 : 0.1;
        }

        @Override
        public double latencyAtQuantileMs(double quantile) {
            return quantile * 2;
        }
    };

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " ~ ", value = {
            "NetworkErrorRatio() > 0.5 ~ false",
            "NetworkErrorRatio() > 0.25 ~ true",
            "NetworkErrorRatio() >= 0.3 ~ true",
            "NetworkErrorRatio() <= 0.3 ~ true",
            "NetworkErrorRatio() < 0.3 ~ false",
            "NetworkErrorRatio() == 0.3 ~ true",
            "NetworkErrorRatio() != 0.3 ~ false",
            "0.5 < NetworkErrorRatio() ~ false",
            "ResponseCodeRatio(500, 600, 0, 600) > 0.2 ~ true",
            "ResponseCodeRatio(400, 500, 0, 600) > 0.2 ~ false",
            "LatencyAtQuantileMS(50.0) > 100 ~ false",
            "LatencyAtQuantileMS(99) > 100 ~ true",
            "NetworkErrorRatio() > 0.5 || LatencyAtQuantileMS(99) > 100 ~ true",
            "NetworkErrorRatio() > 0.5 && LatencyAtQuantileMS(99) > 100 ~ false",
            "NetworkErrorRatio() > 0.1 && LatencyAtQuantileMS(99) > 100 ~ true",
            // && binds tighter than ||
            "NetworkErrorRatio() > 0.1 || NetworkErrorRatio() > 0.9 && NetworkErrorRatio() > 0.9 ~ true",
            "(NetworkErrorRatio() > 0.1 || NetworkErrorRatio() > 0.9) && NetworkErrorRatio() > 0.9 ~ false",
            "((LatencyAtQuantileMS(10) == 20)) ~ true",
            "NetworkErrorRatio() > ResponseCodeRatio(500, 600, 0, 600) ~ true",
            "NetworkErrorRatio()>0.25&&ResponseCodeRatio(500,600,0,600)<1 ~ true",
    })
    void evaluates(String expression, boolean expected) {
        assertEquals(expected, CircuitBreakerExpression.parse(expression).test(METRICS));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiterString = " ~ ", value = {
            "'' ~ empty",
            "NetworkErrorRatio() ~ expected a comparison",
            "NetworkErrorRatio > 0.5 ~ expected \"(\"",
            "NetworkErrorRatio() > 0.5 && ~ expected a metric or a number at the end",
            "NetworkErrorRatio() > 0.5 & LatencyAtQuantileMS(50) > 1 ~ unexpected character '&'",
            "NetworkErrorRatio() > 0.5) ~ unexpected \")\" at position 26",
            "(NetworkErrorRatio() > 0.5 ~ expected \")\" at the end",
            "ErrorRatio() > 0.5 ~ unknown function \"ErrorRatio\"",
            "ResponseCodeRatio(500, 600, 0) > 0.5 ~ expected \",\"",
            "ResponseCodeRatio(500.5, 600, 0, 600) > 0.5 ~ expected a status code",
            "LatencyAtQuantileMS(150) > 10 ~ the quantile is a percentage",
            "LatencyAtQuantileMS(abc) > 10 ~ expected a number",
            "NetworkErrorRatio() => 0.5 ~ unexpected character '=' at position 21",
            "NetworkErrorRatio() > 1.2.3 ~ expected a number",
    })
    void rejects(String expression, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CircuitBreakerExpression.parse(expression));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
