/** @odoo-module */
// Copyright 2026 CRM Relationship Team
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

// Build a two-step campaign in the form (an e-mail, then a call for those
// who did not answer) and start it.
registry.category("web_tour.tours").add("crm_campaigns_two_step_campaign", {
    steps: () => [
        {
            content: "Create a campaign",
            trigger: ".o_control_panel_main_buttons button.o-kanban-button-new, .o_control_panel_main_buttons button.o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            run: "edit Tour win-back",
        },
        {
            content: "Aim at business customers",
            trigger: ".o_field_widget[name='target_customer_type'] select",
            run: 'select "b2b"',
        },
        {
            content: "The target count shows before the start",
            trigger: ".o_field_widget[name='target_count']",
        },
        {
            content: "Add the first step",
            trigger: ".o_field_widget[name='automation_step_ids'] .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Name the e-mail step",
            trigger: ".modal .o_field_widget[name='name'] input",
            run: "edit Offer by e-mail",
        },
        {
            content: "Choose the template",
            trigger: ".modal .o_field_widget[name='mail_template_id'] input",
            run: "edit Tour offer",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour offer')",
            run: "click",
        },
        {
            content: "Save the step",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The step is on the campaign",
            trigger: ".o_automation_kanban_box:contains('Offer by e-mail')",
        },
        {
            content: "Add a step for those who did not reply (the buttons show on hover)",
            trigger: ".o_automation_kanban_box:contains('Offer by e-mail') .o_automation_kanban_child_add_title",
            run() {
                this.anchor
                    .closest(".o_automation_kanban_child_add")
                    .querySelector("[trigger-type='mail_not_reply']")
                    .click();
            },
        },
        {
            content: "Name the call step",
            trigger: ".modal .o_field_widget[name='name'] input",
            run: "edit Call who did not reply",
        },
        {
            content: "It is an activity",
            trigger: ".modal .o_field_widget[name='step_type'] select",
            run: 'select "activity"',
        },
        {
            content: "A call",
            trigger: ".modal .o_field_widget[name='activity_type_id'] input",
            run: "edit Call",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Call')",
            run: "click",
        },
        {
            content: "Two days later",
            trigger: ".modal .o_field_widget[name='trigger_interval'] input",
            run: "edit 2",
        },
        {
            content: "Save the call step",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "Both steps are on the campaign",
            trigger: ".o_automation_kanban_box:contains('Call who did not reply')",
        },
        {
            content: "Start it (the steps saved the campaign)",
            trigger: ".o_form_view button[name='start_automation']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The campaign runs",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('On demand')",
        },
    ],
});
