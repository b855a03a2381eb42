# The two commands: `make up` (run the product) and `make test` (run every suite).
PYTHON ?= python3
export PGHOST ?= localhost
export PGPORT ?= 5432
export PGUSER ?= odoo
export PGPASSWORD ?= odoo

.PHONY: test up deps lint pure odoo-test bench help

help:
	@echo "make up      Odoo 18 on http://localhost:8069, database crm_demo (admin / admin)"
	@echo "make test    static checks (pre-commit hooks), pure Python tests, Odoo tests and tours"
	@echo "make bench   the benchmarks in bench/ (minutes; not part of make test)"

# test tools, the OCA addons (--no-deps), crm-insight (editable), a compose client
deps:
	$(PYTHON) tools/deps.py --python $(PYTHON) --test

test: deps
	$(PYTHON) tools/run_suites.py --python $(PYTHON)

lint: deps
	$(PYTHON) tools/run_suites.py --python $(PYTHON) --suites static

pure: deps
	$(PYTHON) tools/run_suites.py --python $(PYTHON) --suites pure

odoo-test: deps
	$(PYTHON) tools/run_suites.py --python $(PYTHON) --suites odoo --keep-db

up:
	$(PYTHON) tools/up.py --python $(PYTHON)

bench: deps
	$(PYTHON) bench/insight.py
	$(PYTHON) bench/touchpoints.py
	$(PYTHON) bench/rfm_scale.py
	$(PYTHON) bench/campaigns.py
