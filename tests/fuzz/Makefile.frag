# libFuzzer targets; included by the top Makefile (`include tests/fuzz/Makefile.frag`).
#   make fuzz               build build/fuzz/fuzz_ikev2_msg and fuzz it for FUZZ_TIME seconds
#                           (seeds: tests/fuzz/corpus/ikev2_msg; new finds: build/fuzz/corpus/ikev2_msg;
#                           crashes: build/fuzz/crash-*)
#   make fuzz-regress       run the target once over the seeds and past finds (quick, for CI)
#   make fuzz-corpus        regenerate the committed seeds with the codec's builders
#   make fuzz-frag          the RFC 7383 reassembly target (below)
# The codec (ikev2/msg_*.c) is self-contained, so the target links only those files.
FUZZ_CC     ?= clang
FUZZ_TIME   ?= 60
FUZZ_FLAGS  ?= -max_len=4096
FUZZ_CFLAGS  = -std=gnu11 -g -O1 -I. -D_GNU_SOURCE -Wall -Wextra -Werror \
	       -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

FUZZ_MSG_SRC  := $(wildcard ikev2/msg_*.c)
FUZZ_MSG_DEPS := $(FUZZ_MSG_SRC) ikev2/msg.h ikev2/msg_priv.h tests/fuzz/ikev2_msg_reencode.h
FUZZ_MSG_SEEDS := tests/fuzz/corpus/ikev2_msg

.PHONY: fuzz fuzz-regress fuzz-corpus

$(BUILD)/fuzz/fuzz_ikev2_msg: tests/fuzz/fuzz_ikev2_msg.c $(FUZZ_MSG_DEPS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_MSG_SRC)

