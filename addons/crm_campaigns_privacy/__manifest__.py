# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CRM Campaigns Privacy",
    "summary": "Campaigns honour the consent per purpose: no campaign e-mail to who "
    "refused marketing e-mails, no marketing call to who refused calls",
    "version": "18.0.1.0.0",
    "category": "Marketing",
    "license": "AGPL-3",
    "author": "CRM Relationship Team",
    "website": "https://github.com/crm-relationship/crm-relationship",
    "development_status": "Beta",
    "maintainers": ["crm-relationship"],
    "depends": ["crm_campaigns", "crm_relationship_privacy"],
    # Installed as soon as the campaigns and the consents both are.
    "auto_install": True,
    "data": [
        "security/ir.model.access.csv",
    ],
    "installable": True,
    "application": False,
}
