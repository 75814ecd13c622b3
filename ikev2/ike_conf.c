#include "ike_conf.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crypto.h"
#include <openssl/x509.h>

#include "ike_auth_cert.h"
#include "ike_socket.h"
#include "pki/pki.h"
#include "running-config/store.h"

long long ike_conf_gen(void)
{
	unsigned long long g = store_generation();
	return g ? (long long)g : -1;
}

/* ---------- IOS keywords → IANA transform ids ---------- */

static bool encr_id(const char *kw, uint16_t *id, uint16_t *keylen)
{
	static const struct { const char *kw; uint16_t id, keylen; } map[] = {
		{ "aes-cbc-128", 12, 128 }, { "aes-cbc-192", 12, 192 }, { "aes-cbc-256", 12, 256 },
		{ "aes-gcm-128", 20, 128 }, { "aes-gcm-256", 20, 256 }, { "3des", 3, 0 },
		{ "des", 2, 0 }, { "chacha20-poly1305", 28, 0 },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(kw, map[i].kw) == 0) {
			*id = map[i].id;
			*keylen = map[i].keylen;
			return true;
		}
	return false;
}

static bool hash_ids(const char *kw, uint16_t *integ, uint16_t *prf)
{
	static const struct { const char *kw; uint16_t integ, prf; } map[] = {
		{ "md5", 1, 1 }, { "sha1", 2, 2 }, { "sha256", 12, 5 }, { "sha384", 13, 6 }, { "sha512", 14, 7 },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(kw, map[i].kw) == 0) {
			*integ = map[i].integ;
			*prf = map[i].prf;
			return true;
		}
	return false;
}

static void load_proposal(const char *name, struct ike_conf_proposal *p)
{
	memset(p, 0, sizeof *p);
	snprintf(p->name, sizeof p->name, "%s", name);
	sqlite3_stmt *st = db_query("SELECT kind, alg FROM ikev2_proposal_alg WHERE proposal=? ORDER BY kind, seq",
				    "s", name);
	while (db_row(st)) {
		const char *kind = db_col_text(st, 0), *alg = db_col_text(st, 1);
		uint16_t a, b;
		if (strcmp(kind, "encryption") == 0 && p->n_encr < IKE_CONF_MAX_ALGS && encr_id(alg, &a, &b)) {
			p->encr[p->n_encr] = a;
			p->encr_keylen[p->n_encr++] = b;
		} else if (strcmp(kind, "integrity") == 0 && p->n_integ < IKE_CONF_MAX_ALGS && hash_ids(alg, &a, &b)) {
			p->integ[p->n_integ++] = a;
		} else if (strcmp(kind, "prf") == 0 && p->n_prf < IKE_CONF_MAX_ALGS && hash_ids(alg, &a, &b)) {
			p->prf[p->n_prf++] = b;
		} else if (strcmp(kind, "group") == 0 && p->n_dh < IKE_CONF_MAX_ALGS) {
			p->dh[p->n_dh++] = (uint16_t)atoi(alg);
		}
	}
	/* no prf configured: IOS uses the integrity algorithms as PRFs */
	if (p->n_prf == 0) {
		st = db_query("SELECT alg FROM ikev2_proposal_alg WHERE proposal=? AND kind='integrity' ORDER BY seq",
			      "s", name);
		while (db_row(st)) {
			uint16_t a, b;
			if (p->n_prf < IKE_CONF_MAX_ALGS && hash_ids(db_col_text(st, 0), &a, &b))
				p->prf[p->n_prf++] = b;
		}
	}
}

static bool proposal_complete(const struct ike_conf_proposal *p)
{
	bool aead = p->n_encr > 0 && (p->encr[0] == 20 || p->encr[0] == 28);
	return p->n_encr && p->n_dh && p->n_prf && (aead || p->n_integ);
}