$(BUILD)/fuzz/gen_ikev2_msg_corpus: tests/fuzz/gen_ikev2_msg_corpus.c $(FUZZ_MSG_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(FUZZ_MSG_SRC)

fuzz: $(BUILD)/fuzz/fuzz_ikev2_msg
	@mkdir -p $(BUILD)/fuzz/corpus/ikev2_msg
	$< $(FUZZ_FLAGS) -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
		-artifact_prefix=$(BUILD)/fuzz/ $(BUILD)/fuzz/corpus/ikev2_msg $(FUZZ_MSG_SEEDS)

fuzz-regress: $(BUILD)/fuzz/fuzz_ikev2_msg
	@mkdir -p $(BUILD)/fuzz/corpus/ikev2_msg
	$< -runs=0 $(BUILD)/fuzz/corpus/ikev2_msg $(FUZZ_MSG_SEEDS)

fuzz-corpus: $(BUILD)/fuzz/gen_ikev2_msg_corpus
	@mkdir -p $(FUZZ_MSG_SEEDS)
	$< $(FUZZ_MSG_SEEDS)

# RFC 7383 reassembly (ikev2/ike_frag.c) with the real SK crypto:
#   make fuzz-frag          build build/fuzz/fuzz_ike_frag and fuzz it for FUZZ_TIME seconds
FUZZ_FRAG_SRC  := ikev2/ike_frag.c $(FUZZ_MSG_SRC) $(wildcard ikev2/crypto_*.c)
FUZZ_FRAG_DEPS := $(FUZZ_FRAG_SRC) ikev2/ike_frag.h ikev2/crypto.h ikev2/crypto_priv.h $(FUZZ_MSG_DEPS)

.PHONY: fuzz-frag

$(BUILD)/fuzz/fuzz_ike_frag: tests/fuzz/fuzz_ike_frag.c $(FUZZ_FRAG_DEPS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_FRAG_SRC) -lcrypto -lpthread

fuzz-frag: $(BUILD)/fuzz/fuzz_ike_frag
	@mkdir -p $(BUILD)/fuzz/corpus/ike_frag
	$< $(FUZZ_FLAGS) -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
		-artifact_prefix=$(BUILD)/fuzz/ $(BUILD)/fuzz/corpus/ike_frag

# ESP packet layer (ipsec/esp_*.c) with the real crypto:
#   make fuzz-esp           build build/fuzz/fuzz_esp and fuzz it for FUZZ_TIME seconds
# the packet layer only (named: the data plane's other esp_*.c files need
# the engine, its sockets and the TUN)
FUZZ_ESP_SRC  := ipsec/esp_replay.c ipsec/esp_sa.c ipsec/esp_udp.c $(wildcard ikev2/crypto_*.c)
FUZZ_ESP_DEPS := $(FUZZ_ESP_SRC) ipsec/esp.h ikev2/crypto.h ikev2/crypto_priv.h

.PHONY: fuzz-esp

$(BUILD)/fuzz/fuzz_esp: tests/fuzz/fuzz_esp.c $(FUZZ_ESP_DEPS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_ESP_SRC) -lcrypto -lpthread

fuzz-esp: $(BUILD)/fuzz/fuzz_esp
	@mkdir -p $(BUILD)/fuzz/corpus/esp
	$< $(FUZZ_FLAGS) -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
		-artifact_prefix=$(BUILD)/fuzz/ $(BUILD)/fuzz/corpus/esp
# RADIUS codec (aaa/radius_pkt.c; needs libcrypto): make fuzz-radius
.PHONY: fuzz-radius
$(BUILD)/fuzz/fuzz_radius_pkt: tests/fuzz/fuzz_radius_pkt.c aaa/radius_pkt.c aaa/radius_pkt.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< aaa/radius_pkt.c -lcrypto

fuzz-radius: $(BUILD)/fuzz/fuzz_radius_pkt
	@mkdir -p $(BUILD)/fuzz/corpus/radius_pkt
	$< $(FUZZ_FLAGS) -max_total_time=$(FUZZ_TIME) $(BUILD)/fuzz/corpus/radius_pkt
# flexd's own EAP server (aaa/eap_local*.c; the store and secrets from libflexd.a): make fuzz-eap-local
.PHONY: fuzz-eap-local
FUZZ_EAPL_SRC := $(wildcard aaa/eap_local*.c)
$(BUILD)/fuzz/fuzz_eap_local: tests/fuzz/fuzz_eap_local.c $(FUZZ_EAPL_SRC) aaa/eap_local.h aaa/eap_server.h $(BUILD)/libflexd.a
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(BUILD) -o $@ $< $(FUZZ_EAPL_SRC) $(BUILD)/libflexd.a -lsqlite3 -lcrypto -lpthread -lm

fuzz-eap-local: $(BUILD)/fuzz/fuzz_eap_local
	@mkdir -p $(BUILD)/fuzz/corpus/eap_local
	$< $(FUZZ_FLAGS) -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
		-artifact_prefix=$(BUILD)/fuzz/ $(BUILD)/fuzz/corpus/eap_local

# AnyConnect-EAP framing, its XML and the cert-request PKCS#7 TLV
# (aaa/anyconnect_xml*.c, aaa/anyconnect_cert.c): make fuzz-anyconnect (seeds: an init with
# TLVs 3, 1, 0 and a bare PKCS#7 in tests/fuzz/corpus/anyconnect, first byte = mode)
.PHONY: fuzz-anyconnect
FUZZ_AC_SRC := aaa/anyconnect_xml_eap.c aaa/anyconnect_xml_parse.c aaa/anyconnect_xml_build.c aaa/anyconnect_cert.c
$(BUILD)/fuzz/fuzz_anyconnect: tests/fuzz/fuzz_anyconnect.c $(FUZZ_AC_SRC) aaa/anyconnect_xml.h aaa/anyconnect_cert.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(shell pkg-config --cflags libxml-2.0) -o $@ $< $(FUZZ_AC_SRC) \
		$(shell pkg-config --libs libxml-2.0) -lcrypto
fuzz-anyconnect: $(BUILD)/fuzz/fuzz_anyconnect
	@mkdir -p $(BUILD)/fuzz/corpus/anyconnect
	$< $(FUZZ_FLAGS) -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
		-artifact_prefix=$(BUILD)/fuzz/ $(BUILD)/fuzz/corpus/anyconnect tests/fuzz/corpus/anyconnect
