# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "CRM Rollout",
    "summary": "The implementation consultant's cockpit: a staged CRM rollout plan "
    "with gates, objectives, waves, a go-live readiness test, training and "
    "evaluation",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "CRM Relationship Team",
    "website": "https://github.com/crm-relationship/crm-relationship",
    "development_status": "Beta",
    "maintainers": ["crm-relationship"],
    "depends": [
        "crm_relationship",
        "crm_rfm",
        "sale_management",
        "base_automation",
        "web_tour",
    ],
    "external_dependencies": {"python": ["crm_insight", "xlsxwriter"]},
    "data": [
        "security/crm_rollout_security.xml",
        "security/ir.model.access.csv",
        "views/crm_rollout_plan_views.xml",
        "views/crm_rollout_phase_views.xml",
        "views/crm_rollout_objective_views.xml",
        "views/crm_rollout_wave_views.xml",
        "views/crm_rollout_process_views.xml",
        "views/crm_rollout_evaluation_views.xml",
        "views/crm_rollout_capability_views.xml",
        "wizards/crm_rollout_baseline_import_views.xml",
        "views/crm_rollout_menus.xml",
        "data/crm_rollout_capability_data.xml",
        "data/web_tour_data.xml",
        "data/ir_cron.xml",
        "data/crm_rollout_template_gradual.xml",
        "data/crm_rollout_template_big_bang.xml",
    ],
    "demo": [
        "demo/crm_rollout_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_rollout/static/src/js/*.js",
        ],
        "web.assets_tests": [
            "crm_rollout/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": False,
}
