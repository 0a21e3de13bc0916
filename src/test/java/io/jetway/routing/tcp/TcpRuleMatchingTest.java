package io.jetway.routing.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Syntax ; rule ; SNI ; ALPN offered (comma-separated) ; client IP ; expected match. "-" means no
 * SNI, no ALPN or no known client IP.
 */
class TcpRuleMatchingTest {

    @ParameterizedTest(name = "[{index}] {0} {1} sni={2} alpn={3} ip={4} -> {5}")
    @CsvSource(delimiter = ';', textBlock = """
            # --- HostSNI: exact, case-insensitive, one trailing dot dropped on the rule only ---
            v3 ; HostSNI(`example.com`)               ; example.com       ; -  ; - ; true
            v3 ; HostSNI(`example.com`)               ; EXAMPLE.COM       ; -  ; - ; true
            v3 ; HostSNI(`Example.COM`)               ; example.com       ; -  ; - ; true
            v3 ; HostSNI(`example.com`)               ; ' example.com '   ; -  ; - ; true
            v3 ; HostSNI(`example.com`)               ; example.org       ; -  ; - ; false
            v3 ; HostSNI(`example.com`)               ; www.example.com   ; -  ; - ; false
            v3 ; HostSNI(`example.com`)               ; example.co        ; -  ; - ; false
            v3 ; HostSNI(`example.com`)               ; -                 ; -  ; - ; false
            v3 ; HostSNI(`example.com.`)              ; example.com       ; -  ; - ; true
            v3 ; HostSNI(`example.com`)               ; example.com.      ; -  ; - ; false
            v3 ; HostSNI(`foo_bar.example.com`)       ; foo_bar.example.com ; - ; - ; true
            v3 ; HostSNI(`127.0.0.1`)                 ; 127.0.0.1         ; -  ; - ; true
            v3 ; HostSNI(`10::10`)                    ; 10::10            ; -  ; - ; true
            v3 ; HostSNI(`xn--9t9h.com`)              ; xn--9t9h.com      ; -  ; - ; true
            v3 ; HostSNI(`xn--9t9h.com`)              ; 🦭.com            ; -  ; - ; false
            v3 ; hostsni(`example.com`)               ; example.com       ; -  ; - ; true
            v3 ; HOSTSNI(`example.com`)               ; example.com       ; -  ; - ; true
            v3 ; Hostsni(`example.com`)               ; example.com       ; -  ; - ; true
            v3 ; HostSNI("example.com")               ; example.com       ; -  ; - ; true
            # --- HostSNI(`*`): everything, with or without SNI ---
            v3 ; HostSNI(`*`)                         ; -                 ; -  ; - ; true
            v3 ; HostSNI(`*`)                         ; anything.test     ; h2 ; 10.0.0.1 ; true
            v3 ; HostSNI("*")                         ; -                 ; -  ; - ; true
            # --- wildcards: exactly one extra leftmost label, never the apex ---
            v3 ; HostSNI(`*.example.com`)             ; a.example.com     ; -  ; - ; true
            v3 ; HostSNI(`*.example.com`)             ; A.Example.COM     ; -  ; - ; true
            v3 ; HostSNI(`*.example.com`)             ; example.com       ; -  ; - ; false
            v3 ; HostSNI(`*.example.com`)             ; a.b.example.com   ; -  ; - ; false
            v3 ; HostSNI(`*.example.com`)             ; aexample.com      ; -  ; - ; false
            v3 ; HostSNI(`*.example.com`)             ; a.example.org     ; -  ; - ; false
            v3 ; HostSNI(`*.example.com`)             ; -                 ; -  ; - ; false
            v3 ; HostSNI(`*.example.com.`)            ; a.example.com     ; -  ; - ; true
            v3 ; HostSNI(`*.com`)                     ; example.com       ; -  ; - ; true
            v3 ; HostSNI(`*.com`)                     ; com               ; -  ; - ; false
            # --- HostSNIRegexp: Go regexp, unanchored, on the lowercased SNI (which may be empty) ---
            v3 ; HostSNIRegexp(`^example\\.(com|org)$`) ; example.org     ; -  ; - ; true
            v3 ; HostSNIRegexp(`^example\\.(com|org)$`) ; EXAMPLE.com     ; -  ; - ; true
            v3 ; HostSNIRegexp(`^example\\.(com|org)$`) ; example.com.    ; -  ; - ; false
            v3 ; HostSNIRegexp(`^example\\.(com|org)$`) ; exampleuorg     ; -  ; - ; false
            v3 ; HostSNIRegexp(`example`)             ; www.example.net   ; -  ; - ; true
            v3 ; HostSNIRegexp(`^EXAMPLE`)            ; example.com       ; -  ; - ; false
            v3 ; HostSNIRegexp(`^$`)                  ; -                 ; -  ; - ; true
            v3 ; HostSNIRegexp(`.+`)                  ; -                 ; -  ; - ; false
            v3 ; HostSNIRegexp(`example.{tld:(com|org)}`) ; example.com   ; -  ; - ; false
            v3 ; HostSNIRegexp(`^(?P<sub>[a-z]+)\\.example\\.com$`) ; api.example.com ; - ; - ; true
            v3 ; hostsniregexp(`^a`)                  ; a.com             ; -  ; - ; true
            # --- ClientIP: IP or CIDR, v4 and v6 ---
            v3 ; ClientIP(`10.0.0.1`)                 ; -                 ; -  ; 10.0.0.1 ; true
            v3 ; ClientIP(`10.0.0.1`)                 ; -                 ; -  ; 10.0.0.2 ; false
            v3 ; ClientIP(`20.20.20.20/24`)           ; -                 ; -  ; 20.20.20.40 ; true
            v3 ; ClientIP(`20.20.20.20/24`)           ; -                 ; -  ; 20.20.21.1 ; false
            v3 ; ClientIP(`2001:db8::/32`)            ; -                 ; -  ; 2001:db8:1::5 ; true
            v3 ; ClientIP(`2001:db8::/32`)            ; -                 ; -  ; 2001:db9::1 ; false
            v3 ; ClientIP(`::1`)                      ; -                 ; -  ; ::1 ; true
            v3 ; ClientIP(`10.0.0.0/8`)               ; -                 ; -  ; ::ffff:10.1.2.3 ; true
            v3 ; ClientIP(`10.0.0.0/8`)               ; -                 ; -  ; 2001:db8::1 ; false
            v3 ; ClientIP(`10.0.0.0/8`)               ; -                 ; -  ; - ; false
            v3 ; clientip(`10.0.0.1`)                 ; -                 ; -  ; 10.0.0.1 ; true
            # --- ALPN: one of the offered protocols, compared exactly ---
            v3 ; ALPN(`h2`)                           ; a.com             ; h2 ; - ; true
            v3 ; ALPN(`h2`)                           ; a.com             ; http/1.1,h2 ; - ; true
            v3 ; ALPN(`h2`)                           ; a.com             ; mqtt ; - ; false
            v3 ; ALPN(`h2`)                           ; -                 ; -  ; - ; false
            v3 ; ALPN(`H2`)                           ; a.com             ; h2 ; - ; false
            v3 ; !ALPN(`h2`)                          ; -                 ; -  ; - ; true
            # --- &&, ||, !, parentheses: && binds tighter than || ---
            v3 ; HostSNI(`a.com`) && ClientIP(`10.0.0.1`) ; a.com         ; -  ; 10.0.0.1 ; true
            v3 ; HostSNI(`a.com`) && ClientIP(`10.0.0.1`) ; a.com         ; -  ; 10.0.0.2 ; false
            v3 ; HostSNI(`a.com`) && ClientIP(`10.0.0.1`) ; b.com         ; -  ; 10.0.0.1 ; false
            v3 ; HostSNI(`a.com`) || ClientIP(`10.0.0.1`) ; b.com         ; -  ; 10.0.0.1 ; true
            v3 ; HostSNI(`a.com`) || ClientIP(`10.0.0.1`) ; a.com         ; -  ; 10.0.0.2 ; true
            v3 ; HostSNI(`a.com`) || ClientIP(`10.0.0.1`) ; b.com         ; -  ; 10.0.0.2 ; false
            v3 ; HostSNI(`a.com`) || HostSNI(`b.com`) && ClientIP(`10.0.0.1`) ; a.com ; - ; 10.0.0.2 ; true
            v3 ; HostSNI(`a.com`) || HostSNI(`b.com`) && ClientIP(`10.0.0.1`) ; b.com ; - ; 10.0.0.2 ; false
            v3 ; HostSNI(`a.com`) || HostSNI(`b.com`) && ClientIP(`10.0.0.1`) ; b.com ; - ; 10.0.0.1 ; true
            v3 ; (HostSNI(`a.com`) || HostSNI(`b.com`)) && ClientIP(`10.0.0.1`) ; a.com ; - ; 10.0.0.2 ; false
            v3 ; (HostSNI(`a.com`) || HostSNI(`b.com`)) && ClientIP(`10.0.0.1`) ; b.com ; - ; 10.0.0.1 ; true
            v3 ; ClientIP(`10.0.0.1`) && HostSNI(`a.com`) || HostSNI(`b.com`) ; b.com ; - ; 10.0.0.9 ; true
            v3 ; ClientIP(`10.0.0.1`) && (HostSNI(`a.com`) || HostSNI(`b.com`)) ; b.com ; - ; 10.0.0.9 ; false
            v3 ; !HostSNI(`a.com`)                    ; b.com             ; -  ; - ; true
            v3 ; !HostSNI(`a.com`)                    ; a.com             ; -  ; - ; false
            v3 ; !HostSNI(`a.com`)                    ; -                 ; -  ; - ; true
            v3 ; !!HostSNI(`a.com`)                   ; a.com             ; -  ; - ; true
            v3 ; !HostSNI(`a.com`) && ClientIP(`10.0.0.1`) ; a.com        ; -  ; 10.0.0.1 ; false
            v3 ; !(HostSNI(`a.com`) && ClientIP(`10.0.0.2`)) ; a.com      ; -  ; 10.0.0.2 ; false
            v3 ; !(HostSNI(`a.com`) && ClientIP(`10.0.0.2`)) ; a.com      ; -  ; 10.0.0.1 ; true
            v3 ; !(HostSNI(`a.com`) || ClientIP(`10.0.0.2`)) ; b.com      ; -  ; 10.0.0.1 ; true
            v3 ; !(HostSNI(`a.com`) || ClientIP(`10.0.0.2`)) ; b.com      ; -  ; 10.0.0.2 ; false
            v3 ; ALPN(`h2c`) && (!ALPN(`h2`) || HostSNI(`example.eu`)) ; example.com ; h2c,http/1.1 ; - ; true
            v3 ; ALPN(`h2c`) && (!ALPN(`h2`) || HostSNI(`example.eu`)) ; example.com ; h2c,http/1.1,h2 ; - ; false
            v3 ; ALPN(`h2c`) && (!ALPN(`h2`) || HostSNI(`example.eu`)) ; example.eu ; h2c,h2 ; - ; true
            v3 ; HostSNI(`*`) && !ALPN(`h2`) && !ALPN(`http/1.1`) ; unknown.test ; mqtt ; - ; true
            v3 ; HostSNI(`*`) && !ALPN(`h2`) && !ALPN(`http/1.1`) ; unknown.test ; h2 ; - ; false
            # --- the syntax name Traefik's Gateway provider writes ---
            default ; HostSNI(`a.com`)                ; a.com             ; -  ; - ; true
            # --- v2: several arguments, any of which matches ---
            v2 ; HostSNI(`a.com`, `b.com`)            ; b.com             ; -  ; - ; true
            v2 ; HostSNI(`a.com`, `b.com`)            ; c.com             ; -  ; - ; false
            v2 ; HostSNI(`A.com`)                     ; a.com             ; -  ; - ; true
            v2 ; HostSNI(`a.com.`)                    ; a.com             ; -  ; - ; true
            v2 ; HostSNI(`a.com`)                     ; -                 ; -  ; - ; false
            v2 ; HostSNI(`*`)                         ; -                 ; -  ; - ; true
            v2 ; HostSNI(`a.com`, `*`)                ; -                 ; -  ; - ; false
            v2 ; HostSNI(`a.com`, `*`)                ; z.org             ; -  ; - ; true
            v2 ; hostsni(`foobar`)                    ; foobar            ; -  ; - ; true
            v2 ; HostSNIRegexp(`{subdomain:[a-z]+}.foobar`) ; sub.foobar  ; -  ; - ; true
            v2 ; HostSNIRegexp(`{subdomain:[a-z]+}.foobar`) ; a.sub.foobar ; - ; - ; false
            v2 ; HostSNIRegexp(`{subdomain:[a-z]+}.foobar`) ; subxfoobar  ; -  ; - ; false
            v2 ; HostSNIRegexp(`{dummy}`)             ; toto              ; -  ; - ; true
            v2 ; HostSNIRegexp(`{dummy}`)             ; toto.com          ; -  ; - ; false
            v2 ; HostSNIRegexp(`{subdomain:[a-z]*}`)  ; -                 ; -  ; - ; true
            v2 ; HostSNIRegexp(`{sub:[A-Z]+}.foobar`) ; sub.foobar        ; -  ; - ; true
            v2 ; HostSNIRegexp(`a.com`, `{x}.b.com`)  ; y.b.com           ; -  ; - ; true
            v2 ; HostSNIRegexp(`a.com`, `{x}.b.com`)  ; y.c.com           ; -  ; - ; false
            v2 ; ClientIP(`10.0.0.1`, `10.0.0.0`)     ; -                 ; -  ; 10.0.0.0 ; true
            v2 ; ClientIP(`11.0.0.0/16`, `10.0.0.0/16`) ; -               ; -  ; 10.0.5.5 ; true
            v2 ; ClientIP(`11.0.0.0/16`, `10.0.0.0/16`) ; -               ; -  ; 12.0.0.1 ; false
            v2 ; ClientIP(`11::/16`)                  ; -                 ; -  ; 11::1 ; true
            v2 ; ClientIP(`11::/16`)                  ; -                 ; -  ; 10:: ; false
            v2 ; ClientIP(`10.0.0.1`)                 ; -                 ; -  ; - ; false
            v2 ; ALPN(`h2`, `mqtt`)                   ; a.com             ; mqtt ; - ; true
            v2 ; ALPN(`h2`, `mqtt`)                   ; a.com             ; http/1.1 ; - ; false
            v2 ; HostSNI(`foobar`) && ClientIP(`10.0.0.1`) ; foobar       ; -  ; 10.0.0.1 ; true
            v2 ; HostSNI(`foobar`) && !ClientIP(`10.0.0.1`) ; foobar      ; -  ; 10.0.0.1 ; false
            """)
    void matches(String syntax, String rule, String sni, String alpn, String ip, boolean expected)
            throws UnknownHostException {
        TcpConnectionInfo connection = new TcpConnectionInfo(
                sni.equals("-") ? "" : sni,
                alpn.equals("-") ? List.of() : List.of(alpn.split(",")),
                ip.equals("-") ? null : InetAddress.getByName(ip));
        assertEquals(expected, TcpRule.parse(rule, syntax).matches(connection));
    }
}
