# Web chat assets (included by the Makefile; `setup` depends on $(STAMPS)/webchat).
# `npm ci` installs the exact versions of package-lock.json; copy-vendor.mjs copies their
# browser builds to the git-ignored static/vendor/. Redone only when the lock file (or
# the copy script) changed, or when the copied files are missing.

WEBCHAT_DIR    := bot/webchat
WEBCHAT_VENDOR := $(WEBCHAT_DIR)/static/vendor
WEBCHAT_FILES  := socket.io.min.js markdown-it.min.js purify.min.js
WEBCHAT_MISSING := $(filter-out $(wildcard $(addprefix $(WEBCHAT_VENDOR)/,$(WEBCHAT_FILES))),\
                     $(addprefix $(WEBCHAT_VENDOR)/,$(WEBCHAT_FILES)))

.PHONY: webchat webchat-missing

$(STAMPS)/webchat: $(WEBCHAT_DIR)/package.json $(WEBCHAT_DIR)/package-lock.json \
                   $(WEBCHAT_DIR)/copy-vendor.mjs $(if $(WEBCHAT_MISSING),webchat-missing)
	@mkdir -p $(STAMPS)
	@command -v npm >/dev/null 2>&1 || { \
	  echo "npm not found: the web chat needs Node.js 18+ with npm (Debian: apt-get install nodejs npm)." >&2; \
	  exit 1; }
	@echo ">> Installing the web chat's npm packages (npm ci) ..."
	@cd $(WEBCHAT_DIR) && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@node $(WEBCHAT_DIR)/copy-vendor.mjs
	@touch $@

webchat: $(STAMPS)/webchat
