/** @odoo-module */
// Copyright 2026 CRM Relationship Team
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

// Open a quotation whose customer should be won back: enrol them in one click.
registry.category("web_tour.tours").add("crm_next_action_campaigns_enrol", {
    steps: () => [
        {
            content: "The quotation shows the next best action",
            trigger: ".o_crm_customer_next_action:contains('Lapsed: win them back')",
        },
        {
            content: "Do it",
            trigger: ".o_crm_customer_next_action button[name='action_do_next_action']",
            run: "click",
        },
        {
            content: "The customer is enrolled",
            trigger: ".o_notification:contains('enrolled in “Tour Win Back”')",
        },
        {
            content: "and the block says it is done",
            trigger: ".o_crm_customer_next_action:contains('Done on')",
        },
    ],
});
