/** @odoo-module */
// Copyright 2026 CRM Relationship Team
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";

// Open a customer, log a touchpoint in one click, see it on top of the timeline.
registry.category("web_tour.tours").add("crm_relationship_log_touchpoint", {
    steps: () => [
        {
            content: "The customer form is open",
            trigger: ".o_form_view .o_field_widget[name='name']:contains('Tour Customer'), .o_form_view .o_field_widget[name='name'] input",
        },
        {
            content: "Open the Relationship tab",
            trigger: ".o_notebook .nav-link:contains('Relationship')",
            run: "click",
        },
        {
            content: "The timeline shows the older call",
            trigger: ".o_field_widget[name='timeline_touchpoint_ids'] .o_data_row:contains('Older call')",
        },
        {
            content: "Log a touchpoint",
            trigger: "button[name='action_log_touchpoint']",
            run: "click",
        },
        {
            content: "Write what happened",
            trigger: ".modal .o_field_widget[name='summary'] input",
            run: "edit Asked for the spring catalogue",
        },
        {
            content: "It came through the web",
            trigger: ".modal .o_field_widget[name='channel'] select",
            run: 'select "web"',
        },
        {
            content: "Four stars",
            trigger: ".modal .o_field_widget[name='satisfaction'] .o_priority_star:eq(3)",
            run: "click",
        },
        {
            content: "Log it",
            trigger: ".modal .modal-footer button:contains('Log')",
            run: "click",
        },
        {
            content: "The new touchpoint is on top of the timeline",
            trigger:
                ".o_field_widget[name='timeline_touchpoint_ids'] .o_data_row:first-child:contains('Asked for the spring catalogue')",
        },
    ],
});