static int load_policy(const char *policy, struct ike_conf_proposals *out)
{
	snprintf(out->policy, sizeof out->policy, "%s", policy);
	out->n = 0;
	sqlite3_stmt *st = db_query("SELECT pp.proposal FROM ikev2_policy_proposal pp "
				    "JOIN ikev2_proposal p ON p.name = pp.proposal "
				    "WHERE pp.policy=? AND p.disabled=0 ORDER BY pp.seq", "s", policy);
	while (db_row(st)) {
		if (out->n >= IKE_CONF_MAX_PROPS)
			continue;
		load_proposal(db_col_text(st, 0), &out->p[out->n]);
		if (proposal_complete(&out->p[out->n]))
			out->n++;
	}
	return out->n;
}

static int proposals_load(const char *ip, struct ike_conf_proposals *out)
{
	/* a policy naming this local address wins */
	char name[64];
	if (db_get_text(name, sizeof name,
			"SELECT p.name FROM ikev2_policy p JOIN ikev2_policy_local l ON l.policy = p.name "
			"WHERE p.disabled=0 AND l.address=? ORDER BY p.name LIMIT 1", "s", ip) &&
	    load_policy(name, out) > 0)
		return out->n;
	/* then a user policy without address match, then the default */
	sqlite3_stmt *st = db_query("SELECT name FROM ikev2_policy p WHERE disabled=0 AND NOT EXISTS "
				    "(SELECT 1 FROM ikev2_policy_local l WHERE l.policy = p.name) "
				    "ORDER BY smart, name", "");
	while (db_row(st)) {
		char pol[64];
		snprintf(pol, sizeof pol, "%s", db_col_text(st, 0));
		if (load_policy(pol, out) > 0) {
			db_done(st);
			return out->n;
		}
	}
	out->n = 0;
	return 0;
}

/* ---------- identities and profiles ---------- */

const char *ike_conf_id_str(const struct ike_conf_id *id, char *buf, size_t len)
{
	if (id->type == ID_IPV4_ADDR && id->len == 4)
		inet_ntop(AF_INET, id->data, buf, (socklen_t)len);
	else if (id->type == ID_IPV6_ADDR && id->len == 16)
		inet_ntop(AF_INET6, id->data, buf, (socklen_t)len);
	else if (id->type == ID_FQDN || id->type == ID_RFC822_ADDR || id->type == ID_KEY_ID) {
		size_t n = id->len < len - 1 ? id->len : len - 1;
		for (size_t i = 0; i < n; i++)
			buf[i] = id->data[i] >= 32 && id->data[i] < 127 ? (char)id->data[i] : '?';
		buf[n] = '\0';
	} else if (id->type == ID_DER_ASN1_DN && id->len <= sizeof id->data) {
		/* as IOS prints a DN: "cn=x,ou=y,o=z,c=US" */
		const unsigned char *p = id->data;
		X509_NAME *n = d2i_X509_NAME(NULL, &p, (long)id->len);
		if (n && p == id->data + id->len)
			pki_name_oneline(n, buf, len);
		else
			snprintf(buf, len, "<bad DN, %zu bytes>", id->len);
		X509_NAME_free(n);
	} else
		snprintf(buf, len, "<type %d, %zu bytes>", id->type, id->len);
	return buf;
}

static bool suffix_match(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return b <= a && strcasecmp(s + a - b, suffix) == 0;
}

static bool addr_in(const char *ip, const char *net, const char *mask)
{
	struct in_addr a, n, m;
	if (inet_pton(AF_INET, ip, &a) != 1 || inet_pton(AF_INET, net, &n) != 1)
		return strcasecmp(ip, net) == 0;
	if (!mask || !*mask || inet_pton(AF_INET, mask, &m) != 1)
		m.s_addr = 0xffffffff;
	/* IOS: 0.0.0.0 matches any IPv4 identity */
	if (n.s_addr == 0 && (!mask || !*mask))
		return true;
	return (a.s_addr & m.s_addr) == (n.s_addr & m.s_addr);
}

