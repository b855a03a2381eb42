-- A neutralized copy of the database does not score customers on its own.
UPDATE ir_cron
   SET active = false
 WHERE id IN (SELECT res_id FROM ir_model_data
               WHERE module = 'crm_rfm' AND model = 'ir.cron');
