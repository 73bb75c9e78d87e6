package org.relaywarden.cluster;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How this node takes part in a cluster of Relaywarden nodes on one shared database
 * ({@code relaywarden.cluster.*}; the {@code postgres} profile switches it on).
 *
 * @param enabled             several nodes share the database: relay states are followed from the
 *                            database, traffic counters are shared, scheduled work runs on the lease holder only
 * @param nodeId              this node's name, unique in the cluster (default: the host name); a node
 *                            restarted under the same name takes its lease back at once
 * @param leaseDuration       how long the scheduled-work lease lasts without renewal (renewed every third
 *                            of it): the time another node waits before taking over from a dead one
 * @param statePollInterval   how often a node reads the relay-state changes other nodes made
 * @param resyncInterval      how often a node re-reads every relay state in full (a safety net)
 * @param trafficFlushInterval how often a node writes what its policy service counted to the database
 */
@ConfigurationProperties("relaywarden.cluster")
public record ClusterSettings(
        @DefaultValue("false") boolean enabled,
        String nodeId,
        @DefaultValue("PT30S") Duration leaseDuration,
        @DefaultValue("PT0.25S") Duration statePollInterval,
        @DefaultValue("PT5M") Duration resyncInterval,
        @DefaultValue("PT0.2S") Duration trafficFlushInterval) {

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public ClusterSettings {
        if (nodeId == null || nodeId.isBlank()) {
            nodeId = hostName();
        }
        if (!NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("relaywarden.cluster.node-id must be 1-64 letters, digits, '.', '_' or '-': " + nodeId);
        }
        if (leaseDuration.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("relaywarden.cluster.lease-duration must be at least 1 second");
        }
    }

    private static String hostName() {
        try {
            String h = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
            return h.isEmpty() || !Character.isLetterOrDigit(h.charAt(0)) ? "node" : h.substring(0, Math.min(64, h.length()));
        } catch (UnknownHostException e) {
            return "node";
        }
    }
}
