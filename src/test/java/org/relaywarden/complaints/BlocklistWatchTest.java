package org.relaywarden.complaints;

import org.relaywarden.testsupport.Ports;
import org.assertj.core.api.Assertions;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.enforcement.sandbox.SandboxMailServer;
import org.relaywarden.security.ApiTokens;
import org.relaywarden.security.Roles;
import org.relaywarden.testsupport.TinyDnsServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blocklist check against a real DNS server on a local port (answering as a DNSBL zone does), configured as
 * docs/complaints.md tells a provider: a listing becomes a provider-level record naming the accounts that sent the
 * most, shown by the API and the metric, opens no account's case, and closes when the list drops the address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.process-engine-name=blocklists",
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "camunda.bpm.job-execution.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:blocklists;DB_CLOSE_DELAY=-1",
        "relaywarden.detection.deferred.interval=PT1H",
        "relaywarden.detection.rate.interval=PT1H",
        "relaywarden.blocklists.enabled=true",
        "relaywarden.blocklists.addresses=192.0.2.25, 2001:db8::25",
        "relaywarden.blocklists.lists=zen.dnsbl.test, bl.dnsbl.test, refusing.dnsbl.test",
        "relaywarden.blocklists.timeout=PT2S",
        // the risk off: the floods only make traffic for the listing's top senders; the core the sandbox asks would
        // hold them (accounts without a profile) and open cases of their own (SandboxAsksThePolicyCoreTest)
        "relaywarden.risk.enabled=false"})
@DirtiesContext
class BlocklistWatchTest {

    static TinyDnsServer dns = TinyDnsServer.start();

    @DynamicPropertySource
    static void dnsServer(DynamicPropertyRegistry registry) {
        registry.add("relaywarden.blocklists.dns-server", dns::address);
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    @Autowired
    BlocklistWatch watch;
    @Autowired
    SandboxMailServer sandbox;
    @Autowired
    CaseRecords cases;
    @Autowired
    ApiTokens tokens;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    MeterRegistry meters;

    @Test
    void aListingIsRecordedWithTheTopSendersAndClosedWhenTheListDropsIt() {
        Account heavy = Account.parse("heavy@dnsbl.test");
        Account light = Account.parse("light@dnsbl.test");
        sandbox.flood(heavy, 40, 1, SandboxMailServer.Upstream.ACCEPTS);
        sandbox.flood(light, 3, 1, SandboxMailServer.Upstream.ACCEPTS);
        dns.answer("25.2.0.192.zen.dnsbl.test", List.of("127.0.0.2", "127.0.0.4"), "https://www.dnsbl.test/query/ip/192.0.2.25");
        dns.answer("5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.bl.dnsbl.test", List.of("127.0.0.2"), null);
        dns.answer("25.2.0.192.refusing.dnsbl.test", List.of("127.255.255.254"), "query refused");

        List<DnsblLookup.Answer> answers = watch.check();
        assertThat(answers).extracting(DnsblLookup.Answer::address, DnsblLookup.Answer::list, DnsblLookup.Answer::result)
                .contains(Tuple.tuple("192.0.2.25", "zen.dnsbl.test", DnsblLookup.Result.LISTED),
                        Tuple.tuple("192.0.2.25", "bl.dnsbl.test", DnsblLookup.Result.CLEAR),
                        Tuple.tuple("192.0.2.25", "refusing.dnsbl.test", DnsblLookup.Result.FAILED),
                        Tuple.tuple("2001:db8::25", "bl.dnsbl.test", DnsblLookup.Result.LISTED),
                        Tuple.tuple("2001:db8::25", "zen.dnsbl.test", DnsblLookup.Result.CLEAR));
        assertThat(dns.queries()).as("asked the configured server").isGreaterThanOrEqualTo(6);

        List<Blocklistings.Listing> current = watch.recent(true, 10);
        assertThat(current).hasSize(2);
        Blocklistings.Listing zen = current.stream().filter(l -> l.list().equals("zen.dnsbl.test")).findFirst().orElseThrow();
        assertThat(zen.answer()).isEqualTo("127.0.0.2, 127.0.0.4");
        assertThat(zen.reason()).isEqualTo("https://www.dnsbl.test/query/ip/192.0.2.25");
        assertThat(zen.topAccounts()).startsWith("heavy@dnsbl.test (40 messages), light@dnsbl.test (3 messages)");
        assertThat(meters.get("relaywarden.blocklist.listed").gauge().value()).isEqualTo(2.0);
        assertThat(cases.findOpen(heavy)).as("a listing is the provider's matter, no account's case").isEmpty();

        // the next round finds it still listed: the same record; then the list drops it: closed
        watch.check();
        assertThat(watch.recent(false, 10)).hasSize(2);
        dns.forget("25.2.0.192.zen.dnsbl.test");
        watch.check();
        assertThat(watch.recent(true, 10)).extracting(Blocklistings.Listing::list).containsExactly("bl.dnsbl.test");
        assertThat(watch.recent(false, 10)).filteredOn(l -> l.list().equals("zen.dnsbl.test")).singleElement()
                .satisfies(l -> assertThat(l.delistedAt()).isNotNull());

        HttpHeaders h = new HttpHeaders();
        h.setBearerAuth(tokens.create("bl-" + System.nanoTime(), List.of(Roles.MONITORING), "test", Duration.ofHours(1)).token());
        ResponseEntity<String> api = rest.exchange("/api/v1/blocklistings?current=true", HttpMethod.GET, new HttpEntity<>(h), String.class);
        assertThat(api.getStatusCode().value()).isEqualTo(200);
        assertThat(api.getBody()).contains("\"address\":\"2001:db8::25\"").contains("\"list\":\"bl.dnsbl.test\"")
                .doesNotContain("zen.dnsbl.test");
    }

    @Test
    void anUnreachableServerIsAFailureNotAClearAnswer() {
        DnsblLookup nowhere = new DnsblLookup("127.0.0.1:" + Ports.freePort(),
                Duration.ofMillis(300));
        assertThat(nowhere.ask("192.0.2.25", "zen.dnsbl.test").result()).isEqualTo(DnsblLookup.Result.FAILED);
        assertThat(DnsblLookup.reversed("192.0.2.25")).isEqualTo("25.2.0.192");
        Assertions.assertThatThrownBy(() -> DnsblLookup.reversed("relay.example.net"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
