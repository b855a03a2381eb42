# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who reads which touchpoint, and what users may not set on one."""

from collections import defaultdict
from dataclasses import dataclass

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, Query
from odoo.tools.safe_eval import safe_eval

from .mail_thread import MailThread

# Set by Odoo, never by users: the score (from the satisfaction) and the event
# and document an automatic touchpoint comes from.
SYSTEM_FIELDS = ("satisfaction_score", "event_ref", "res_model", "res_id")
MANAGERS = "crm_relationship.group_crm_relationship_manager"


@dataclass(frozen=True)
class ReadableDocuments:
    """The value of the domain leaf ``("res_id", "in", ReadableDocuments(...))``:
    the documents of ``model`` that ``domain`` (the user's rules on it)
    selects, archived ones included. crm.touchpoint compiles the leaf to a
    correlated ``EXISTS`` on the touchpoint's row (see ``_condition_to_sql``).
    Not a list nor a query, so that nothing else takes it for ids."""

    model: str
    domain: tuple


class CrmTouchpointAccess(models.AbstractModel):
    _name = "crm.touchpoint.access"
    _description = "Touchpoint Access"

    source_readable = fields.Boolean(
        compute="_compute_source_readable",
        search="_search_source_readable",
        help="Technical: the current user may read the document that logged this "
        "touchpoint, or no document did. The record rules of salespeople use it.",
    )

    # ------------------------------------------------------------------ access
    # A touchpoint logged from a lead, an order or an e-mail on them repeats
    # what the document says (its name, the e-mail's subject and body). Who may
    # not read the document may not read its touchpoints either: a record rule
    # on ``source_readable`` hides them, so that lists, forms, searches on the
    # texts, groupings and exports all agree.
    #
    # "May read the document" is what the user's group rules on its model say
    # (Sales' "own documents" on leads and orders: theirs and the unassigned
    # ones; "all documents": all). The document's global rules are its
    # companies, and a touchpoint has the company of its document, so the
    # touchpoint's own company rule already applies them. Users whose group
    # rules let them read every document (all documents, administrators) thus
    # cost nothing; for the others, one correlated sub-query per model looks
    # up the touchpoint's own document by its id, with their rules. (An
    # uncorrelated "res_id IN (their documents)" inside the OR of the models
    # runs as a sub-plan that reads all their documents first, 4.6 s with 10M
    # orders for the last three touchpoints of a customer, and its estimated
    # cost alone has PostgreSQL JIT-compile every such query, ~0.13 s.)
    @api.model
    @tools.ormcache()
    def _source_models(self):
        """The models whose documents log touchpoints: those that name their
        customer (they override ``_crm_touchpoint_partner``)."""
        generic = MailThread._crm_touchpoint_partner
        return tuple(
            sorted(
                name
                for name, model_class in self.env.registry.items()
                if not model_class._abstract
                and getattr(model_class, "_crm_touchpoint_partner", generic)
                is not generic
            )
        )

    def _source_restrictions(self):
        """{model: the ReadableDocuments the user may read, or None when they
        may read them all} for the source models the user has access to
        (models they may not read at all are left out)."""
        user_env = self.env(su=False)  # the user's rules, even under sudo
        return self._source_restrictions_for(
            user_env.uid, tuple(user_env.companies.ids)
        )

    @tools.ormcache("uid", "company_ids")
    def _source_restrictions_for(self, uid, company_ids):
        # Cached like the record rules themselves: per user and companies,
        # cleared when rules or groups change.
        env = self.env(user=uid, su=False)
        Rule = env["ir.rule"]
        eval_context = Rule._eval_context()
        restrictions = {}
        for name in self._source_models():
            if not env[name].has_access("read"):
                continue
            domains = []
            for rule in Rule._get_rules(name, "read").sudo():
                if not rule.groups:
                    continue  # global: the companies (the touchpoint's own rule)
                domain = expression.normalize_domain(
                    safe_eval(rule.domain_force, eval_context)
                    if rule.domain_force
                    else []
                )
                if domain == [expression.TRUE_LEAF]:
                    domains = []
                    break
                domains.append(domain)
            restrictions[name] = None
            if domains:
                restrictions[name] = ReadableDocuments(
                    name, tuple(expression.OR(domains))
                )
        return restrictions

    def _readable_documents(self, model, restriction, domain=()):
        Documents = self.env[model].sudo().with_context(active_test=False)
        return Documents._search([*domain, *restriction])

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_source_readable(self):
        ids_by_model = defaultdict(set)
        for touchpoint in self:
            if touchpoint.res_model:
                ids_by_model[touchpoint.res_model].add(touchpoint.res_id)
        readable = set()
        restrictions = self._source_restrictions()
        for name, ids in ids_by_model.items():
            if name not in restrictions:
                continue
            if restrictions[name] is not None:
                domain = restrictions[name].domain
                ids = set(
                    self._readable_documents(name, domain, [("id", "in", list(ids))])
                )
            readable.update((name, source_id) for source_id in ids)
        for touchpoint in self:
            touchpoint.source_readable = (
                not touchpoint.res_model
                or (touchpoint.res_model, touchpoint.res_id) in readable
            )

    def _search_source_readable(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the source access."))
        domain = [("res_model", "=", False)]
        for name, restriction in self._source_restrictions().items():
            documents = [("res_model", "=", name)]
            if restriction is not None:
                documents.append(("res_id", "in", restriction))
            domain = expression.OR([domain, documents])
        # negated, Odoo distributes the "!" down to the leaves: "res_id not
        # in" a ReadableDocuments is then a NOT EXISTS (never NULL)
        return domain if (operator == "=") == value else ["!", *domain]

    def _condition_to_sql(self, alias, fname, operator, value, query):
        if not isinstance(value, ReadableDocuments):
            return super()._condition_to_sql(alias, fname, operator, value, query)
        if fname != "res_id" or operator not in ("in", "not in"):
            raise ValueError(f"Invalid domain term {(fname, operator, value)!r}")
        Documents = self.env[value.model].sudo().with_context(active_test=False)
        # the documents' own alias, derived from the touchpoint's, never
        # equal to it (nor are the aliases of the joins its rules add)
        documents_alias = Query.make_alias(alias, "source")
        documents = Query(self.env, documents_alias, Documents._table_sql)
        expression.expression(list(value.domain), Documents, documents_alias, documents)
        documents.add_where(
            SQL(
                "%s = %s",
                SQL.identifier(documents_alias, "id"),
                self._field_to_sql(alias, fname, query),
            )
        )
        exists = SQL("EXISTS%s", documents.subselect("1"))
        return SQL("(NOT %s)", exists) if operator == "not in" else exists

    def _check_user_values(self, vals_list):
        """Refuse what users may not set, whatever the way in (form, RPC,
        import, context defaults): the system fields, a satisfaction that is
        not a rating, and, unless they are CRM relationship administrators,
        another salesperson than themselves or the salesperson of someone
        else's touchpoint. Odoo's own paths (logging, backfill) run as
        superuser. ``self``: the touchpoints written, empty on create."""
        context = self.env.context
        Touchpoint = self.env["crm.touchpoint"]
        ratings = [key for key, _label in Touchpoint._fields["satisfaction"].selection]
        for vals in vals_list:
            satisfaction = vals.get("satisfaction")
            if satisfaction not in (None, False, "", *ratings):
                raise ValidationError(
                    self.env._(
                        "Satisfaction is rated from 1 to 5 (or left empty), not "
                        "“%(value)s”.",
                        value=satisfaction,
                    )
                )
        if self.env.su:
            return
        forged = [
            name
            for name in SYSTEM_FIELDS
            if context.get(f"default_{name}") or any(name in vals for vals in vals_list)
        ]
        if forged:
            raise AccessError(
                self.env._(
                    "%(fields)s: set by Odoo when it logs a touchpoint, never by hand.",
                    fields=", ".join(
                        Touchpoint._fields[name]._description_string(self.env)
                        for name in forged
                    ),
                )
            )
        if self.env.user.has_group(MANAGERS):
            return
        me = self.env.user
        if self:  # write: the salesperson of one's own touchpoints, to oneself
            if "user_id" not in vals_list[0]:
                return
            new_user = self.env["res.users"].browse(vals_list[0]["user_id"])
            changed = self.filtered(lambda touchpoint: touchpoint.user_id != new_user)
            refused = changed and (
                (new_user and new_user != me) or changed.user_id - me
            )
        else:
            default = context.get("default_user_id")
            new_users = self.env["res.users"].browse(
                {vals.get("user_id", default) for vals in vals_list} - {None, False}
            )
            refused = new_users - me
        if refused:
            raise AccessError(
                self.env._(
                    "Only CRM relationship administrators can give a touchpoint "
                    "to another salesperson or take someone else's."
                )
            )
