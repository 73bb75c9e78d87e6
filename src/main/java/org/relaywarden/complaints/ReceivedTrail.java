package org.relaywarden.complaints;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hops of a reported message that name a queue id, read from its {@code Received:} lines as each MTA writes
 * its own:
 * <ul>
 *   <li>Postfix: {@code from helo (host [ip]) by relay.example (Postfix) with ESMTPSA id 4XyZ12abc for <r@x>; date}</li>
 *   <li>Exim: {@code from [ip] (helo=x) by relay.example with esmtpsa (Exim 4.96) (envelope-from <s@y>) id 1tXYZa-000ABC-12
 *       for r@x; date}</li>
 *   <li>qmail: {@code (qmail 12345 invoked from network); date}, written by qmail-queue (the number is its pid),
 *       directly above qmail-smtpd's own {@code (HELO x) (...) by relay.example with ESMTPA; date}, which names the host</li>
 * </ul>
 * A hop counts as the provider's when its host is one of the configured relay host names (or any, where none are
 * configured: then the relays' logs alone decide whether they know the queue id).
 */
final class ReceivedTrail {

    /** One hop: the relay host that wrote it, its queue id, the header's date. */
    record Hop(String host, String queueId, Instant date, String mta) {
    }

    private static final Pattern POSTFIX = Pattern.compile("\\bby\\s+(\\S+)\\s+\\(Postfix[^)]*\\)\\s+with\\s+\\S+\\s+id\\s+([0-9A-Za-z]{6,32})\\b");
    private static final Pattern EXIM_BY = Pattern.compile("\\bby\\s+(\\S+)\\s+with\\s+\\S+.*?\\(Exim\\b");
    private static final Pattern EXIM_ID = Pattern.compile("\\bid\\s+([0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4})\\b");
    private static final Pattern QMAIL_QUEUE = Pattern.compile("^\\s*\\(qmail\\s+([1-9][0-9]{0,9})\\s+invoked\\s+(?:from network|by uid \\d+|by alias|for bounce)\\)");
    private static final Pattern BY = Pattern.compile("\\bby\\s+([^\\s;()]+)");

    private ReceivedTrail() {
    }

    /** The hops with a queue id, newest first, whose host is among {@code relayHosts} (all where that is empty). */
    static List<Hop> providerHops(List<String> received, List<String> relayHosts) {
        List<Hop> hops = new ArrayList<>();
        for (int i = 0; i < received.size(); i++) {
            String r = received.get(i);
            Instant date = ReportParser.date(dateOf(r));
            Matcher p = POSTFIX.matcher(r);
            if (p.find()) {
                hops.add(new Hop(host(p.group(1)), p.group(2), date, "postfix"));
                continue;
            }
            Matcher eb = EXIM_BY.matcher(r);
            Matcher ei = EXIM_ID.matcher(r);
            if (eb.find() && ei.find()) {
                hops.add(new Hop(host(eb.group(1)), ei.group(1), date, "exim"));
                continue;
            }
            Matcher q = QMAIL_QUEUE.matcher(r);
            if (q.find() && i + 1 < received.size()) {
                Matcher by = BY.matcher(received.get(i + 1));
                if (by.find()) {
                    Instant smtpdDate = ReportParser.date(dateOf(received.get(i + 1)));
                    hops.add(new Hop(host(by.group(1)), q.group(1), date != null ? date : smtpdDate, "qmail"));
                }
            }
        }
        return hops.stream().filter(h -> relayHosts.isEmpty() || relayHosts.stream().anyMatch(want -> matches(want, h.host()))).toList();
    }

    /** {@code relay.example.net} matches itself; {@code *.example.net} matches every host below it. */
    static boolean matches(String pattern, String host) {
        String p = pattern.strip().toLowerCase(Locale.ROOT);
        return p.startsWith("*.") ? host.endsWith(p.substring(1)) : host.equals(p);
    }

    private static String host(String h) {
        return h.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
    }

    private static String dateOf(String received) {
        int semi = received.lastIndexOf(';');
        return semi < 0 ? null : received.substring(semi + 1);
    }
}
