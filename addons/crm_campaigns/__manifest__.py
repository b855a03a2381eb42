# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CRM Campaigns",
    "summary": "Segment campaigns and follow-up sequences with a hold-out control "
    "group, results and uplift, cross-sell rules, opt-outs always honoured",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    # AGPL-3 because it extends OCA's automation_oca (AGPL-3).
    "license": "AGPL-3",
    "author": "CRM Relationship Team",
    "website": "https://github.com/crm-relationship/crm-relationship",
    "development_status": "Beta",
    "maintainers": ["crm-relationship"],
    "depends": [
        "automation_oca",
        "crm_relationship",
        "crm_rfm",
        "mass_mailing",
    ],
    "external_dependencies": {"python": ["crm_insight", "pandas", "xlsxwriter"]},
    "data": [
        "security/crm_campaigns_security.xml",
        "security/ir.model.access.csv",
        "data/crm_campaign_segment_data.xml",
        "views/automation_configuration_views.xml",
        "views/automation_record_views.xml",
        "views/crm_campaign_report_views.xml",
        "views/crm_crosssell_rule_views.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/crm_campaign_export_views.xml",
        "views/crm_campaigns_menus.xml",
        "views/crm_campaigns_templates.xml",
        "data/ir_cron.xml",
    ],
    "demo": [
        "demo/crm_campaigns_demo.xml",
        "demo/crm_campaigns_winback_demo.xml",
        "demo/crm_crosssell_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_campaigns/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": False,
}
