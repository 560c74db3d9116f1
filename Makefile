# Spil — the two commands: `make demo` and `make test`. Everything else supports them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test install check lint typecheck imports gates pytest openapi messages makemessages clean deploy-check audit

demo: install
	$(BIN)/spil demo --port $(PORT)

test: install gates pytest

install: $(VENV)/.installed node_modules/.installed build/static/.built messages

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/static/.built: node_modules/.installed tools/build_assets.py
	$(BIN)/python tools/build_assets.py
	touch $@

# Compiled catalogues are build output; polib compiles them without system gettext.
messages: $(VENV)/.installed
	@$(BIN)/python tools/compile_messages.py

# For developers adding text (needs GNU gettext): extract into the catalogues, from Spil and
# from its development tools (spil_dev) alike, into src/spil/locale (the settings' LOCALE_PATHS).
makemessages:
	cd src && DJANGO_SETTINGS_MODULE=spil.settings.ci ../$(BIN)/django-admin makemessages --no-obsolete --no-location -l nl -l en -l ar -l uk -l tr -l ti -l fa -l so

gates: lint typecheck imports check openapi deploy-check audit

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy src

# The apps form layers (.importlinter; docs/architecture.md draws them).
imports:
	$(BIN)/lint-imports --no-cache

check:
	DJANGO_SETTINGS_MODULE=spil.settings.ci $(BIN)/spil makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=spil.settings.production SECRET_KEY=check-deploy-$$(date +%s)-only-for-the-deployment-check-0123456789 \
		SPIL_PSEUDONYM_KEY=check-deploy-pseudonyms-$$(date +%s)-0123456789abcdef \
		SPIL_DUO_BASE_URL=https://duo-gateway.example.nl/v1 SPIL_DUO_OIN=00000001001234567000 \
		SPIL_DUO_GATEWAY_OIN_HEADER=X-Client-Cert-OIN \
		ALLOWED_HOSTS=spil.example.nl $(BIN)/spil check --deploy --fail-level WARNING

# The committed openapi.yaml must equal what the code generates.
openapi:
	DATABASE_URL=sqlite://:memory: DJANGO_SETTINGS_MODULE=spil.settings.ci $(BIN)/spil spectacular --lang en --validate --fail-on-warn --file var/openapi.generated.yaml
	diff -u openapi.yaml var/openapi.generated.yaml

openapi.yaml: $(VENV)/.installed
	DATABASE_URL=sqlite://:memory: DJANGO_SETTINGS_MODULE=spil.settings.ci $(BIN)/spil spectacular --lang en --validate --fail-on-warn --file openapi.yaml

pytest:
	$(BIN)/pytest -n 2 --dist loadgroup

# The deployment files (docs/deployment.md), offline: hadolint on the Containerfile, every
# Kubernetes overlay rendered by `kubectl kustomize` and validated by kubernetes-validate,
# and compose.yaml by `docker compose config` where Docker's compose plugin is installed.
deploy-check:
	$(BIN)/hadolint Containerfile
	@mkdir -p var/deploy
	@for overlay in deploy/kubernetes/overlays/*/; do \
		name=$$(basename $$overlay); \
		kubectl kustomize $$overlay > var/deploy/$$name.yaml 2> var/deploy/$$name.log \
			|| { cat var/deploy/$$name.log; exit 1; }; \
		$(BIN)/kubernetes-validate --strict --quiet var/deploy/$$name.yaml || exit 1; \
		echo "deploy/kubernetes/overlays/$$name: rendered and valid"; \
	done
	@if docker compose version > /dev/null 2>&1; then \
		SECRET_KEY=x SPIL_PSEUDONYM_KEY=x ALLOWED_HOSTS=x POSTGRES_PASSWORD=x \
			docker compose -f compose.yaml config --quiet && echo "compose.yaml: valid"; \
	else echo "compose.yaml: not checked (no docker compose on this machine)"; fi

# Known vulnerabilities in the installed, pinned dependencies (PyPI's advisory data, so it
# needs the network): a vulnerable dependency fails the gate; one that could not be audited
# is listed, and fails it too where SPIL_AUDIT_REQUIRED=true (tools/audit_dependencies.py).
audit:
	$(BIN)/python tools/audit_dependencies.py

clean:
	rm -rf $(VENV) node_modules build var .mypy_cache .ruff_cache .pytest_cache
