# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "CRM Next Best Action",
    "summary": "The customer's context on opportunities and quotations, the next "
    "best action with its reason, contact cadence and daily contact proposals",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "CRM Relationship Team",
    "website": "https://github.com/crm-relationship/crm-relationship",
    "development_status": "Beta",
    "maintainers": ["crm-relationship"],
    "depends": ["crm_rfm", "crm", "sale_management"],
    "data": [
        "security/crm_next_action_security.xml",
        "security/ir.model.access.csv",
        "views/crm_next_action_rule_views.xml",
        "views/crm_next_action_views.xml",
        "views/res_partner_views.xml",
        "views/crm_lead_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/crm_next_action_menus.xml",
        "data/crm_next_action_rule_data.xml",
        "data/ir_cron.xml",
    ],
    "demo": [
        "demo/crm_next_action_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_next_action/static/src/scss/*.scss",
        ],
        "web.assets_tests": [
            "crm_next_action/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": False,
}
