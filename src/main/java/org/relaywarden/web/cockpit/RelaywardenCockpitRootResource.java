package org.relaywarden.web.cockpit;

import jakarta.ws.rs.Path;
import org.camunda.bpm.cockpit.plugin.resource.AbstractCockpitPluginRootResource;

/** Serves the plugin's assets ({@code app/plugin.js}, {@code app/plugin.css}); it has no data endpoints of its own. */
@Path("plugin/" + RelaywardenCockpitPlugin.ID)
public class RelaywardenCockpitRootResource extends AbstractCockpitPluginRootResource {

    public RelaywardenCockpitRootResource() {
        super(RelaywardenCockpitPlugin.ID);
    }
}
