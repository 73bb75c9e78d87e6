package org.relaywarden.web.cockpit;

import org.camunda.bpm.cockpit.plugin.spi.impl.AbstractCockpitPlugin;

import java.util.Set;

/**
 * The abuse desk's dashboard on Cockpit's start page (issue 22): registered through
 * {@code META-INF/services/org.camunda.bpm.cockpit.plugin.spi.CockpitPlugin}; its front end is
 * {@code plugin-webapp/relaywarden-dashboard/app/plugin.js}, served by {@link DashboardCockpitRootResource}. It reads
 * {@code GET /api/v1/dashboard} with the webapp's login session.
 */
public class DashboardCockpitPlugin extends AbstractCockpitPlugin {

    public static final String ID = "relaywarden-dashboard";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Set<Class<?>> getResourceClasses() {
        return Set.of(DashboardCockpitRootResource.class);
    }
}
