package org.relaywarden.web.cockpit;

import jakarta.ws.rs.Path;
import org.camunda.bpm.cockpit.plugin.resource.AbstractCockpitPluginRootResource;

/** Serves the dashboard plugin's assets ({@code app/plugin.js}, {@code app/plugin.css}); its data is Relaywarden's API. */
@Path("plugin/" + DashboardCockpitPlugin.ID)
public class DashboardCockpitRootResource extends AbstractCockpitPluginRootResource {

    public DashboardCockpitRootResource() {
        super(DashboardCockpitPlugin.ID);
    }
}
