# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "CRM Customer Value (RFM)",
    "summary": "RFM scores and segments, loyalty, churn risk, lifetime value and "
    "sales forecast for every customer, at a million customers",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "CRM Relationship Team",
    "website": "https://github.com/crm-relationship/crm-relationship",
    "development_status": "Beta",
    "maintainers": ["crm-relationship"],
    "depends": ["crm_relationship", "sale_management", "account"],
    "external_dependencies": {
        "python": ["crm_insight", "numpy", "pandas", "scipy", "xlsxwriter"]
    },
    "data": [
        "security/crm_rfm_security.xml",
        "security/ir.model.access.csv",
        "views/crm_rfm_forecast_views.xml",
        "views/crm_rfm_run_views.xml",
        "views/crm_rfm_snapshot_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/crm_rfm_migration_wizard_views.xml",
        "views/crm_rfm_menus.xml",
        "data/ir_cron.xml",
    ],
    "demo": [
        "demo/sale_order_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_rfm/static/src/**/*",
        ],
        "web.assets_tests": [
            "crm_rfm/static/tests/tours/*.js",
        ],
    },
    "uninstall_hook": "uninstall_hook",
    "installable": True,
    "application": False,
}
