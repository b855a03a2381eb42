/** @odoo-module */
// Copyright 2026 CRM Relationship Team
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";

// The daily tasks of the CRM as guided tours. A key user starts them from a
// rollout plan (Training tab); the triggers use names and technical
// attributes, never labels, so that they work in every language (the one
// label, a filter of crm_rfm, is translated the same way in this addon).
const tours = registry.category("web_tour.tours");

tours.add("crm_rollout_training_touchpoint", {
    url: "/odoo/contacts",
    steps: () => [
        {
            trigger:
                ".o_kanban_view .o_kanban_record:not(.o_kanban_ghost), .o_list_view .o_data_row .o_data_cell",
            content: _t("Open a customer."),
            tooltipPosition: "bottom",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_notebook .nav-link[name='crm_relationship']",
            content: _t(
                "The Relationship tab: the customer's profile and every interaction, newest first.",
            ),
            tooltipPosition: "bottom",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_log_touchpoint']",
            content: _t("You just talked to the customer: log it."),
            tooltipPosition: "bottom",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='summary'] input",
            content: _t("Say what happened, in one line."),
            tooltipPosition: "bottom",
            run: "edit Called to present our new service",
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            content: _t("Log it: it goes on top of the timeline."),
            tooltipPosition: "top",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_notebook .nav-link[name='crm_value']",
            content: _t("The Value tab: the customer's segment, churn risk and lifetime value."),
            tooltipPosition: "bottom",
            run: "click",
        },
    ],
});

tours.add("crm_rollout_training_at_risk", {
    url: "/odoo/crm",
    steps: () => {
        // crm_rfm's filter, found by its label in the user's language
        const atRisk = _t("At Risk or Cannot Lose");
        return [
            {
                trigger: ".o_main_navbar [data-menu-xmlid='crm_rfm.crm_rfm_menu_root']",
                content: _t(
                    "Customer Value: what the customers are worth, and who is slipping away.",
                ),
                tooltipPosition: "bottom",
                run: "click",
            },
            {
                trigger: ".dropdown-item[data-menu-xmlid='crm_rfm.crm_rfm_menu_customers']",
                content: _t("The customers, by segment."),
                tooltipPosition: "right",
                run: "click",
            },
            {
                trigger:
                    ".o_action_manager:has(.o_list_view .o_group_header) .o_searchview_dropdown_toggler",
                content: _t("Open the filters."),
                tooltipPosition: "bottom",
                run: "click",
            },
            {
                trigger: `.o_filter_menu .o_menu_item:contains(${atRisk})`,
                content: _t("Keep those at risk: good customers who have not bought for a while."),
                tooltipPosition: "right",
                run: "click",
            },
            {
                trigger: `.o_searchview_facet:contains(${atRisk})`,
            },
            {
                // the list grouped by segment, filtered: at most two groups
                trigger: ".o_list_view tbody:not(:has(tr:nth-child(3))) .o_group_header",
                content: _t("Open their segment."),
                tooltipPosition: "bottom",
                run: "click",
            },
            {
                trigger: ".o_list_view .o_data_row .o_data_cell",
                content: _t("Open a customer at risk."),
                tooltipPosition: "bottom",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_notebook .nav-link[name='crm_value']",
                content: _t(
                    "Why at risk: when they last bought, how often, how much, and their churn risk.",
                ),
                tooltipPosition: "bottom",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_notebook .nav-link[name='crm_relationship']",
                content: _t("When did we last talk to them? Call them, and log the call here."),
                tooltipPosition: "bottom",
                run: "click",
            },
        ];
    },
});

tours.add("crm_rollout_training_campaign", {
    url: "/odoo/action-crm_campaigns.automation_configuration_action_campaigns",
    steps: () => [
        {
            trigger: ".o_control_panel .o-kanban-button-new, .o_control_panel .o_list_button_add",
            content: _t("Create a campaign."),
            tooltipPosition: "bottom",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            content: _t("Name it after what it does."),
            tooltipPosition: "bottom",
            run: "edit Win back the customers at risk",
        },
        {
            trigger: ".o_form_view .o_notebook .nav-link[name='campaign_target']",
            content: _t("Who it is for: the customers of a segment, a type, a salesperson..."),
            tooltipPosition: "bottom",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='target_churn_min'] input",
            content: _t(
                "Aim at the customers likely to leave: a churn risk of 50% or more (or choose segments, a customer type...).",
            ),
            tooltipPosition: "bottom",
            run: "edit 50",
        },
        {
            trigger: ".o_form_view button[name='start_automation']",
            content: _t(
                "Add its e-mails and calls below, then start it: the customers it targets enter the campaign.",
            ),
            tooltipPosition: "bottom",
            run: "click",
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            content: _t("Confirm: the target is enrolled now."),
            tooltipPosition: "top",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:not([data-value='draft'])",
            // the campaign enrols its target: slow on a loaded machine
            timeout: 40000,
        },
    ],
});
