-- A neutralized copy of the database sends no campaign e-mail, creates no
-- campaign activity and mines nothing on its own: the campaign runner
-- (automation_oca's crons, which this addon drives) and ours stop.
UPDATE ir_cron
   SET active = false
 WHERE id IN (SELECT res_id FROM ir_model_data
               WHERE model = 'ir.cron'
                 AND module IN ('crm_campaigns', 'automation_oca'));
