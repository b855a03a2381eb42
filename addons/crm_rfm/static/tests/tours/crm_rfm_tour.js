/** @odoo-module */
// Copyright 2026 CRM Relationship Team
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// The number clicked on the dashboard, to compare with the list it opens.
let clicked = null;

/** Click a figure of the dashboard and remember its number. */
function clickFigure(content, trigger) {
    return {
        content,
        trigger,
        run(helpers) {
            clicked = this.anchor.querySelector(".o_rfm_value").textContent.trim();
            helpers.click();
        },
    };
}

/** The list opened shows exactly as many customers as the figure said. */
function checkList(content, title, customer = null) {
    const steps = [
        {
            content,
            trigger: `.o_last_breadcrumb_item:contains('${title}')`,
        },
        {
            content: `${content}: as many as the dashboard said`,
            trigger: ".o_list_view .o_data_row",
            run() {
                const shown = document.querySelector(".o_pager_limit").textContent.trim();
                if (shown !== clicked) {
                    throw new Error(`the dashboard said ${clicked}, the list shows ${shown}`);
                }
            },
        },
    ];
    if (customer) {
        steps.push({
            content: `${customer} is one of them`,
            trigger: `.o_list_view .o_data_row:contains('${customer}')`,
        });
    }
    steps.push({
        content: "Back to the dashboard",
        trigger: ".o_breadcrumb .breadcrumb-item:not(.active) a",
        run: "click",
    });
    steps.push({
        content: "The dashboard again",
        trigger: ".o_crm_rfm_dashboard .o_rfm_segments",
    });
    return steps;
}

// From the CRM menu to the dashboard; a segment, a cell of the recency x
// frequency grid and a churn risk band each open exactly their customers;
// the high value customers at risk get their retention calls; the churn
// model's candidates and tracking chart; then the customers by segment.
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
        clickFigure(
            "The champions, with their number",
            ".o_rfm_segments tr.o_rfm_clickable[data-key='champions']"
        ),
        ...checkList("The champions", "Champions"),
        clickFigure(
            "The cell of the big spender: R = 3, F = 5",
            ".o_rfm_grid td.o_rfm_clickable[data-r='3'][data-f='5']"
        ),
        ...checkList(
            "The customers of the cell",
            "Recency 3, frequency 5",
            "Tour Big Spender"
        ),
        clickFigure(
            "The customers most likely to leave",
            ".o_rfm_churn tr.o_rfm_clickable:last"
        ),
        ...checkList("The customers of the band", "Churn risk"),
        {
            content: "The high value customers at risk",
            trigger: ".o_notebook .nav-link:contains('High Value at Risk')",
            run: "click",
        },
        {
            content: "The big spender who stopped buying is listed",
            trigger:
                ".o_field_widget[name='high_value_at_risk_ids'] .o_data_row:contains('Tour Big Spender')",
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
            content: "How the churn model was chosen",
            trigger: ".o_notebook .nav-link:contains('Models')",
            run: "click",
        },
        {
            content: "The candidates, the chosen one with its hold-out error",
            trigger: ".o_field_widget[name='candidate_ids'] .o_data_row .o_data_cell:contains('Fitted')",
        },
        {
            content: "Its tracking: purchases predicted and made, week by week",
            trigger: ".o_notebook button[name='action_open_tracking']",
            run: "click",
        },
        {
            content: "The tracking chart",
            trigger: ".o_graph_view .o_graph_renderer canvas",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb .breadcrumb-item:not(.active) a",
            run: "click",
        },
        {
            content: "See the customers by segment",
            trigger: "button[name='action_open_customers']",
            run: "click",
        },
        {
            content: "Grouped by segment",
            trigger: ".o_list_view .o_group_name:contains('Champions')",
        },
    ],
});
