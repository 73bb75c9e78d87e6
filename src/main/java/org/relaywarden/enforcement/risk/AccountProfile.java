package org.relaywarden.enforcement.risk;

import org.relaywarden.account.Account;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What an account normally does, learned from its own history ({@link AccountProfiles}): the envelope
 * senders and sender domains it uses, the recipient domains it writes to, the client networks it connects
 * from (/24, /48), its per-minute and per-hour volume (high percentiles) and recipients per message.
 * Immutable; read on the request path from memory only.
 *
 * @param perMinute  messages in the account's busiest minutes (0: no history)
 * @param perHour    messages in its busiest hours (0: no history)
 * @param messages   messages it was seen sending over the history (0: a new account)
 * @param newDomainsPerHour recipient domains it adds in its busiest hours (high percentile over the hours it sent
 *                   mail in, its first day left out); negative: not learned (history too short, or none)
 */
public record AccountProfile(Set<String> senderAddresses, Set<String> senderDomains, Set<String> recipientDomains,
                             Set<String> networks, double perMinute, double perHour, double recipientsPerMessage,
                             long messages, double newDomainsPerHour) {

    /** A profile without a learned new-domain rate. */
    public AccountProfile(Set<String> senderAddresses, Set<String> senderDomains, Set<String> recipientDomains,
                          Set<String> networks, double perMinute, double perHour, double recipientsPerMessage, long messages) {
        this(senderAddresses, senderDomains, recipientDomains, networks, perMinute, perHour, recipientsPerMessage, messages, -1);
    }

    public AccountProfile {
        senderAddresses = Set.copyOf(senderAddresses);
        senderDomains = Set.copyOf(senderDomains);
        recipientDomains = Set.copyOf(recipientDomains);
        networks = Set.copyOf(networks);
    }

    /** What is safe to assume of an account without history: its login's domain is its sender domain. */
    public static AccountProfile newAccount(Account account) {
        return new AccountProfile(Set.of(account.login()), Set.of(account.domain()), Set.of(), Set.of(), 0, 0, 0, 0);
    }

    public boolean hasHistory() {
        return messages > 0;
    }

    /** True if the profile knows how many new recipient domains an hour the account normally adds. */
    public boolean learnedNewDomains() {
        return newDomainsPerHour >= 0;
    }

    /** This profile with more of what the account was seen doing (a reviewer said it was the customer's own mail). */
    AccountProfile with(Set<String> addresses, Set<String> domains, Set<String> recipientDomains, Set<String> networks) {
        return new AccountProfile(union(senderAddresses, addresses), union(senderDomains, domains),
                union(this.recipientDomains, recipientDomains), union(this.networks, networks), perMinute, perHour,
                recipientsPerMessage, messages, newDomainsPerHour);
    }

    /**
     * True if the envelope sender is the account's: an address it uses, or an address in one of its
     * domains or their subdomains. The null sender (bounces) is nobody's forgery.
     */
    public boolean ownSender(String sender) {
        if (sender.isEmpty() || senderAddresses.contains(sender)) {
            return true;
        }
        String d = domainOf(sender);
        while (!d.isEmpty()) {
            if (senderDomains.contains(d)) {
                return true;
            }
            int dot = d.indexOf('.');
            d = dot < 0 ? "" : d.substring(dot + 1);
        }
        return false;
    }

    /** The lower-cased domain of an address ("" if it has none). */
    public static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * The client network of an address literal: {@code 192.0.2.0/24} or {@code 2001:db8:1::/48};
     * "" for anything that is not an IP literal (never a name lookup).
     */
    public static String networkOf(String client) {
        if (client.isEmpty() || client.length() > 64) {
            return "";
        }
        boolean v6 = client.indexOf(':') >= 0;
        for (int i = 0; i < client.length(); i++) {
            char c = client.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c == '.' || v6 && (c == ':' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
            if (!ok) {
                return "";
            }
        }
        if (!v6) {
            int last = client.lastIndexOf('.');
            return last < 0 || client.chars().filter(c -> c == '.').count() != 3 ? "" : client.substring(0, last) + ".0/24";
        }
        try {
            InetAddress a = InetAddress.getByName(client);
            byte[] b = a.getAddress();
            if (a instanceof Inet4Address) {
                return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + ".0/24";
            }
            if (a instanceof Inet6Address) {
                return String.format("%x:%x:%x::/48", (b[0] & 0xff) << 8 | b[1] & 0xff, (b[2] & 0xff) << 8 | b[3] & 0xff,
                        (b[4] & 0xff) << 8 | b[5] & 0xff);
            }
        } catch (UnknownHostException e) {
            return "";
        }
        return "";
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        if (b.isEmpty()) {
            return a;
        }
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        return out;
    }
}
