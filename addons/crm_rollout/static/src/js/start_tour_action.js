/** @odoo-module */
// Copyright 2026 CRM Relationship Team
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";

// Client action returned by a training tour's "Start" button on a rollout
// plan: runs the tour for the current user, step by step (manual mode); when
// they finish it, web_tour records it as done for them.
function startRolloutTour(env, action) {
    env.services.tour_service.startTour(action.params.tour, {
        mode: "manual",
        rainbowManMessage: action.params.message,
    });
}

registry.category("actions").add("crm_rollout_start_tour", startRolloutTour);
