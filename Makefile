# thidua: the two commands a newcomer runs are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install bench check-deploy clean

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Cần Python 3.11 ($(PYTHON))."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/thidua migrate --quiet
	$(BIN)/thidua demo --members $${MEMBERS:-2000} --quiet
	$(BIN)/thidua serve

test: $(STAMP)
ifeq ($(THIDUA_TEST_DB),postgres)
	$(BIN)/python scripts/with_postgres.py $(BIN)/pytest $(PYTEST_ARGS)
else
	$(BIN)/pytest $(PYTEST_ARGS)
endif

bench: $(STAMP)
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev,bench]"
	$(BIN)/python -m bench.run

check-deploy: $(STAMP)
	THIDUA_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) THIDUA_ALLOWED_HOSTS=thidua.example.vn \
	DJANGO_SETTINGS_MODULE=config.django.production $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var