static bool id_matches(const char *kind, const char *value, const char *mask, const struct ike_conf_id *id)
{
	char s[512];
	ike_conf_id_str(id, s, sizeof s);
	if (strcmp(kind, "any") == 0)
		return true;
	if (strcmp(kind, "address") == 0)
		return (id->type == ID_IPV4_ADDR || id->type == ID_IPV6_ADDR) && addr_in(s, value, mask);
	if (strcmp(kind, "fqdn") == 0)
		return id->type == ID_FQDN && strcasecmp(s, value) == 0;
	if (strcmp(kind, "fqdn domain") == 0)
		return id->type == ID_FQDN && suffix_match(s, value);
	if (strcmp(kind, "email") == 0)
		return id->type == ID_RFC822_ADDR && strcasecmp(s, value) == 0;
	if (strcmp(kind, "email domain") == 0)
		return id->type == ID_RFC822_ADDR && suffix_match(s, value);
	if (strcmp(kind, "key-id") == 0)
		return id->type == ID_KEY_ID && id->len == strlen(value) && memcmp(id->data, value, id->len) == 0;
	return false;
}

bool ike_conf_profile_for(const struct ike_conf_id *peer_id, const struct sockaddr_storage *local,
			  char *profile, size_t len)
{
	return ike_conf_profile_match(peer_id, local, NULL, profile, len);
}

/* Does any `match certificate MAP` of the profile accept the certificate? */
static bool cert_matches(const char *profile, X509 *cert)
{
	char maps[16][64];
	int n = 0;
	sqlite3_stmt *m = db_query("SELECT map FROM ikev2_profile_match_cert WHERE profile=? ORDER BY seq", "s", profile);
	while (db_row(m))
		if (n < 16)
			snprintf(maps[n++], sizeof maps[0], "%s", db_col_text(m, 0));
	for (int i = 0; i < n && cert; i++)
		if (ike_certmap_match(maps[i], cert))
			return true;
	return false;
}

bool ike_conf_profile_match(const struct ike_conf_id *peer_id, const struct sockaddr_storage *local,
			    X509 *peer_cert, char *profile, size_t len)
{
	char ip[64] = "";
	if (local)
		sockaddr_ip(local, ip, sizeof ip);
	/* IKE runs in the global VRF only: a profile restricted by `match fvrf
	 * NAME` to another front-door VRF never matches (none: global; any) */
	sqlite3_stmt *st = db_query("SELECT name FROM ikev2_profile WHERE shutdown=0 AND "
				    "(match_fvrf IS NULL OR match_fvrf = 'any') ORDER BY seq", "");
	while (db_row(st)) {
		char name[64];
		snprintf(name, sizeof name, "%s", db_col_text(st, 0));
		/* `match address local` restricts the profile to those addresses */
		long long nlocal = 0;
		db_get_int(&nlocal, "SELECT count(*) FROM ikev2_profile_match_local WHERE profile=? AND kind='address'",
			   "s", name);
		if (nlocal > 0 && !db_exists("SELECT 1 FROM ikev2_profile_match_local WHERE profile=? AND "
					     "kind='address' AND value=?", "ss", name, ip))
			continue;
		bool hit = false;
		sqlite3_stmt *m = db_query("SELECT kind, value, mask FROM ikev2_profile_match_id WHERE profile=? ORDER BY seq",
					   "s", name);
		while (db_row(m))
			if (!hit && id_matches(db_col_text(m, 0), db_col_text(m, 1), db_col_text(m, 2), peer_id))
				hit = true;
		if (!hit && peer_cert)
			hit = cert_matches(name, peer_cert);
		if (hit) {
			snprintf(profile, len, "%s", name);
			db_done(st);
			return true;
		}
	}
	return false;
}

