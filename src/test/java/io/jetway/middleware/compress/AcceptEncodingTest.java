package io.jetway.middleware.compress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The negotiation of a content coding, as Traefik's compress middleware does it. */
class AcceptEncodingTest {

    @ParameterizedTest(name = "Accept-Encoding \"{0}\", offered {1}, default {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            // header                       | offered  | default | chosen
            "NONE                           | gzip br  | NONE    | NONE",
            "NONE                           | gzip br  | br      | br",
            "''                             | gzip br  | br      | NONE",
            "gzip                           | gzip br  | NONE    | gzip",
            "br                             | gzip br  | NONE    | br",
            "deflate                        | gzip br  | NONE    | NONE",
            "gzip, br                       | gzip br  | NONE    | gzip",
            "gzip, br                       | br gzip  | NONE    | br",
            "br;q=0.5, gzip;q=0.8           | br gzip  | NONE    | gzip",
            "GZIP;Q=0.2, br;q=0.1           | br gzip  | NONE    | gzip",
            "gzip;q=0                       | gzip br  | NONE    | NONE",
            "*                              | gzip br  | NONE    | gzip",
            "*                              | gzip br  | br      | br",
            "*;q=0.5, br                    | gzip br  | NONE    | br",
            "*, gzip;q=0                    | gzip br  | NONE    | br",
            "identity;q=1, gzip;q=0.5       | gzip br  | NONE    | NONE",
            "identity;q=0.1, gzip;q=0.5     | gzip br  | NONE    | gzip",
            "gzip;q=abc                     | gzip br  | NONE    | gzip",
    })
    void picksTheHighestWeightThenTheServersOrder(String header, String offered, String defaultEncoding, String chosen) {
        List<String> values = header == null ? null : List.of(header);
        assertEquals(chosen, AcceptEncoding.choose(values, List.of(offered.split(" ")), defaultEncoding));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"br;q=0.3|gzip;q=0.9|gzip", "gzip;q=0.3|br|br"})
    void severalHeaderLinesCountAsOneList(String first, String second, String chosen) {
        assertEquals(chosen, AcceptEncoding.choose(List.of(first, second), List.of("gzip", "br"), null));
    }
}
