#!/bin/sh
# Create crm_demo with every addon of the repository (demo data), or bring it
# up to date: -i for the addons it does not have yet, -u for the others (so the
# demo data is loaded once). The same step as `make up` without Docker.
set -eu
exec python3 /opt/crm/tools/up.py --init-only --no-install \
    --python python3 --config /etc/odoo/odoo.conf \
    --database "${ODOO_DB:-crm_demo}" --addons "$(cat /opt/crm/addons.txt)"
