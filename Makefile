# Front door of the project. A newcomer needs only:
#   make run    set up whatever is missing, then start the assistant
#   make test   set up whatever is missing, then run the whole test suite
# Every step is skipped when its inputs did not change (stamp files + Rasa's own cache).

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV     ?= .venv
TOOLS    ?= $(VENV)/tools
PY       := $(VENV)/bin/python
RASA     := $(VENV)/bin/rasa
MODEL    := models/jeugdhulp.tar.gz
STAMPS   := var/stamps

export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONPATH := $(CURDIR)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

NLU_DATA      := $(shell find data -name '*.yml' 2>/dev/null)
PIPELINE_SRC  := jeugdhulp/text.py jeugdhulp/nlu/pipeline.py jeugdhulp/nlu/components.py jeugdhulp/nlu/token_patterns.yml knowledge/content/names.yml jeugdhulp/nlu/linear_text.py jeugdhulp/nlu/guideline_classifier.py jeugdhulp/nlu/intent_ensemble.py
KNOWLEDGE_SRC := $(wildcard jeugdhulp/knowledge/*.py jeugdhulp/text.py knowledge/content/*.yml knowledge/content/guidelines/*.yml knowledge/content/questions/*.yml knowledge/sources/*.txt)

.PHONY: help setup run shell train test test-checks test-prod retention report kb kb-check lock audit dutch-model-pin clean dutch-model nlu-data \
        eval-kb bench-kb eval eval-nlu eval-dev eval-sealed bench bench-train

help:
	@echo "make run     set up (venv, Dutch pipeline, knowledge base, model) and start the assistant"
	@echo "make test    set up and run the whole test suite (includes make test-prod)"
	@echo "make test-prod  the production suite only: PostgreSQL, Redis, 2 Rasa servers, load, faults"
	@echo "make test-checks  data validation, knowledge check and the conversation tests only"
	@echo "make retention  delete conversations older than DAYS (default 30; DRY_RUN=1 to look)"
	@echo "make report  report for content editors: unanswered questions and 👎 (DAYS=30 or SINCE=YYYY-MM-DD)"
	@echo "make shell   chat with the assistant in the terminal"
	@echo "make train   train the model (only when data or config changed)"
	@echo "make kb      build the knowledge database; make kb-check validates it"
	@echo "make eval-kb retrieval hit rates on the question set (VERBOSE=1 lists misses)"
	@echo "make bench-kb search, redaction and danger-detection latency (p50/p95)"
	@echo "make eval-nlu NLU 5-fold cross-validation (intent macro-F1, entity F1)"
	@echo "make eval    end-to-end answers through REST (URL=... for a running assistant)"
	@echo "make bench   the assistant next to a stock Rasa bot: latency, throughput, memory (QUICK=1: smoke)"
	@echo "make bench-train  training time from scratch and after a one-line NLU change"
	@echo "make audit   the pinned dependencies against the known advisories (part of make test)"
	@echo "make lock    rewrite requirements/lock.txt (hashes) from requirements/*.in (UPGRADE=name)"

# --- set-up ---------------------------------------------------------------------------
$(STAMPS)/venv: requirements/lock.txt bot/scripts/find_python.sh
	@mkdir -p $(STAMPS)
	@if [ ! -x $(PY) ]; then \
	  python=$$(bot/scripts/find_python.sh) || exit 1; \
	  echo ">> Creating the virtual environment with $$python"; \
	  $$python -m venv $(VENV) || exit 1; \
	fi
	@echo ">> Installing the hash-locked dependencies (first time: about 3-4 minutes, 2.8 GB) ..."
	@$(PY) -m pip install --progress-bar off --require-hashes -r requirements/lock.txt 2>&1 \
	   | grep -v -e '^WARNING: Location' -e '^Requirement already satisfied' \
	   | grep -E --line-buffered '^(Collecting|Installing|Successfully|ERROR|  )' ; \
	   test $${PIPESTATUS[0]} -eq 0 || { echo "The install failed; a hash mismatch means a file is not the one requirements/lock.txt was written for (docs/security.md)." >&2; exit 1; }
	@touch $@

# The tools that check the dependencies (uv for `make lock`, pip-audit for `make audit`) have
# a venv and a hash-locked list of their own: their requirements clash with Rasa 3.6's pins.
$(STAMPS)/tools: requirements/tools.txt bot/scripts/find_python.sh
	@mkdir -p $(STAMPS)
	@if [ ! -x $(TOOLS)/bin/python ]; then \
	  python=$$(bot/scripts/find_python.sh) || exit 1; \
	  $$python -m venv $(TOOLS) || exit 1; \
	fi
	@echo ">> Installing the dependency tools (uv, pip-audit) into $(TOOLS)"
	@$(TOOLS)/bin/python -m pip install --quiet --progress-bar off --require-hashes \
	   -r requirements/tools.txt 2>&1 | grep -v -e '^WARNING: Location'; test $${PIPESTATUS[0]} -eq 0
	@touch $@

$(STAMPS)/dutch-pipeline: $(STAMPS)/venv bot/scripts/install_dutch_model.sh
	@VENV=$(VENV) bot/scripts/install_dutch_model.sh
	@touch $@

dutch-model:
	@rm -f $(STAMPS)/dutch-pipeline
	@$(MAKE) --no-print-directory $(STAMPS)/dutch-pipeline

$(STAMPS)/knowledge: $(STAMPS)/dutch-pipeline $(KNOWLEDGE_SRC) $(PIPELINE_SRC)
	@echo ">> Building the knowledge base"
	@$(PY) -m knowledge build
	@touch $@

# The NLU's name lists are written from knowledge/content/names.yml (never edited by hand).
NLU_GENERATED := data/nlu/lookups/interventions.yml data/nlu/synonyms/interventions.yml
$(NLU_GENERATED) &: knowledge/content/names.yml jeugdhulp/knowledge/vocabulary.py $(STAMPS)/venv
	@$(PY) -m knowledge nlu-data
	@touch $(NLU_GENERATED)

nlu-data: $(NLU_GENERATED)

# The model depends on the knowledge base: jeugdhulp/nlu/kb_features.py learns its features from it.
$(MODEL): $(STAMPS)/dutch-pipeline $(STAMPS)/knowledge config.yml domain.yml $(NLU_DATA) \
          $(NLU_GENERATED) $(PIPELINE_SRC) jeugdhulp/nlu/kb_features.py jeugdhulp/nlu/crf.py
	@echo ">> Training the model (first time: about 2 minutes; later only what changed)"
	@VENV=$(VENV) bot/scripts/train.sh
	@touch $@

include bot/webchat/webchat.mk

setup: $(STAMPS)/knowledge $(MODEL) $(STAMPS)/webchat

kb: $(STAMPS)/knowledge

kb-check: $(STAMPS)/knowledge
	@$(PY) -m knowledge check

train: $(MODEL)

# --- running ----------------------------------------------------------------------------
run: setup
	@bot/scripts/run.sh

shell: setup
	@bot/scripts/shell.sh

# --- tests ------------------------------------------------------------------------------
# The dependency audit runs in the checks part (tests/run_suites.py), beside the other parts:
# most of its half minute is waiting for the advisory services.
test: setup
	@bot/scripts/ensure_system_packages.sh
	@echo ">> the checks (with the dependency audit), integration, unit and production tests side by side (TEST_JOBS=1: one after the other)"
	@$(PY) -m tests.run_suites $(if $(RANDOM_ORDER),--random-order) $(if $(TEST_JOBS),--jobs $(TEST_JOBS))

# The data and content checks and the conversation tests (one part of make test).
test-checks: setup
	@echo ">> rasa data validate"
	@$(RASA) data validate --fail-on-warnings 2>&1 | grep -v -E 'tensorflow|MovedIn20Warning|Base: DeclarativeMeta'; test $${PIPESTATUS[0]} -eq 0
	@echo ">> knowledge check"
	@$(PY) -m knowledge check
	@echo ">> conversation tests (rasa test --fail-on-prediction-errors)"
	@$(RASA) test core --model $(MODEL) --stories tests/stories --fail-on-prediction-errors \
	   --out results/core > var/logs/rasa-test.log 2>&1 \
	   || { tail -n 30 var/logs/rasa-test.log; grep -A3 -i "failed\|wrong" results/core/failed_test_stories.yml 2>/dev/null | head -40; exit 1; }
	@grep -h -E "Finished evaluation|Correct:|Accuracy:" var/logs/rasa-test.log | sed 's/^.*INFO *//' | head -n 6

# The production profile on loopback (docs/production.md): real PostgreSQL and Redis, two
# Rasa servers and an action server; load, faults, privacy, security, bad input, retention;
# nginx in front of them (rate limits, TLS) and Slack answered once across servers.
PROD_TESTS := tests/production
test-prod: setup
	@bot/scripts/ensure_system_packages.sh
	@echo ">> production suite (about 3 minutes on an idle machine)"
	@rm -f results/production.txt
	@$(PY) -m pytest $(PROD_TESTS)
	@cat results/production.txt 2>/dev/null || true

# --- operations -----------------------------------------------------------------------
# Deletes conversations whose last message is older than DAYS (default RETENTION_DAYS or
# 30) from the tracker store of TRACKER_STORE_URL (default var/tracker.sqlite3).
retention: $(STAMPS)/venv
	@$(PY) -m jeugdhulp.server.retention $(if $(DAYS),--days $(DAYS)) $(if $(DRY_RUN),--dry-run)

# The content editors' report (docs/content.md): unanswered questions and 👎 by topic, with
# the quoted passages, over the last DAYS (default 30) or since SINCE (YYYY-MM-DD), from the
# tracker store of TRACKER_STORE_URL; the page goes to var/reports/ (or OUT).
report: $(STAMPS)/knowledge
	@$(PY) -m jeugdhulp.feedback.report $(if $(SINCE),--since "$(SINCE)") $(if $(DAYS),--days "$(DAYS)") $(if $(OUT),--out "$(OUT)")

# --- measurements ---------------------------------------------------------------------
eval-kb: $(STAMPS)/knowledge
	@$(PY) -m tests.eval.retrieval $(if $(VERBOSE),--verbose)

bench-kb: $(STAMPS)/knowledge
	@$(PY) -m tests.eval.kb_benchmark

eval-nlu: setup
	@echo ">> 5-fold cross-validation of the NLU (about 11 minutes on two cores)"
	@$(PY) -m tests.eval.nlu_cv --folds 5 --out results/nlu > var/logs/eval-nlu.log 2>&1 \
	   || { tail -n 30 var/logs/eval-nlu.log; exit 1; }
	@$(PY) -m tests.eval.nlu_report results/nlu

# Speed and memory next to a stock Rasa bot in the same run (docs/performance.md).
bench: setup $(STAMPS)/tools
	@$(PY) -m tests.eval.bench $(if $(QUICK),--quick) $(if $(PROFILE),--profile $(PROFILE))
	@$(if $(PROFILE),$(PY) -m tests.eval.profile $(PROFILE))

bench-train: $(STAMPS)/knowledge $(NLU_GENERATED)
	@$(PY) -m tests.eval.bench_train

eval: setup
	@echo ">> end-to-end: the question set and conversations through the REST channel"
	@$(PY) -m tests.eval.e2e $(if $(URL),--url $(URL)) $(if $(VERBOSE),--verbose)

# The independent set (tests/eval/independent/): the development half may be read and listed
# (VERBOSE=1; HALF=dev2 to dev36 for the later development sets, ood5 for out-of-domain messages); the sealed half is scored in total only.
eval-dev: setup
	@echo ">> independent set, development half, through the REST channel"
	@$(PY) -m tests.eval.independent --half $(or $(HALF),dev) $(if $(URL),--url $(URL)) $(if $(VERBOSE),--verbose)

eval-sealed: setup
	@echo ">> independent set, sealed half (totals only)"
	@$(PY) -m tests.eval.independent --half sealed $(if $(URL),--url $(URL))

# --- maintenance ------------------------------------------------------------------------
# requirements/lock.txt and tools.txt are written from the *.in files only, with a sha256 for
# every file of every package. Pins already in the lock are kept; UPGRADE=name upgrades one
# package (UPGRADE=all: everything) within what the .in files allow.
UV_COMPILE = $(TOOLS)/bin/uv pip compile --quiet --generate-hashes --no-strip-extras \
	--python-version 3.10 --python-platform x86_64-manylinux_2_28 --custom-compile-command "make lock" \
	$(if $(filter all,$(UPGRADE)),--upgrade,$(if $(UPGRADE),--upgrade-package $(UPGRADE)))
lock: $(STAMPS)/tools
	@$(UV_COMPILE) requirements/app.in requirements/dev.in -o requirements/lock.txt
	@$(UV_COMPILE) requirements/tools.in -o requirements/tools.txt
	@echo "requirements/lock.txt and requirements/tools.txt written from requirements/*.in"

# nl_core_news_sm's sha256 (requirements/dutch-model.txt), on a machine that reaches github.com.
dutch-model-pin: $(STAMPS)/venv
	@VENV=$(VENV) bot/scripts/install_dutch_model.sh --pin

# Every pinned package against the advisories: the live service when it answers, otherwise
# the dated snapshot in security/advisories; new findings fail (docs/security.md).
audit: $(STAMPS)/venv $(STAMPS)/tools
	@echo ">> dependency audit"
	@$(PY) -m security.audit
	@bot/webchat/npm_audit.sh

clean:
	rm -rf models .rasa var results
