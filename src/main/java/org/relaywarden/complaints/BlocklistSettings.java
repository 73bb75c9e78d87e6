package org.relaywarden.complaints;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * The scheduled blocklist check ({@code relaywarden.blocklists.*}): the provider's outgoing addresses looked up in
 * DNS blocklists (DNSBL: the reversed address under the list's zone; an A record in 127.0.0.0/8 is a listing).
 *
 * @param enabled     run the check (default false)
 * @param addresses   the relays' outgoing IPv4/IPv6 addresses, as the receiving side sees them
 * @param lists       the lists' zones (default {@code zen.spamhaus.org}, {@code bl.spamcop.net}, {@code b.barracudacentral.org},
 *                    {@code psbl.surriel.com}); Spamhaus answers no queries that come through public resolvers
 *                    (use your own resolver, or the Data Query Service zone with its key)
 * @param dnsServer   {@code host} or {@code host:port} of the DNS server to ask; empty: the system's resolver
 * @param interval    how often (default 30 minutes)
 * @param timeout     per query (default 5 seconds)
 * @param lookback    the accounts that sent the most in this time before a listing are named with it (default 6 hours)
 * @param topAccounts how many (default 5)
 */
@ConfigurationProperties("relaywarden.blocklists")
public record BlocklistSettings(Boolean enabled, List<String> addresses, List<String> lists, String dnsServer, Duration interval,
                                Duration timeout, Duration lookback, Integer topAccounts) {
    public BlocklistSettings {
        enabled = enabled != null && enabled;
        addresses = addresses == null ? List.of() : addresses.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        lists = lists == null || lists.isEmpty()
                ? List.of("zen.spamhaus.org", "bl.spamcop.net", "b.barracudacentral.org", "psbl.surriel.com")
                : lists.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        dnsServer = dnsServer == null ? "" : dnsServer.strip();
        interval = interval == null ? Duration.ofMinutes(30) : interval;
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        lookback = lookback == null ? Duration.ofHours(6) : lookback;
        topAccounts = topAccounts == null ? 5 : topAccounts;
        for (String zone : lists) {
            if (!zone.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,62}\\.)+[A-Za-z0-9-]{1,63}\\.?")) {
                throw new IllegalArgumentException("relaywarden.blocklists.lists: not a DNS zone: " + zone);
            }
        }
        for (String a : addresses) {
            DnsblLookup.reversed(a); // refuses what is no IP address, at start
        }
    }
}
