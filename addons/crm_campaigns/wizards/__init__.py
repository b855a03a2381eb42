from . import crm_campaign_export
