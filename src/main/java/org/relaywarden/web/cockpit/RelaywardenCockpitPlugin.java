package org.relaywarden.web.cockpit;

import org.camunda.bpm.cockpit.plugin.spi.impl.AbstractCockpitPlugin;

import java.util.Set;

/**
 * The abuse desk's view inside Cockpit (issue 22): registered through
 * {@code META-INF/services/org.camunda.bpm.cockpit.plugin.spi.CockpitPlugin}; its front end is
 * {@code plugin-webapp/relaywarden/app/plugin.js}, served by {@link RelaywardenCockpitRootResource} at
 * {@code /camunda/api/cockpit/plugin/relaywarden/static/app/plugin.js}. The front end reads only
 * Relaywarden's own API ({@code /api/v1/cases/...}) with the webapp's login session, so it sees what the
 * logged-in person's role may see there.
 */
public class RelaywardenCockpitPlugin extends AbstractCockpitPlugin {

    public static final String ID = "relaywarden";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Set<Class<?>> getResourceClasses() {
        return Set.of(RelaywardenCockpitRootResource.class);
    }
}
