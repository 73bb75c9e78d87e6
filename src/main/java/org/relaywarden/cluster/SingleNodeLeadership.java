package org.relaywarden.cluster;

/** Without a cluster the only node does all scheduled work. */
class SingleNodeLeadership implements Leadership {

    private final String nodeId;

    SingleNodeLeadership(String nodeId) {
        this.nodeId = nodeId;
    }

    @Override
    public boolean isLeader() {
        return true;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }
}
