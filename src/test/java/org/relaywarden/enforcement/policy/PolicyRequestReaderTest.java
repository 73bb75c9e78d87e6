package org.relaywarden.enforcement.policy;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyRequestReaderTest {

    static PolicyRequestReader reader(String text) {
        return new PolicyRequestReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsSeveralRequestsFromOneConnection() throws Exception {
        PolicyRequestReader r = reader("request=smtpd_access_policy\nprotocol_state=RCPT\nsasl_username=alice@example.test\n"
                + "recipient=x@y.test\nrecipient_count=0\n\nrequest=smtpd_access_policy\nprotocol_state=END-OF-MESSAGE\n"
                + "queue_id=4jcVBN74pDzJ9B4\nrecipient_count=3\nsender=a=b@c.test\n\n");
        PolicyRequest first = r.next();
        assertThat(first.protocolState()).isEqualTo("RCPT");
        assertThat(first.saslUsername()).isEqualTo("alice@example.test");
        PolicyRequest second = r.next();
        assertThat(second.queueId()).isEqualTo("4jcVBN74pDzJ9B4");
        assertThat(second.recipientCount()).isEqualTo(3);
        assertThat(second.sender()).as("only the first = separates").isEqualTo("a=b@c.test");
        assertThat(r.next()).as("closed between requests").isNull();
    }

    @Test
    void acceptsCrLfAndEmptyValues() throws Exception {
        PolicyRequest r = reader("request=smtpd_access_policy\r\nsasl_username=\r\n\r\n").next();
        assertThat(r.saslUsername()).isEmpty();
        assertThat(r.recipientCount()).isZero();
    }

    @Test
    void refusesMalformedRequests() {
        assertThatThrownBy(() -> reader("no equals sign\n\n").next()).isInstanceOf(PolicyProtocolException.class);
        assertThatThrownBy(() -> reader("Bad-Name=x\n\n").next()).isInstanceOf(PolicyProtocolException.class);
        assertThatThrownBy(() -> reader("\n").next()).hasMessageContaining("empty request");
        assertThatThrownBy(() -> reader("sasl_username=a@b.test\n\n").next()).hasMessageContaining("request attribute");
        assertThatThrownBy(() -> reader("request=smtpd_access_policy\nsasl_username=a\0b\n\n").next()).hasMessageContaining("NUL");
        assertThatThrownBy(() -> reader("request=smtpd_access_policy\n").next()).hasMessageContaining("closed inside");
    }

    @Test
    void refusesOversizedRequests() {
        assertThatThrownBy(() -> reader("request=" + "x".repeat(PolicyRequestReader.MAX_LINE) + "\n\n").next())
                .hasMessageContaining("line longer");
        StringBuilder many = new StringBuilder("request=smtpd_access_policy\n");
        for (int i = 0; i < PolicyRequestReader.MAX_ATTRIBUTES + 1; i++) {
            many.append("a").append(i).append("=x\n");
        }
        assertThatThrownBy(() -> reader(many + "\n").next()).hasMessageContaining("attributes");
        StringBuilder big = new StringBuilder("request=smtpd_access_policy\n");
        for (int i = 0; i < 20; i++) {
            big.append("a").append(i).append("=").append("y".repeat(4000)).append("\n");
        }
        assertThatThrownBy(() -> reader(big + "\n").next()).hasMessageContaining("request longer");
    }
}
