package io.jetway.routing.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rule ; request (see {@link FakeRequest#parse}) ; expected match. Besides the match, every
 * matching request must be covered by the rule's host keys, or an index built from them would
 * lose the route.
 */
class RuleMatchingTest {

    @ParameterizedTest(name = "[{index}] {0} {1} on \"{2}\" -> {3}")
    @CsvSource(delimiter = ';', textBlock = """
            # --- Host ---
            V3 ; Host(`example.com`)              ; GET example.com /             ; true
            V3 ; Host(`example.com`)              ; GET EXAMPLE.COM /             ; true
            V3 ; Host(`Example.COM`)              ; GET example.com /             ; true
            V3 ; Host(`example.com`)              ; GET example.com:8080 /        ; true
            V3 ; Host(`example.com:8080`)         ; GET example.com:8080 /        ; false
            V3 ; Host(`example.com.`)             ; GET example.com /             ; true
            V3 ; Host(`example.com`)              ; GET example.com. /            ; true
            V3 ; Host(`example.com.`)             ; GET example.com.:443 /        ; true
            V3 ; Host(`example.com`)              ; GET www.example.com /         ; false
            V3 ; Host(`example.com`)              ; GET example.org /             ; false
            V3 ; Host(`example.com`)              ; GET example.co /              ; false
            V3 ; Host(`example.com`)              ; GET - /                       ; false
            V3 ; Host(`*.example.com`)            ; GET a.example.com /           ; true
            V3 ; Host(`*.example.com`)            ; GET A.Example.COM /           ; true
            V3 ; Host(`*.example.com`)            ; GET a.example.com. /          ; true
            V3 ; Host(`*.example.com`)            ; GET a.b.example.com /         ; false
            V3 ; Host(`*.example.com`)            ; GET example.com /             ; false
            V3 ; Host(`*.example.com`)            ; GET aexample.com /            ; false
            V3 ; Host(`*.example.com`)            ; GET - /                       ; false
            V3 ; Host(`*`)                        ; GET - /                       ; true
            V3 ; Host(`*`)                        ; GET anything.test:81 /        ; true
            V3 ; Host(`::1`)                      ; GET [::1]:8080 /              ; true
            V3 ; Host(`[::1]`)                    ; GET [::1] /                   ; true
            V3 ; Host(`2001:DB8::1`)              ; GET [2001:db8::1] /           ; true
            V3 ; Host(`10.0.0.1`)                 ; GET 10.0.0.1:443 /            ; true
            V3 ; Host(`10.0.0.1`)                 ; GET 10.0.0.10 /               ; false
            V3 ; host(`example.com`)              ; GET example.com /             ; true
            V3 ; HOST(`example.com`)              ; GET example.com /             ; true
            V3 ; Host("example.com")              ; GET example.com /             ; true
            # --- HostRegexp: unanchored, on the lowercased host ---
            V3 ; HostRegexp(`^[a-z]+\\.example\\.com$`)  ; GET api.example.com /    ; true
            V3 ; HostRegexp(`^[a-z]+\\.example\\.com$`)  ; GET a.b.example.com /    ; false
            V3 ; HostRegexp(`^[a-z]+\\.example\\.com$`)  ; GET API.Example.com:80 / ; true
            V3 ; HostRegexp(`example`)            ; GET www.example.org /         ; true
            V3 ; HostRegexp(`^EXAMPLE`)           ; GET example.com /             ; false
            V3 ; HostRegexp(`.+`)                 ; GET - /                       ; false
            V3 ; HostRegexp(`^(?P<sub>[a-z]+)\\.example\\.com$`) ; GET api.example.com / ; true
            V3 ; HostRegexp(`^{x}\\.com$`)        ; GET {x}.com /                 ; true
            V3 ; Hostregexp(`^ex`)                ; GET example.com /             ; true
            V3 ; hostregexp(`^ex`)                ; GET example.com /             ; true
            V3 ; HOSTREGEXP(`^ex`)                ; GET example.com /             ; true
            # --- Path / PathPrefix / PathRegexp on the routing path ---
            V3 ; Path(`/abc`)                     ; GET h /abc                    ; true
            V3 ; Path(`/abc`)                     ; GET h /abc/                   ; false
            V3 ; Path(`/abc`)                     ; GET h /ABC                    ; false
            V3 ; Path(`/abc`)                     ; GET h /abc?x=1                ; true
            V3 ; Path(`/abc`)                     ; GET h /%61bc                  ; true
            V3 ; Path(`/abc`)                     ; GET h /%61%62%63              ; true
            V3 ; Path(`/a/b`)                     ; GET h /a%2Fb                  ; false
            V3 ; Path(`/a%2Fb`)                   ; GET h /a%2fb                  ; true
            V3 ; Path(`/caf%C3%A9`)               ; GET h /caf%c3%a9              ; true
            V3 ; Path(`/~user`)                   ; GET h /%7Euser                ; true
            V3 ; PathPrefix(`/products`)          ; GET h /products-for-sale      ; true
            V3 ; PathPrefix(`/products`)          ; GET h /products/1             ; true
            V3 ; PathPrefix(`/products`)          ; GET h /products               ; true
            V3 ; PathPrefix(`/products`)          ; GET h /product                ; false
            V3 ; PathPrefix(`/`)                  ; GET h /                       ; true
            V3 ; PathPrefix(`/api`)               ; GET h /%61pi/v1               ; true
            V3 ; PathPrefix(`/a/`)                ; GET h /a%2F                   ; false
            V3 ; PathPrefix(`/API`)               ; GET h /api                    ; false
            V3 ; pathprefix(`/api`)               ; GET h /api                    ; true
            V3 ; PATHPREFIX(`/api`)               ; GET h /api                    ; true
            V3 ; Pathprefix(`/api`)               ; GET h /api                    ; true
            V3 ; PathRegexp(`^/users/[0-9]+$`)    ; GET h /users/42               ; true
            V3 ; PathRegexp(`^/users/[0-9]+$`)    ; GET h /users/abc              ; false
            V3 ; PathRegexp(`[0-9]+`)             ; GET h /v2/x                   ; true
            V3 ; PathRegexp(`\\.(png|jpg)$`)      ; GET h /img/a.png              ; true
            V3 ; PathRegexp(`\\.(png|jpg)$`)      ; GET h /img/a.gif              ; false
            V3 ; PathRegexp(`/a%2Fb`)             ; GET h /x/a%2fb                ; true
            V3 ; PathRegexp(`^/n/[0-9]{2}$`)      ; GET h /n/12                   ; true
            # --- Method: uppercased rule, exact request ---
            V3 ; Method(`GET`)                    ; GET h /                       ; true
            V3 ; Method(`get`)                    ; GET h /                       ; true
            V3 ; Method(`GET`)                    ; get h /                       ; false
            V3 ; Method(`POST`)                   ; GET h /                       ; false
            V3 ; method(`DELETE`)                 ; DELETE h /                    ; true
            # --- Header / HeaderRegexp ---
            V3 ; Header(`X-Env`, `prod`)          ; GET h / h:X-Env=prod          ; true
            V3 ; Header(`x-env`, `prod`)          ; GET h / h:X-ENV=prod          ; true
            V3 ; Header(`X-Env`, `prod`)          ; GET h / h:X-Env=Prod          ; false
            V3 ; Header(`X-Env`, `prod`)          ; GET h / h:X-Env=dev h:X-Env=prod ; true
            V3 ; Header(`X-Env`, `prod`)          ; GET h / h:X-Env=dev,prod      ; false
            V3 ; Header(`X-Env`, `dev,prod`)      ; GET h / h:X-Env=dev,prod      ; true
            V3 ; Header(`X-Env`, `prod`)          ; GET h /                       ; false
            V3 ; Header(`X-Env`, `prod`)          ; GET h / h:X-Other=prod        ; false
            V3 ; HeaderRegexp(`X-Env`, `^pr`)     ; GET h / h:X-Env=prod          ; true
            V3 ; HeaderRegexp(`X-Env`, `od`)      ; GET h / h:X-Env=prod          ; true
            V3 ; HeaderRegexp(`X-Env`, `^dev$`)   ; GET h / h:X-Env=prod h:X-Env=dev ; true
            V3 ; HeaderRegexp(`X-Env`, `^dev$`)   ; GET h / h:X-Env=prod          ; false
            V3 ; HeaderRegexp(`X-Env`, `.*`)      ; GET h /                       ; false
            V3 ; headerregexp(`X-Env`, `d`)       ; GET h / h:X-Env=dev           ; true
            # --- Query / QueryRegexp on decoded parameters ---
            V3 ; Query(`debug`)                   ; GET h /?debug                 ; true
            V3 ; Query(`debug`)                   ; GET h /?debug=                ; true
            V3 ; Query(`debug`)                   ; GET h /?debug=1               ; false
            V3 ; Query(`debug`)                   ; GET h /?debug=1&debug=        ; true
            V3 ; Query(`debug`)                   ; GET h /?other                 ; false
            V3 ; Query(`debug`, `1`)              ; GET h /?debug=1               ; true
            V3 ; Query(`debug`, `1`)              ; GET h /?debug=2               ; false
            V3 ; Query(`k`, `2`)                  ; GET h /?k=1&k=2               ; true
            V3 ; Query(`q`, `a b`)                ; GET h /?q=a%20b               ; true
            V3 ; Query(`q`, `a b`)                ; GET h /?q=a+b                 ; true
            V3 ; Query(`q`, `x&y`)                ; GET h /?q=x%26y               ; true
            V3 ; Query(`my key`, `v`)             ; GET h /?my%20key=v            ; true
            V3 ; Query(`k`, `v`)                  ; GET h /?K=v                   ; false
            V3 ; QueryRegexp(`id`, `^[0-9]+$`)    ; GET h /?id=42                 ; true
            V3 ; QueryRegexp(`id`, `^[0-9]+$`)    ; GET h /?id=4x                 ; false
            V3 ; QueryRegexp(`id`, `[0-9]`)       ; GET h /?id=x4x                ; true
            V3 ; QueryRegexp(`id`, `.*`)          ; GET h /?other=1               ; false
            V3 ; QueryRegexp(`q`, `^a b$`)        ; GET h /?q=a%20b               ; true
            # --- ClientIP: the peer address only ---
            V3 ; ClientIP(`10.0.0.1`)             ; GET h / ip:10.0.0.1           ; true
            V3 ; ClientIP(`10.0.0.1`)             ; GET h / ip:10.0.0.2           ; false
            V3 ; ClientIP(`10.0.0.0/8`)           ; GET h / ip:10.200.3.4         ; true
            V3 ; ClientIP(`10.0.0.0/8`)           ; GET h / ip:11.0.0.1           ; false
            V3 ; ClientIP(`192.168.1.0/24`)       ; GET h / ip:192.168.1.255      ; true
            V3 ; ClientIP(`192.168.1.0/24`)       ; GET h / ip:192.168.2.0        ; false
            V3 ; ClientIP(`10.1.2.3/8`)           ; GET h / ip:10.9.9.9           ; true
            V3 ; ClientIP(`0.0.0.0/0`)            ; GET h / ip:203.0.113.9        ; true
            V3 ; ClientIP(`0.0.0.0/0`)            ; GET h / ip:::1                ; false
            V3 ; ClientIP(`::1`)                  ; GET h / ip:::1                ; true
            V3 ; ClientIP(`::1`)                  ; GET h / ip:[::1]              ; true
            V3 ; ClientIP(`::1`)                  ; GET h / ip:127.0.0.1          ; false
            V3 ; ClientIP(`2001:db8::/32`)        ; GET h / ip:2001:db8:1::5      ; true
            V3 ; ClientIP(`2001:db8::/32`)        ; GET h / ip:2001:db9::1        ; false
            V3 ; ClientIP(`2001:DB8::1`)          ; GET h / ip:2001:db8:0:0:0:0:0:1 ; true
            V3 ; ClientIP(`fe80::/10`)            ; GET h / ip:fe80::1%eth0       ; true
            V3 ; ClientIP(`10.0.0.1`)             ; GET h / ip:::ffff:10.0.0.1    ; true
            V3 ; ClientIP(`::ffff:10.0.0.0/104`)  ; GET h / ip:10.1.1.1           ; true
            V3 ; ClientIP(`10.0.0.1`)             ; GET h / ip:192.0.2.7 h:X-Forwarded-For=10.0.0.1 ; false
            V3 ; ClientIP(`10.0.0.1`)             ; GET h / ip:not-an-ip          ; false
            V3 ; clientip(`10.0.0.1`)             ; GET h / ip:10.0.0.1           ; true
            # --- quoting and escapes ---
            V3 ; Header(`X-Q`, "a\\"b")           ; GET h / h:X-Q=a"b             ; true
            V3 ; Header(`X-Q`, "back\\\\slash")   ; GET h / h:X-Q=back\\slash     ; true
            V3 ; Header(`X-Q`, `back\\\\slash`)   ; GET h / h:X-Q=back\\\\slash   ; true
            V3 ; Header(`X-Q`, `a\\nb`)           ; GET h / h:X-Q=a\\nb           ; true
            V3 ; Header("X-Q", "\\x41\\u0042")    ; GET h / h:X-Q=AB              ; true
            V3 ; PathRegexp("^/a\\\\.b$")         ; GET h /a.b                    ; true
            V3 ; PathRegexp("^/a\\\\.b$")         ; GET h /axb                    ; false
            V3 ; Host(`a.com`) && Path("/x")      ; GET a.com /x                  ; true
            # --- operators and precedence ---
            V3 ; Host(`a.com`) && Path(`/x`)      ; GET a.com /x                  ; true
            V3 ; Host(`a.com`) && Path(`/x`)      ; GET a.com /y                  ; false
            V3 ; Host(`a.com`) && Path(`/x`)      ; GET b.com /x                  ; false
            V3 ; Host(`a.com`)&&Path(`/x`)        ; GET a.com /x                  ; true
            V3 ; Host(`a.com`) || Host(`b.com`)   ; GET b.com /                   ; true
            V3 ; Host(`a.com`) || Host(`b.com`)   ; GET c.com /                   ; false
            V3 ; Host(`a.com`) || Host(`b.com`) && Path(`/x`)   ; GET a.com /y    ; true
            V3 ; Host(`a.com`) || Host(`b.com`) && Path(`/x`)   ; GET b.com /y    ; false
            V3 ; Host(`a.com`) || Host(`b.com`) && Path(`/x`)   ; GET b.com /x    ; true
            V3 ; Path(`/x`) && Host(`b.com`) || Host(`a.com`)   ; GET a.com /y    ; true
            V3 ; (Host(`a.com`) || Host(`b.com`)) && Path(`/x`) ; GET a.com /y    ; false
            V3 ; (Host(`a.com`) || Host(`b.com`)) && Path(`/x`) ; GET b.com /x    ; true
            V3 ; !Host(`a.com`)                   ; GET b.com /                   ; true
            V3 ; !Host(`a.com`)                   ; GET a.com /                   ; false
            V3 ; !Host(`a.com`)                   ; GET - /                       ; true
            V3 ; !(Host(`a.com`) || Host(`b.com`)) ; GET b.com /                  ; false
            V3 ; !(Host(`a.com`) || Host(`b.com`)) ; GET c.com /                  ; true
            V3 ; !(Host(`a.com`) && Path(`/x`))   ; GET a.com /y                  ; true
            V3 ; !!Host(`a.com`)                  ; GET a.com /                   ; true
            V3 ; ! Path(`/x`) && Method(`GET`)    ; GET h /y                      ; true
            V3 ; ! Path(`/x`) && Method(`GET`)    ; GET h /x                      ; false
            V3 ; ((Host(`a.com`)) && ((Path(`/x`)) || Path(`/y`))) ; GET a.com /y ; true
            V3 ; Host(`a.com`) && !(Path(`/x`) || Method(`POST`))  ; POST a.com /z ; false
            V3 ; Host(`a.com`) && !(Path(`/x`) || Method(`POST`))  ; GET a.com /z  ; true
            V3 ; Path(`/x`) || Path(`/y`) || Path(`/z`) ; GET h /z                ; true
            V3 ; Method(`GET`) && Method(`POST`)  ; GET h /                       ; false
            V3 ;    Host(`a.com`)    &&   Path(`/x`)   ; GET a.com /x             ; true
            # --- rules from the seeds ---
            V3 ; Host(`traefik.internal.example.com`) && (PathPrefix(`/api`) || PathPrefix(`/dashboard`)) ; GET traefik.internal.example.com /dashboard/ ; true
            V3 ; Host(`traefik.internal.example.com`) && (PathPrefix(`/api`) || PathPrefix(`/dashboard`)) ; GET traefik.internal.example.com /other ; false
            V3 ; Host(`api.example.com`) && HeadersRegexp(`X-Debug`, `true`) ; GET api.example.com / h:X-Debug=true ; true
            V3 ; Host(`api.example.com`) && HeadersRegexp(`X-Debug`, `true`) ; GET api.example.com /                ; false
            # --- v2 names accepted in v3 (with a warning, see RuleWarningsTest) ---
            V3 ; Headers(`X-Env`, `prod`)         ; GET h / h:X-Env=prod          ; true
            V3 ; Headers(`X-Env`, `prod`)         ; GET h / h:X-Env=dev           ; false
            V3 ; HeadersRegexp(`X-Env`, `^p`)     ; GET h / h:X-Env=dev           ; false
            V3 ; HostHeader(`example.com`)        ; GET example.com /             ; true
            V3 ; HostHeader(`*.example.com`)      ; GET a.example.com /           ; true
            # --- v2 syntax ---
            V2 ; Host(`a.com`, `b.com`)           ; GET b.com /                   ; true
            V2 ; Host(`a.com`, `b.com`)           ; GET c.com /                   ; false
            V2 ; Host(`A.com`)                    ; GET a.com:80 /                ; true
            V2 ; Host(`a.com.`)                   ; GET a.com /                   ; true
            V2 ; Host(`*.example.com`)            ; GET a.example.com /           ; false
            V2 ; HostHeader(`a.com`, `b.com`)     ; GET a.com /                   ; true
            V2 ; host(`a.com`)                    ; GET a.com /                   ; true
            V2 ; HostRegexp(`{subdomain:[a-z]+}.example.com`) ; GET api.example.com /            ; true
            V2 ; HostRegexp(`{subdomain:[a-z]+}.example.com`) ; GET a1.example.com /             ; false
            V2 ; HostRegexp(`{subdomain:[a-z]+}.example.com`) ; GET api.example.com.evil.org /   ; false
            V2 ; HostRegexp(`{subdomain:[a-z]+}.example.com`) ; GET evil.api.example.com /       ; false
            V2 ; HostRegexp(`{subdomain:[a-z]+}.example.com`) ; GET API.example.com:8443 /       ; true
            V2 ; HostRegexp(`{subdomain}.example.com`)        ; GET x-1.example.com /            ; true
            V2 ; HostRegexp(`{subdomain}.example.com`)        ; GET a.b.example.com /            ; false
            V2 ; HostRegexp(`example.com`)                    ; GET exampleXcom /                ; false
            V2 ; HostRegexp(`{sub:[a-z]+}.Example.COM`)       ; GET api.example.com /            ; true
            V2 ; HostRegexp(`a.com`, `{x:[0-9]+}.b.com`)      ; GET 42.b.com /                   ; true
            V2 ; HostRegexp(`{x:[0-9]{2,3}}.b.com`)           ; GET 123.b.com /                  ; true
            V2 ; HostRegexp(`{x:[0-9]{2,3}}.b.com`)           ; GET 1234.b.com /                 ; false
            V2 ; HOSTREGEXP(`{x}.a.com`)                      ; GET b.a.com /                    ; true
            V2 ; Path(`/users/{id:[0-9]+}`)       ; GET h /users/42               ; true
            V2 ; Path(`/users/{id:[0-9]+}`)       ; GET h /users/42/x             ; false
            V2 ; Path(`/users/{id:[0-9]+}`)       ; GET h /users/x                ; false
            V2 ; Path(`/users/{id}`)              ; GET h /users/abc              ; true
            V2 ; Path(`/users/{id}`)              ; GET h /users/a/b              ; false
            V2 ; Path(`/a`, `/b`)                 ; GET h /b                      ; true
            V2 ; Path(`/a.b`)                     ; GET h /axb                    ; false
            V2 ; Path(`/abc`)                     ; GET h /%61bc                  ; true
            V2 ; PathPrefix(`/api/{version:v[0-9]+}`) ; GET h /api/v2/users       ; true
            V2 ; PathPrefix(`/api/{version:v[0-9]+}`) ; GET h /api/x/users        ; false
            V2 ; PathPrefix(`/api/{version:v[0-9]+}`) ; GET h /x/api/v2           ; false
            V2 ; PathPrefix(`/products`)          ; GET h /products-for-sale      ; true
            V2 ; PathPrefix(`/a`, `/b`)           ; GET h /c                      ; false
            V2 ; Method(`GET`, `post`)            ; POST h /                      ; true
            V2 ; Method(`GET`, `POST`)            ; PUT h /                       ; false
            V2 ; Headers(`X-Env`, `prod`)         ; GET h / h:X-Env=prod          ; true
            V2 ; Headers(`X-Env`, `prod`)         ; GET h / h:X-Env=prod2         ; false
            V2 ; HeadersRegexp(`X-Env`, `^pr`)    ; GET h / h:X-Env=prod          ; true
            V2 ; Query(`k=v`)                     ; GET h /?k=v                   ; true
            V2 ; Query(`k=v`)                     ; GET h /?k=w                   ; false
            V2 ; Query(`k=v`, `x=1`)              ; GET h /?k=v&x=1               ; true
            V2 ; Query(`k=v`, `x=1`)              ; GET h /?k=v                   ; false
            V2 ; Query(`k`)                       ; GET h /?k=anything            ; true
            V2 ; Query(`k=`)                      ; GET h /?k=anything            ; true
            V2 ; Query(`k`)                       ; GET h /?j=1                   ; false
            V2 ; Query(`q=a b`)                   ; GET h /?q=a%20b               ; true
            V2 ; Query(`id={id:[0-9]+}`)          ; GET h /?id=12                 ; true
            V2 ; Query(`id={id:[0-9]+}`)          ; GET h /?id=12a                ; false
            V2 ; ClientIP(`10.0.0.0/8`, `192.168.0.1`) ; GET h / ip:192.168.0.1   ; true
            V2 ; ClientIP(`10.0.0.0/8`, `192.168.0.1`) ; GET h / ip:192.168.0.2   ; false
            V2 ; Host(`a.com`) && (Path(`/x`) || !Method(`GET`)) ; POST a.com /y  ; true
            V2 ; Host(`a.com`) && (Path(`/x`) || !Method(`GET`)) ; GET a.com /y   ; false
            """)
    void matches(RuleSyntax syntax, String rule, String request, boolean expected) {
        Rule parsed = RuleParser.parse(rule, syntax);
        FakeRequest fake = FakeRequest.parse(request);

        assertEquals(expected, parsed.matches(fake));
        if (expected && parsed.hostKeys().indexable()) {
            assertTrue(covers(parsed.hostKeys(), fake.host()),
                    () -> "host keys " + parsed.hostKeys() + " miss matching host " + fake.host());
        }
    }

    private static boolean covers(HostKeys keys, String host) {
        String suffix = HostKeys.wildcardSuffixOf(host);
        return keys.exact().contains(host) || (suffix != null && keys.wildcards().contains(suffix));
    }
}
