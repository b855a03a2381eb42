# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "CRM Relationship",
    "summary": "Customer types, every touchpoint in one timeline, a dynamic customer "
    "profile",
    "version": "18.0.1.1.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "CRM Relationship Team",
    "website": "https://github.com/crm-relationship/crm-relationship",
    "development_status": "Beta",
    "maintainers": ["crm-relationship"],
    "depends": ["contacts", "crm", "sale_management", "mail", "base_import"],
    "data": [
        "security/crm_relationship_security.xml",
        "security/ir.model.access.csv",
        "views/crm_touchpoint_views.xml",
        "views/res_partner_views.xml",
        "views/crm_team_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/crm_touchpoint_retention_views.xml",
        "views/crm_relationship_menus.xml",
        "data/ir_cron.xml",
        "data/crm_team_data.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
        "demo/crm_touchpoint_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_relationship/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "installable": True,
    "application": False,
}
