# flexd build.  `make run` drops into flexsh; `make check` runs every test.
CC      ?= cc
BUILD   ?= build
CFLAGS  ?= -O2 -g
CFLAGS  += -std=gnu11 -Wall -Wextra -Werror -I. -I$(BUILD) -D_GNU_SOURCE
LDLIBS  += -lsqlite3 -lreadline -lcrypto -lpthread
# AnyConnect-EAP XML (aaa/anyconnect_xml_parse.c)
CFLAGS  += $(shell pkg-config --cflags libxml-2.0)
LDLIBS  += $(shell pkg-config --libs libxml-2.0)
ifeq ($(SAN),1)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif

MODULES := base parser cli running-config system interface aaa ikev2 ipsec pki
MAINS   := cli/flexd_main.c cli/flexsh_main.c
LIB_SRC := $(filter-out $(MAINS),$(foreach d,$(MODULES),$(wildcard $(d)/*.c)))
LIB_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRC)) $(BUILD)/schema_sql.o
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

.PHONY: all run check unit cli-tests automation-tests clean deps bench
all: $(BUILD)/flexd $(BUILD)/flexsh

deps:
	@sh scripts/deps.sh

run: deps all
	@$(BUILD)/flexsh --flash $(or $(FLASH),./flash)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

# schema.sql is compiled in as one string
$(BUILD)/schema_sql.c: running-config/schema.sql scripts/embed.sh
	@mkdir -p $(BUILD)
	sh scripts/embed.sh schema_sql $< > $@

$(BUILD)/libflexd.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/flexd: $(BUILD)/cli/flexd_main.o $(BUILD)/libflexd.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/flexsh: $(BUILD)/cli/flexsh_main.o $(BUILD)/libflexd.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libflexd.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

# IKEv2 initiator load generator for bench/handshake-rate.sh
$(BUILD)/bench/ike-loadgen: bench/ike-loadgen.c bench/esp_tunnel.c $(BUILD)/libflexd.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# AnyConnect IKEv2 test client for tests/interop/scenario-flexd-anyconnect.sh;
# -E peap: the PEAPv0 EAP client of scenario-flexd-eap-peap.sh
AC_PEAP_SRC := tests/tools/peap_peer.c tests/tools/peap_inner.c
$(BUILD)/tests/ac-client: tests/tools/ac-client.c $(AC_PEAP_SRC) $(BUILD)/libflexd.a tests/tools/peap_peer.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.c %.a,$^) -lssl $(LDLIBS)

# the PEAP peer of ac-client against malformed input
$(BUILD)/tests/test_peap_peer: tests/unit/test_peap_peer.c $(AC_PEAP_SRC) $(BUILD)/libflexd.a tests/tools/peap_peer.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.c %.a,$^) -lssl $(LDLIBS) -lcmocka

# RADIUS client driver for tests/interop/scenario-radius-client.sh
$(BUILD)/tests/radius-probe: tests/tools/radius-probe.c $(BUILD)/libflexd.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

cli-tests: all
	@sh tests/cli/run.sh $(BUILD)

# SSH + netmiko + Ansible (root; prints SKIP without the tools)
automation-tests: all
	@sh tests/automation/run.sh $(BUILD)

check: deps all unit cli-tests automation-tests $(BUILD)/bench/ike-loadgen $(BUILD)/tests/radius-probe $(BUILD)/tests/ac-client

bench: all $(BUILD)/bench/ike-loadgen
	@sh bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD)

include tests/fuzz/Makefile.frag

-include $(LIB_OBJ:.o=.d)
