package org.relaywarden.enforcement.risk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one documented risk (docs/risk.md): each signal is a strength, 1 meaning "at its threshold",
 * capped at {@link RiskSettings#signalCap()}; the pace adds at most {@link RiskSettings#paceWeight()}.
 * The score is their sum: {@link RiskLevel#HOLD} from {@code holdAt}, {@link RiskLevel#SUSPEND} from
 * {@code suspendAt}. Each signal that adds something names itself in a reason an abuse desk reads at a glance.
 */
public final class RiskScore {

    /** The signals, as they are named in metrics and docs. */
    public static final String PACE = "pace", FOREIGN_SENDERS = "foreign_senders", NEW_DOMAINS = "new_recipient_domains",
            NEW_NETWORKS = "new_client_networks", REFUSED = "refused_by_receivers";

    /**
     * @param signals each signal's share of the score, by name (only those above 0)
     * @param reasons the reasons' text, formatted only when asked for (a verdict): the request path does not format text
     */
    public record Assessment(RiskLevel level, double score, Map<String, Double> signals, Supplier<List<String>> reasons) {
    }

    private RiskScore() {
    }

    public static Assessment assess(RiskSettings s, RiskSettings.Thresholds t, AccountProfile p, RiskWindows.Counts c) {
        Map<String, Double> signals = new LinkedHashMap<>();
        double cap = s.signalCap();
        double perMinute = t.perMinute() != null ? t.perMinute() : Math.max(p.perMinute(), s.newAccountPerMinute());
        double perHour = Math.max(p.perHour(), s.newAccountPerHour());
        double minuteOver = over(c.messagesMinute(), perMinute, s.paceFactor());
        double hourOver = over(c.messagesHour(), perHour, s.paceFactor());
        double pace = s.paceWeight() * Math.max(minuteOver, hourOver);
        if (pace > 0) {
            signals.put(PACE, pace);
        }
        if (c.foreign10m() > 0) {
            double share = c.messages10m() == 0 ? 1 : (double) c.foreign10m() / c.messages10m();
            signals.put(FOREIGN_SENDERS, Math.min(cap, c.foreign10m() / s.foreignSenderMessages() * share));
        }
        double d10 = c.newDomains10s() / t.newDomainsPer10s();
        double d60 = c.newDomainsMinute() / t.newDomainsPerMinute();
        double perHourDomains = t.newDomainsPerHour(s, p);
        // the hour weighs by the share of the hour's messages that brought a new domain: a drip brings one with every
        // message, a firm's first contacts are a burst at its start and then known
        double hourShare = c.messagesHour() == 0 ? 1 : Math.min(1, (double) c.newDomainsHour() / c.messagesHour());
        double dH = c.newDomainsHour() / perHourDomains * Math.min(1, hourShare / s.newDomainShare());
        double domains = Math.min(cap, Math.max(d10, Math.max(d60, dH)));
        if (domains > 0) {
            signals.put(NEW_DOMAINS, domains);
        }
        if (c.newNetworksHour() > 0) {
            signals.put(NEW_NETWORKS, Math.min(cap, c.newNetworksHour() / t.newNetworksPerHour()));
        }
        double refusedWeighted = c.refused10m() + s.deferredWeight() * c.deferred10m();
        if (refusedWeighted > 0 && c.answered10m() > 0) {
            double share = refusedWeighted / c.answered10m();
            signals.put(REFUSED, Math.min(cap, refusedWeighted / s.refusedRecipients() * Math.min(1, share / s.refusedShare())));
        }
        double score = 0;
        for (double v : signals.values()) {
            score += v;
        }
        RiskLevel level = score >= t.suspendAt() ? RiskLevel.SUSPEND : score >= t.holdAt() ? RiskLevel.HOLD : RiskLevel.NONE;
        Supplier<List<String>> reasons = () -> {
            List<String> out = new ArrayList<>();
            if (signals.containsKey(PACE)) {
                out.add(minuteOver >= hourOver
                        ? "%d messages in %s (normal: at most %s a minute)".formatted(c.messagesMinute(),
                        seconds(c.minuteSpanMillis()), number(perMinute))
                        : "%d messages in the last hour (normal: at most %s an hour)".formatted(c.messagesHour(), number(perHour)));
            }
            if (signals.containsKey(FOREIGN_SENDERS)) {
                out.add("%d of %d messages in 10 minutes from %d sender domain%s that %s not yours: %s".formatted(
                        c.foreign10m(), c.messages10m(), c.foreignDistinct(), c.foreignDistinct() == 1 ? "" : "s",
                        c.foreignDistinct() == 1 ? "is" : "are", names(c.foreignNames(), c.foreignDistinct())));
            }
            if (signals.containsKey(NEW_DOMAINS)) {
                String within = d10 >= d60 && d10 >= dH ? c.newDomains10s() + " in 10 s"
                        : d60 >= dH ? c.newDomainsMinute() + " in a minute" : c.newDomainsHour() + " in an hour";
                String normal = !p.hasHistory() ? "; account without history"
                        : perHourDomains < t.newDomainsPerHour() && dH >= d10 && dH >= d60
                        ? "; it adds at most " + number(p.newDomainsPerHour()) + " an hour" : "";
                out.add("%d recipient domain%s never written to before (%s%s): %s".formatted(c.newDomainsHour(),
                        c.newDomainsHour() == 1 ? "" : "s", within, normal, names(c.newDomainNames(), c.newDomainsHour())));
            }
            if (signals.containsKey(NEW_NETWORKS)) {
                out.add("%d client network%s never used before in an hour: %s".formatted(c.newNetworksHour(),
                        c.newNetworksHour() == 1 ? "" : "s", names(c.newNetworkNames(), c.newNetworksHour())));
            }
            if (signals.containsKey(REFUSED)) {
                long refusedOrDeferred = c.refused10m() + c.deferred10m();
                out.add("%d of %d recipients refused by the receiving servers in 10 min (%d refused, %d deferred)".formatted(
                        refusedOrDeferred, c.answered10m(), c.refused10m(), c.deferred10m()));
            }
            return out;
        };
        return new Assessment(level, score, signals, reasons);
    }

    /** 0 up to the normal, 1 at {@code factor} times it, linear in between. */
    static double over(long count, double normal, double factor) {
        return Math.max(0, Math.min(1, (count / normal - 1) / (factor - 1)));
    }

    private static String names(List<String> names, long total) {
        return String.join(", ", names) + (total > names.size() ? ", ..." : "");
    }

    private static String seconds(long millis) {
        return Math.max(1, Math.round(millis / 1000.0)) + " s";
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
