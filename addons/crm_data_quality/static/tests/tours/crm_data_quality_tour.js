/** @odoo-module */
// Copyright 2026 CRM Relationship Team
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";

// Enter a contact with a bad e-mail, read why it is refused, fix it, see the
// phone in international format and the likely duplicate, open the merge.
registry.category("web_tour.tours").add("crm_data_quality_contact", {
    steps: () => [
        {
            content: "It is a company",
            trigger: ".o_field_widget[name='company_type'] input[data-value='company']",
            run: "click",
        },
        {
            content: "Its name",
            trigger: ".o_field_widget[name='name'] input",
            run: "edit Hierros Cantabricos S.L.",
        },
        {
            content: "A mistyped e-mail",
            trigger: ".o_field_widget[name='email'] input",
            run: "edit compras@@hierros.example.com",
        },
        {
            content: "A phone as people type it",
            trigger: ".o_field_widget[name='phone'] input",
            run: "edit 942 345 678",
        },
        {
            content: "The city",
            trigger: ".o_field_widget[name='city'] input",
            run: "edit Santander",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Refused, naming the field",
            trigger: ".modal:contains('Email of Hierros Cantabricos S.L.'):contains('is not a valid e-mail address')",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Fix the e-mail",
            trigger: ".o_field_widget[name='email'] input",
            run: "edit compras@hierros.example.com",
        },
        {
            content: "Save again",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved, with the phone in international format",
            trigger: ".o_form_saved .o_field_widget[name='phone']:contains('+34942345678'), .o_form_saved .o_field_widget[name='phone'] input:value('+34942345678')",
        },
        {
            content: "and flagged as a likely duplicate",
            trigger: "div[name='crm_data_quality_duplicates']:contains('Hierros Cantábricos SL'):contains('same e-mail')",
        },
        {
            content: "Merge",
            trigger: "div[name='crm_data_quality_duplicates'] button[name='action_merge_duplicates']",
            run: "click",
        },
        {
            content: "Odoo's merge wizard, with both contacts selected",
            trigger: ".modal .o_partner_merge_wizard .o_field_widget[name='partner_ids'] .o_data_row:contains('Hierros Cantábricos SL')",
        },
        {
            content: "Leave it for now",
            trigger: ".modal .modal-footer button:contains('Cancel')",
            run: "click",
        },
    ],
});