static enum ike_conf_auth auth_kind(const char *s)
{
	if (strcmp(s, "pre-share") == 0)
		return AUTH_PSK;
	if (strcmp(s, "rsa-sig") == 0)
		return AUTH_RSA;
	if (strcmp(s, "ecdsa-sig") == 0)
		return AUTH_ECDSA;
	if (strcmp(s, "eap") == 0)
		return AUTH_EAP;
	if (strcmp(s, "anyconnect-eap") == 0)
		return AUTH_ANYCONNECT_EAP;
	return AUTH_NONE;
}

static bool profile_load(const char *name, struct ike_conf_profile *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_query("SELECT auth_local, lifetime, dpd_interval, dpd_retry, dpd_mode, vtemplate, "
				    "id_local_kind, id_local_value, keyring_kind, keyring_name "
				    "FROM ikev2_profile WHERE name=?", "s", name);
	if (!db_row(st))
		return false;
	snprintf(out->name, sizeof out->name, "%s", name);
	out->auth_local = auth_kind(db_col_text(st, 0));
	out->lifetime = db_col_null(st, 1) ? 86400 : (int)db_col_int(st, 1);
	out->dpd_interval = (int)db_col_int(st, 2);
	out->dpd_retry = (int)db_col_int(st, 3);
	out->dpd_periodic = strcmp(db_col_text(st, 4), "periodic") == 0;
	out->vtemplate = (int)db_col_int(st, 5);
	snprintf(out->local_id_kind, sizeof out->local_id_kind, "%s", db_col_text(st, 6));
	snprintf(out->local_id_value, sizeof out->local_id_value, "%s", db_col_text(st, 7));
	if (strcmp(db_col_text(st, 8), "local") == 0)
		snprintf(out->keyring, sizeof out->keyring, "%s", db_col_text(st, 9));
	db_done(st);
	out->eap_timeout = 90;
	st = db_query("SELECT ifnull(aaa_authen_eap,''), ifnull(aaa_authen_anyconnect,'') FROM ikev2_profile "
		      "WHERE name=?", "s", name);
	if (db_row(st)) {
		snprintf(out->aaa_eap, sizeof out->aaa_eap, "%s", db_col_text(st, 0));
		snprintf(out->aaa_anyconnect, sizeof out->aaa_anyconnect, "%s", db_col_text(st, 1));
		db_done(st);
	}
	st = db_query("SELECT method, query_identity, timeout, cert_request FROM ikev2_profile_auth_remote "
		      "WHERE profile=?", "s", name);
	while (db_row(st)) {
		switch (auth_kind(db_col_text(st, 0))) {
		case AUTH_PSK: out->remote_psk = true; break;
		case AUTH_RSA: out->remote_rsa = true; break;
		case AUTH_ECDSA: out->remote_ecdsa = true; break;
		case AUTH_EAP: case AUTH_ANYCONNECT_EAP:
			out->remote_eap = true;
			if (auth_kind(db_col_text(st, 0)) == AUTH_ANYCONNECT_EAP) {
				out->remote_anyconnect = true;
				out->anyconnect_cert_request = db_col_int(st, 3) != 0;
				break;
			}
			out->eap_query_identity = db_col_int(st, 1) != 0;
			if (!db_col_null(st, 2) && db_col_int(st, 2) > 0)
				out->eap_timeout = (int)db_col_int(st, 2);
			break;
		default: break;
		}
	}
	st = db_query("SELECT trustpoint, usage FROM ikev2_profile_trustpoint WHERE profile=? ORDER BY seq", "s", name);
	while (db_row(st)) {
		const char *tp = db_col_text(st, 0), *usage = db_col_text(st, 1);
		if (!out->trustpoint_sign[0] && strcmp(usage, "verify") != 0)
			snprintf(out->trustpoint_sign, sizeof out->trustpoint_sign, "%s", tp);
		if (strcmp(usage, "verify") != 0 && out->n_sign < 8)
			snprintf(out->trustpoint_signs[out->n_sign++], 64, "%s", tp);
		if (strcmp(usage, "sign") != 0 && out->n_verify < 8)
			snprintf(out->trustpoint_verify[out->n_verify++], 64, "%s", tp);
	}
	return true;
}

