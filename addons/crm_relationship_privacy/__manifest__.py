# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CRM Relationship Privacy",
    "summary": "Consent per purpose (marketing e-mail, marketing calls, profiling) "
    "recorded with date, source and who, on OCA's privacy consents",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    # AGPL-3 because it builds on OCA privacy_consent (AGPL-3).
    "license": "AGPL-3",
    "author": "CRM Relationship Team",
    "website": "https://github.com/crm-relationship/crm-relationship",
    "development_status": "Beta",
    "maintainers": ["crm-relationship"],
    "depends": ["crm_relationship", "privacy_consent"],
    # Privacy by purpose comes with the CRM relationship.
    "auto_install": ["crm_relationship"],
    "data": [
        "security/ir.model.access.csv",
        "data/privacy_activity_data.xml",
        "views/privacy_consent_views.xml",
        "views/res_partner_views.xml",
    ],
    "demo": [
        "demo/privacy_consent_demo.xml",
    ],
    "post_init_hook": "post_init_hook",
    "installable": True,
    "application": False,
}
