# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CRM Relationship Helpdesk",
    "summary": "Helpdesk tickets in the customer's timeline, complaints handled as "
    "tickets, ratings as satisfaction, complaint KPIs",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    # AGPL-3 because it builds on OCA helpdesk_mgmt (AGPL-3).
    "license": "AGPL-3",
    "author": "CRM Relationship Team",
    "website": "https://github.com/crm-relationship/crm-relationship",
    "development_status": "Beta",
    "maintainers": ["crm-relationship"],
    "depends": [
        "crm_relationship",
        "helpdesk_mgmt",
        "helpdesk_mgmt_rating",
        "helpdesk_mgmt_sla",
    ],
    # Installed as soon as the CRM relationship and the helpdesk both are; the
    # rating and SLA addons follow as dependencies.
    "auto_install": ["crm_relationship", "helpdesk_mgmt"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_relationship_helpdesk_security.xml",
        "data/helpdesk_data.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_config_views.xml",
        "views/crm_touchpoint_views.xml",
        "views/res_partner_views.xml",
        "report/crm_complaint_report_views.xml",
        "views/crm_relationship_helpdesk_menus.xml",
    ],
    "demo": [
        "demo/helpdesk_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_relationship_helpdesk/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "installable": True,
    "application": False,
}
