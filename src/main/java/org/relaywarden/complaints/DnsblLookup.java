package org.relaywarden.complaints;

import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One DNSBL query with the JDK's DNS client (JNDI, {@code dns://SERVER:PORT}): the address reversed under the list's
 * zone ({@code 192.0.2.25} in {@code zen.spamhaus.org}: {@code 25.2.0.192.zen.spamhaus.org}; IPv6 by nibbles), A and
 * TXT. NXDOMAIN: not listed. An A record in 127.0.0.0/8 is a listing, except 127.255.255.0/24, which lists such as
 * Spamhaus answer when they refuse the query (public resolver, over the limit): that is an error, not a listing.
 */
final class DnsblLookup {

    /** What a list said: listed (with its A answers and TXT reason), not listed, or no usable answer. */
    record Answer(Result result, String address, String list, List<String> codes, String reason) {
    }

    enum Result { LISTED, CLEAR, FAILED }

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final String server;
    private final Duration timeout;

    /** @param server {@code host} or {@code host:port}; empty: the system's resolver */
    DnsblLookup(String server, Duration timeout) {
        this.server = server;
        this.timeout = timeout;
    }

    Answer ask(String address, String zone) {
        String name = reversed(address) + "." + zone;
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("java.naming.provider.url", server.isEmpty() ? "dns:" : "dns://" + server);
        env.put("com.sun.jndi.dns.timeout.initial", String.valueOf(Math.max(100, timeout.toMillis())));
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        DirContext ctx = null;
        try {
            ctx = new InitialDirContext(env);
            Attributes attrs = ctx.getAttributes(name, new String[]{"A"});
            List<String> codes = values(attrs.get("A"));
            if (codes.isEmpty()) {
                return new Answer(Result.CLEAR, address, zone, List.of(), null);
            }
            if (codes.stream().allMatch(c -> c.startsWith("127.255.255."))) {
                return new Answer(Result.FAILED, address, zone, codes, "the list refused the query (" + String.join(", ", codes)
                        + "): ask through your own resolver, or the list's paid service");
            }
            if (codes.stream().noneMatch(c -> c.startsWith("127."))) {
                return new Answer(Result.FAILED, address, zone, codes, "not a DNSBL answer (" + String.join(", ", codes)
                        + "): the resolver rewrites missing names?");
            }
            String txt = null;
            try {
                List<String> t = values(ctx.getAttributes(name, new String[]{"TXT"}).get("TXT"));
                txt = t.isEmpty() ? null : String.join(" ", t).replace("\"", "");
            } catch (NamingException noTxt) {
                // the A record decides; the reason is optional
            }
            return new Answer(Result.LISTED, address, zone, codes, txt);
        } catch (NameNotFoundException nxdomain) {
            return new Answer(Result.CLEAR, address, zone, List.of(), null);
        } catch (NamingException e) {
            return new Answer(Result.FAILED, address, zone, List.of(), "no answer from " + (server.isEmpty() ? "the system's resolver" : server)
                    + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
        } finally {
            if (ctx != null) {
                try {
                    ctx.close();
                } catch (NamingException ignored) {
                    // closing anyway
                }
            }
        }
    }

    private static List<String> values(Attribute a) throws NamingException {
        List<String> out = new ArrayList<>();
        if (a != null) {
            NamingEnumeration<?> e = a.getAll();
            while (e.hasMore()) {
                out.add(String.valueOf(e.next()));
            }
        }
        return out;
    }

    /** The DNSBL query label of an IPv4 or IPv6 address; anything else is refused. */
    static String reversed(String address) {
        InetAddress ip;
        try {
            if (!IPV4.matcher(address).matches() && !address.contains(":")) {
                throw new IllegalArgumentException("not an IP address: " + address);
            }
            ip = InetAddress.getByName(address); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address, e);
        }
        byte[] b = ip.getAddress();
        StringBuilder sb = new StringBuilder();
        if (b.length == 4) {
            for (int i = 3; i >= 0; i--) {
                sb.append(b[i] & 0xff).append(i > 0 ? "." : "");
            }
        } else {
            for (int i = b.length - 1; i >= 0; i--) {
                sb.append(Integer.toHexString(b[i] & 0x0f)).append('.').append(Integer.toHexString((b[i] >> 4) & 0x0f));
                sb.append(i > 0 ? "." : "");
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
