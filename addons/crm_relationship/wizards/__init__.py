from . import crm_touchpoint_retention
