# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.modules.neutralize import neutralize_database
from odoo.tests import TransactionCase, tagged

AUTHOR = "CRM Relationship Team"


@tagged("post_install", "-at_install", "crm_relationship_privacy")
class TestNeutralize(TransactionCase):
    """`odoo-bin neutralize` on a copy of the database: what it runs is every
    installed module's neutralization, run here on the test transaction."""

    def test_a_neutralized_copy_runs_no_cron_of_ours_and_sends_no_mail(self):
        ours = self.env["ir.module.module"].search(
            [("author", "ilike", AUTHOR), ("state", "=", "installed")]
        )
        self.assertIn("crm_relationship_privacy", ours.mapped("name"))
        # the modules our campaigns and consents run on send mail too
        modules = ours.mapped("name") + ["automation_oca", "privacy_consent", "mail"]
        crons = self.env["ir.model.data"].search(
            [("model", "=", "ir.cron"), ("module", "in", modules)]
        )
        Cron = self.env["ir.cron"].with_context(active_test=False)
        crons = Cron.browse(crons.mapped("res_id")).exists()
        self.assertTrue(crons.filtered("active"), "active before neutralization")

        neutralize_database(self.env.cr)
        self.env.invalidate_all()

        self.assertFalse(
            crons.filtered("active"), crons.filtered("active").mapped("name")
        )
        # whatever a campaign or a consent request sends goes nowhere
        flag = (
            self.env["ir.config_parameter"].sudo().get_param("database.is_neutralized")
        )
        self.assertEqual(flag.lower(), "true")
        servers = self.env["ir.mail_server"].search([])
        self.assertEqual(servers.mapped("smtp_host"), ["invalid"])
        server, _email_from = self.env["ir.mail_server"]._find_mail_server(
            "campaigns@example.com"
        )
        self.assertEqual(server.smtp_host, "invalid")
        self.assertFalse(
            Cron.search([("active", "=", True)]) - self.env.ref("base.autovacuum_job")
        )
