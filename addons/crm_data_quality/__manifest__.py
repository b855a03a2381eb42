# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "CRM Data Quality",
    "summary": "Clean contact data at entry: e-mails validated, phones in E.164, "
    "likely duplicates flagged, a completeness score, import templates per "
    "customer type",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "CRM Relationship Team",
    "website": "https://github.com/crm-relationship/crm-relationship",
    "development_status": "Beta",
    "maintainers": ["crm-relationship"],
    "depends": ["crm_relationship", "phone_validation", "contacts", "base_import"],
    "external_dependencies": {"python": ["phonenumbers"]},
    "data": [
        "security/ir.model.access.csv",
        "views/res_partner_views.xml",
        "wizards/crm_data_quality_check_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_data_quality/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": False,
}