/* ---------- keys ---------- */

/* Prefix length of an IPv4 mask (32 when none or unparsable: a host). */
static int mask_bits(const char *mask)
{
	struct in_addr m;
	if (!mask || !*mask || inet_pton(AF_INET, mask, &m) != 1)
		return 32;
	return __builtin_popcount(m.s_addr);
}

/* The keyring peer for a remote peer, as IOS looks it up: a peer whose
 * `identity` matches the peer's IKE identity first, then one whose
 * `hostname` is its FQDN identity, then the best (longest prefix) `address`
 * match for its IP address, whatever the order of the peers in the keyring
 * (so `address 0.0.0.0 0.0.0.0` is the fallback, not a catch-all that hides
 * the peers after it).  [IOS documents the best-match address lookup; the
 * identity-before-address order is unverified.] */
static bool keyring_psk(const char *keyring, const struct ike_conf_id *peer_id, const char *peer_ip,
			char *local, size_t llen, char *remote, size_t rlen)
{
	sqlite3_stmt *st = db_query("SELECT address, mask, hostname, id_kind, id_value, psk, psk_local, psk_remote "
				    "FROM ikev2_keyring_peer WHERE keyring=? ORDER BY seq", "s", keyring);
	char idstr[512];
	ike_conf_id_str(peer_id, idstr, sizeof idstr);
	int best = -1;      /* 100 identity, 99 hostname, 0..32 address prefix */
	char bl[256] = "", br[256] = "";
	while (db_row(st)) {
		const char *addr = db_col_text(st, 0), *mask = db_col_text(st, 1), *host = db_col_text(st, 2);
		const char *idk = db_col_text(st, 3), *idv = db_col_text(st, 4);
		int score = -1;
		if (*idk && id_matches(idk, idv, NULL, peer_id))
			score = 100;
		else if (*host && peer_id->type == ID_FQDN && strcasecmp(idstr, host) == 0)
			score = 99;
		else if (*addr && addr_in(peer_ip, addr, mask))
			score = strcmp(addr, "0.0.0.0") == 0 && !*mask ? 0 : mask_bits(mask);
		if (score <= best)
			continue;
		const char *sym = db_col_text(st, 5), *pl = db_col_text(st, 6), *pr = db_col_text(st, 7);
		snprintf(bl, sizeof bl, "%s", *pl ? pl : sym);
		snprintf(br, sizeof br, "%s", *pr ? pr : sym);
		best = score;
	}
	snprintf(local, llen, "%s", bl);
	snprintf(remote, rlen, "%s", br);
	ikev2_wipe(bl, sizeof bl);
	ikev2_wipe(br, sizeof br);
	return best >= 0 && (*local || *remote);
}

bool ike_conf_psk(const char *profile, const struct ike_conf_id *peer_id,
		  const struct sockaddr_storage *peer_addr, char *local, size_t llen,
		  char *remote, size_t rlen)
{
	local[0] = remote[0] = '\0';
	char ip[64] = "";
	if (peer_addr)
		sockaddr_ip(peer_addr, ip, sizeof ip);
	db_get_text(local, llen, "SELECT auth_local_key FROM ikev2_profile WHERE name=? AND auth_local_key IS NOT NULL",
		    "s", profile);
	db_get_text(remote, rlen, "SELECT key FROM ikev2_profile_auth_remote WHERE profile=? AND method='pre-share' "
		    "AND key IS NOT NULL", "s", profile);
	if (*local && *remote)
		return true;
	char kl[256] = "", kr[256] = "", ring[64];
	if (db_get_text(ring, sizeof ring, "SELECT keyring_name FROM ikev2_profile WHERE name=? AND keyring_kind='local'",
			"s", profile) &&
	    keyring_psk(ring, peer_id, ip, kl, sizeof kl, kr, sizeof kr)) {
		if (!*local)
			snprintf(local, llen, "%s", kl);
		if (!*remote)
			snprintf(remote, rlen, "%s", kr);
	}
	return *local && *remote;
}

