package org.relaywarden.dashboard;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/dashboard}: the abuse desk's figures for the Cockpit dashboard (operators, leads, agents;
 * also with the Cockpit login session).
 */
@RestController
class DashboardController {

    private final DashboardService dashboard;

    DashboardController(DashboardService dashboard) {
        this.dashboard = dashboard;
    }

    @GetMapping("/api/v1/dashboard")
    Dashboard dashboard() {
        return dashboard.now();
    }
}
