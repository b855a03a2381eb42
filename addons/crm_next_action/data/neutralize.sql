-- A neutralized copy of the database proposes no contact to anybody.
UPDATE ir_cron
   SET active = false
 WHERE id IN (SELECT res_id FROM ir_model_data
               WHERE module = 'crm_next_action' AND model = 'ir.cron');
