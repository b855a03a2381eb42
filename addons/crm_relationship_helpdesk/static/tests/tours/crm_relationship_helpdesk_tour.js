/** @odoo-module */
// Copyright 2026 CRM Relationship Team
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

const complaintRow =
    ".o_field_widget[name='crm_open_complaint_ids'] .o_data_row:contains('Sofá roto')";

// In Spanish: open a customer's unresolved complaint as a ticket in one click,
// come back, and open the complaint's ticket from the Relationship tab.
// Every step allows for a busy machine (the server may answer slowly).
const SERVER = 30000;
const STEPS = [
    {
        content: "The customer is open",
        trigger: ".o_breadcrumb:contains('Cliente del tour')",
    },
    {
        content: "Open the Relationship tab",
        trigger: ".o_notebook .nav-link:contains('Relación')",
        run: "click",
    },
    {
        content: "The open ticket is listed",
        trigger:
            ".o_field_widget[name='crm_open_ticket_ids'] .o_data_row:contains('Mesa coja')",
    },
    {
        content: "The unresolved complaint is listed with its age",
        trigger: `div[name='crm_open_complaints']:contains('Quejas sin resolver') ${complaintRow} td[name='age_days']:contains('5')`,
    },
    {
        content: "Open a ticket for it, in one click",
        trigger: `${complaintRow} button:contains('Abrir un ticket')`,
        run: "click",
    },
    {
        content: "The ticket is a complaint of the customer",
        trigger:
            ".o_form_view .o_field_widget[name='is_complaint'] input:checked",
    },
    {
        content: "The ticket carries the complaint",
        trigger: ".o_breadcrumb:contains('Sofá roto')",
    },
    {
        content: "Back to the customer",
        trigger: ".o_breadcrumb a:contains('Cliente del tour')",
        run: "click",
    },
    {
        content: "Open the Relationship tab again",
        trigger: ".o_notebook .nav-link:contains('Relación')",
        run: "click",
    },
    {
        content: "The complaint now has its ticket",
        trigger: `${complaintRow} button:contains('Ver ticket')`,
        run: "click",
    },
    {
        content: "The complaint's ticket is open",
        trigger: ".o_form_view .o_field_widget[name='is_complaint'] input:checked",
    },
    {
        content: "It is the ticket of the complaint",
        trigger: ".o_breadcrumb:contains('Sofá roto')",
    },
];

registry.category("web_tour.tours").add("crm_relationship_helpdesk_complaint_ticket", {
    steps: () => STEPS.map((step) => ({timeout: SERVER, ...step})),
});
