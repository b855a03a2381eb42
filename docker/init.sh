#!/bin/sh
# Create crm_demo with every addon of the repository (demo data), or update it.
set -eu
cd /opt/crm
addons=$(for m in addons/*/__manifest__.py; do basename "$(dirname "$m")"; done | paste -sd, -)
if psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'crm_demo'" | grep -q 1; then
    # install the addons added since, update the others
    exec odoo -c /opt/crm/odoo.conf -d crm_demo -i "$addons" -u "$addons" --stop-after-init
fi
exec odoo -c /opt/crm/odoo.conf -d crm_demo -i "$addons" --stop-after-init
