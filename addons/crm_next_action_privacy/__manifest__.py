# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CRM Next Best Action Privacy",
    "summary": "The daily contact proposals honour the consent per purpose: no "
    "proposed call to a customer who refused marketing calls",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "license": "AGPL-3",
    "author": "CRM Relationship Team",
    "website": "https://github.com/crm-relationship/crm-relationship",
    "development_status": "Beta",
    "maintainers": ["crm-relationship"],
    "depends": ["crm_next_action", "crm_relationship_privacy"],
    # Installed as soon as the next best actions and the consents both are.
    "auto_install": True,
    "installable": True,
    "application": False,
}
