-- A neutralized copy of the database measures nothing on its own.
UPDATE ir_cron
   SET active = false
 WHERE id IN (SELECT res_id FROM ir_model_data
               WHERE module = 'crm_rollout' AND model = 'ir.cron');
