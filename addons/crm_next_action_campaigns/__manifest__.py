# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CRM Next Best Action - Campaigns",
    "summary": "Next best actions that enrol the customer in a campaign, and the "
    "cross-sell rule, when CRM Next Best Action and CRM Campaigns are both "
    "installed",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    # AGPL-3 because CRM Campaigns is (it extends OCA's automation_oca).
    "license": "AGPL-3",
    "author": "CRM Relationship Team",
    "website": "https://github.com/crm-relationship/crm-relationship",
    "development_status": "Beta",
    "maintainers": ["crm-relationship"],
    "depends": ["crm_next_action", "crm_campaigns"],
    "data": [
        "views/crm_next_action_rule_views.xml",
        "data/crm_next_action_rule_data.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_next_action_campaigns/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "auto_install": True,
    "application": False,
}
