from . import crm_data_quality_check
