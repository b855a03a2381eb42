/** @odoo-module */
// Copyright 2026 CRM Relationship Team
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// From the CRM menu to the dashboard, the "cannot lose" customers and their
// retention calls, then the customers of a segment.
registry.category("web_tour.tours").add("crm_rfm_dashboard", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open CRM",
            trigger: ".o_app[data-menu-xmlid='crm.crm_menu_root']",
            run: "click",
        },
        {
            content: "Open the Customer Value menu",
            trigger: ".dropdown-toggle[data-menu-xmlid='crm_rfm.crm_rfm_menu_root']",
            run: "click",
        },
        {
            content: "Open the dashboard",
            trigger: ".dropdown-item[data-menu-xmlid='crm_rfm.crm_rfm_menu_dashboard']",
            run: "click",
        },
        {
            content: "Segments with their customers and revenue",
            trigger: ".o_field_widget[name='segments_html'] td:contains('Champions')",
        },
        {
            content: "The recency x frequency grid",
            trigger: ".o_field_widget[name='grid_html'] th:contains('R = 5')",
        },
        {
            content: "The customers we cannot lose",
            trigger: ".o_notebook .nav-link:contains('Cannot Lose')",
            run: "click",
        },
        {
            content: "The big spender who stopped buying is listed",
            trigger: ".o_field_widget[name='cannot_lose_ids'] .o_data_row:contains('Tour Big Spender')",
        },
        {
            content: "Schedule a retention call for each of them",
            trigger: "button[name='action_schedule_retention_calls']",
            run: "click",
        },
        {
            content: "Calls scheduled",
            trigger: ".o_notification:contains('call(s) scheduled')",
        },
        {
            content: "See the customers by segment",
            trigger: "button[name='action_open_customers']",
            run: "click",
        },
        {
            content: "Grouped by segment",
            trigger: ".o_list_view .o_group_name:contains('Cannot lose')",
        },
    ],
});
