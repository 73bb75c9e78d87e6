package org.relaywarden.enforcement.policy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Properties of the policy protocol parser: well-formed requests come back exactly, several on
 * one connection stay apart, and arbitrary bytes give a request, the end, or a protocol error —
 * never another exception, never an attribute the grammar forbids.
 */
class PolicyProtocolProperties {

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    @Provide
    Arbitrary<Map<String, String>> requests() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars('_', '0', '9')
                .ofMinLength(1).ofMaxLength(20).filter(n -> NAME.matcher(n).matches() && !n.equals("request"));
        Arbitrary<String> values = Arbitraries.strings().ascii().withChars('ä', 'ß', '€').ofMaxLength(200)
                .filter(v -> v.indexOf('\n') < 0 && v.indexOf('\r') < 0 && v.indexOf('\0') < 0);
        return Arbitraries.maps(names, values).ofMaxSize(30).map(m -> {
            Map<String, String> r = new LinkedHashMap<>();
            r.put("request", "smtpd_access_policy");
            r.putAll(m);
            return r;
        });
    }

    @Provide
    Arbitrary<List<Map<String, String>>> connections() {
        return requests().list().ofMinSize(1).ofMaxSize(5);
    }

    static byte[] wire(List<Map<String, String>> requests) {
        StringBuilder b = new StringBuilder();
        for (Map<String, String> r : requests) {
            r.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
            b.append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Property(tries = 500)
    void requestsOnOneConnectionComeBackExactlyAndInOrder(@ForAll("connections") List<Map<String, String>> sent)
            throws Exception {
        PolicyRequestReader reader = new PolicyRequestReader(new ByteArrayInputStream(wire(sent)));
        for (Map<String, String> expected : sent) {
            PolicyRequest got = reader.next();
            assertThat(got).isNotNull();
            assertThat(got.attributes()).isEqualTo(expected);
        }
        assertThat(reader.next()).as("end of the connection between requests").isNull();
    }

    @Property(tries = 2000)
    void arbitraryBytesGiveARequestTheEndOrAProtocolError(@ForAll @Size(max = 600) byte[] bytes) throws IOException {
        PolicyRequestReader reader = new PolicyRequestReader(new ByteArrayInputStream(bytes));
        List<PolicyRequest> read = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                PolicyRequest r = reader.next();
                if (r == null) {
                    break;
                }
                read.add(r);
            }
        } catch (PolicyProtocolException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        } catch (RuntimeException e) {
            fail("the parser threw " + e + " instead of a protocol error");
        }
        for (PolicyRequest r : read) {
            assertThat(r.attributes()).containsKey("request");
            r.attributes().forEach((k, v) -> {
                assertThat(k).matches(NAME);
                assertThat(v).doesNotContain("\n");
            });
        }
    }

    @Property(tries = 50)
    void aRequestOverTheLimitIsRefused(@ForAll("requests") Map<String, String> request) throws IOException {
        Map<String, String> big = new LinkedHashMap<>(request);
        // measured as sent (name=value lines), not as Map.toString, which is longer by a separator per attribute
        for (int i = 0; wire(List.of(big)).length <= PolicyRequestReader.MAX_REQUEST + 1; i++) {
            big.put("pad" + i, "x".repeat(1000));
        }
        try {
            new PolicyRequestReader(new ByteArrayInputStream(wire(List.of(big)))).next();
            fail("a request of " + wire(List.of(big)).length + " bytes was accepted");
        } catch (PolicyProtocolException refused) {
            assertThat(refused.getMessage()).containsAnyOf("longer than", "more than");
        }
    }
}
