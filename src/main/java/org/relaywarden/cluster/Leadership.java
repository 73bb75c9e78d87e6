package org.relaywarden.cluster;

/**
 * Whether this node does the cluster's scheduled work now (detectors, burst watch, quarantine
 * purge, reading the abuse mailbox). On a single node always; in a cluster only while it holds the
 * database lease. Scheduled work asks before each round.
 */
public interface Leadership {

    boolean isLeader();

    /** The node's id, for logs and audit. */
    String nodeId();
}
