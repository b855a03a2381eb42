/** @odoo-module */
// Copyright 2026 CRM Relationship Team
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// The consultant's first day: a plan from the gradual template in one click,
// a pilot user in the pilot wave, the wave activated, the evaluation opened.
registry.category("web_tour.tours").add("crm_rollout_plan", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open CRM",
            trigger: ".o_app[data-menu-xmlid='crm.crm_menu_root']",
            run: "click",
        },
        {
            content: "Open the Rollout menu",
            trigger: ".o_main_navbar [data-menu-xmlid='crm_rollout.crm_rollout_menu_root']",
            run: "click",
        },
        {
            content: "Open the templates",
            trigger: ".dropdown-item[data-menu-xmlid='crm_rollout.crm_rollout_template_menu']",
            run: "click",
        },
        {
            content: "Use the gradual template",
            trigger:
                ".o_kanban_record:contains('Gradual rollout') button[name='action_use_template']",
            run: "click",
        },
        {
            content: "The plan is created, in its planning phase",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='planning']",
            // the server saves and measures: slow on a loaded machine
            timeout: 40000,
        },
        {
            content: "Open the waves",
            trigger: ".o_notebook .nav-link[name='waves']",
            run: "click",
        },
        {
            content: "Open the pilot wave",
            trigger: ".o_field_widget[name='wave_ids'] .o_data_row:first .o_data_cell[name='name']",
            run: "click",
        },
        {
            content: "Add the pilot user",
            trigger: ".modal .o_field_widget[name='user_ids'] input",
            run: "edit Tour Pilot",
        },
        {
            content: "Choose them",
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Pilot')",
            run: "click",
        },
        {
            content: "Save the wave",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "Activate the pilot wave",
            trigger:
                ".o_field_widget[name='wave_ids'] .o_data_row:first button[name='action_activate']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The pilot wave is active",
            trigger:
                ".o_field_widget[name='wave_ids'] .o_data_row:first .o_data_cell[name='state'] .text-bg-success",
            // the server saves and measures: slow on a loaded machine
            timeout: 40000,
        },
        {
            content: "Open the evaluation",
            trigger: "button[name='action_open_evaluation']",
            run: "click",
        },
        {
            content: "The evaluation's chart",
            trigger: ".o_graph_view .o_graph_renderer canvas",
            // the server saves and measures: slow on a loaded machine
            timeout: 40000,
        },
    ],
});