static void global_load(struct ike_conf_global *g)
{
	memset(g, 0, sizeof *g);
	g->window = 5;
	g->max_nego = 40;
	g->frag_mtu = 576;
	sqlite3_stmt *st = db_query("SELECT window, cookie_challenge, max_sa, max_nego, fragmentation, frag_mtu, "
				    "nat_keepalive, dpd_interval, dpd_retry, dpd_mode FROM ikev2_global WHERE id=1", "");
	if (!db_row(st))
		return;
	if (!db_col_null(st, 0))
		g->window = (int)db_col_int(st, 0);
	g->cookie_challenge = (int)db_col_int(st, 1);
	g->max_sa = (int)db_col_int(st, 2);
	if (!db_col_null(st, 3))
		g->max_nego = (int)db_col_int(st, 3);
	g->fragmentation = db_col_int(st, 4) != 0;
	if (!db_col_null(st, 5)) {
		g->frag_mtu = (int)db_col_int(st, 5);
		g->frag_mtu_set = true;
	}
	g->nat_keepalive = (int)db_col_int(st, 6);
	g->dpd_interval = (int)db_col_int(st, 7);
	g->dpd_retry = (int)db_col_int(st, 8);
	g->dpd_periodic = strcmp(db_col_text(st, 9), "periodic") == 0;
	db_done(st);
}

/* ---------- caches of the reads above (every handshake makes them) ----------
 * Valid while ike_conf_gen() stays the same; nothing is cached while a
 * config transaction is open. */

#define CONF_CACHE 4

int ike_conf_proposals(const struct sockaddr_storage *local, struct ike_conf_proposals *out)
{
	static struct {
		long long gen;
		char ip[64];
		int n;
		struct ike_conf_proposals v;
	} c[CONF_CACHE];
	static unsigned rr;
	char ip[64] = "";
	if (local)
		sockaddr_ip(local, ip, sizeof ip);
	long long gen = ike_conf_gen();
	for (unsigned i = 0; gen >= 0 && i < CONF_CACHE; i++)
		if (c[i].gen == gen + 1 && strcmp(c[i].ip, ip) == 0) {
			*out = c[i].v;
			return c[i].n;
		}
	int n = proposals_load(ip, out);
	if (gen >= 0) {
		unsigned i = rr++ % CONF_CACHE;
		c[i].gen = gen + 1; /* 0 = empty */
		snprintf(c[i].ip, sizeof c[i].ip, "%s", ip);
		c[i].n = n;
		c[i].v = *out;
	}
	return n;
}

bool ike_conf_profile_get(const char *name, struct ike_conf_profile *out)
{
	static struct {
		long long gen;
		char name[64];
		bool found;
		struct ike_conf_profile v;
	} c[CONF_CACHE];
	static unsigned rr;
	long long gen = ike_conf_gen();
	bool cacheable = gen >= 0 && strlen(name) < sizeof c[0].name;
	for (unsigned i = 0; cacheable && i < CONF_CACHE; i++)
		if (c[i].gen == gen + 1 && strcmp(c[i].name, name) == 0) {
			*out = c[i].v;
			return c[i].found;
		}
	bool found = profile_load(name, out);
	if (cacheable) {
		unsigned i = rr++ % CONF_CACHE;
		c[i].gen = gen + 1;
		snprintf(c[i].name, sizeof c[i].name, "%s", name);
		c[i].found = found;
		c[i].v = *out;
	}
	return found;
}

void ike_conf_global_get(struct ike_conf_global *g)
{
	static long long cgen; /* gen + 1, 0 = empty */
	static struct ike_conf_global cv;
	long long gen = ike_conf_gen();
	if (gen >= 0 && cgen == gen + 1) {
		*g = cv;
		return;
	}
	global_load(g);
	if (gen >= 0) {
		cgen = gen + 1;
		cv = *g;
	}
}
