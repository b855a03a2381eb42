/** @odoo-module */
// Copyright 2026 CRM Relationship Team
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";

// Open a quotation, read the customer's next best action, do it in one click.
registry.category("web_tour.tours").add("crm_next_action_quotation", {
    steps: () => [
        {
            content: "The quotation shows the customer's context",
            trigger: ".o_crm_customer_context .o_field_widget[name='customer_segment']:contains('At risk')",
        },
        {
            content: "and the next best action, with the customer's own figures",
            trigger:
                ".o_crm_customer_next_action:contains('call with a retention offer'):contains('usually every 30 days')",
        },
        {
            content: "Do it",
            trigger: ".o_crm_customer_next_action button[name='action_do_next_action']",
            run: "click",
        },
        {
            content: "The call is planned",
            trigger: ".o_notification:contains('Retention call')",
        },
        {
            content: "and the block says it is done",
            trigger: ".o_crm_customer_next_action:contains('Done on')",
        },
        {
            content: "The call is in the quotation's activities",
            trigger: ".o-mail-Chatter .o-mail-Activity:contains('Retention call')",
        },
    ],
});
