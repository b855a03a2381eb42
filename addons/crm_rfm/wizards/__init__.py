from . import crm_rfm_migration_wizard
