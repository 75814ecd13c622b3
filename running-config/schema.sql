-- flexd running-config: the whole config model, one table per object kind.
-- Lists are child tables with a `seq` column giving their order.
-- Smart defaults are rows inserted here; `is_default`/`disabled` columns say
-- whether they still hold their default content or were turned off.
-- Each subsystem owns its section; keep names prefixed by the subsystem.

PRAGMA foreign_keys = ON;

-- ===== system (system/) =====
-- Global one-row settings (id = 1).  Columns hold IOS defaults of a C8000V.
CREATE TABLE IF NOT EXISTS sys_global (
	id                  INTEGER PRIMARY KEY CHECK (id = 1),
	hostname            TEXT NOT NULL DEFAULT 'Router',
	enable_secret_type  INTEGER,            -- 5, 8, 9; NULL: no enable secret
	enable_secret       TEXT,
	enable_password_type INTEGER,           -- 0 or 7; NULL: no enable password
	enable_password     TEXT,
	password_encryption INTEGER NOT NULL DEFAULT 0,   -- service password-encryption
	ts_debug            TEXT DEFAULT 'datetime msec', -- service timestamps debug ...; NULL: off
	ts_log              TEXT DEFAULT 'datetime msec',
	domain_name         TEXT,
	domain_lookup       INTEGER NOT NULL DEFAULT 1,
	http_server         INTEGER NOT NULL DEFAULT 1,
	http_secure_server  INTEGER NOT NULL DEFAULT 1,
	http_auth           TEXT,                          -- ip http authentication; NULL: unset
	forward_protocol_nd INTEGER NOT NULL DEFAULT 1,
	ipv6_unicast_routing INTEGER NOT NULL DEFAULT 0
);
INSERT OR IGNORE INTO sys_global(id) VALUES (1);

-- ip route [vrf V] PREFIX MASK {NEXTHOP | IF [NEXTHOP]} [DIST] [tag T] [permanent] [name N]
CREATE TABLE IF NOT EXISTS sys_route (
	vrf       TEXT NOT NULL DEFAULT '',    -- '' = global table
	prefix    TEXT NOT NULL,
	mask      TEXT NOT NULL,
	ifname    TEXT NOT NULL DEFAULT '',    -- '' = none
	nexthop   TEXT NOT NULL DEFAULT '',
	distance  INTEGER,
	tag       INTEGER,
	permanent INTEGER NOT NULL DEFAULT 0,
	name      TEXT,
	PRIMARY KEY (vrf, prefix, mask, ifname, nexthop)
);

-- ip nat inside source list ACL interface IF [overload]
CREATE TABLE IF NOT EXISTS sys_nat_source (
	acl      TEXT PRIMARY KEY,
	ifname   TEXT NOT NULL,
	overload INTEGER NOT NULL DEFAULT 0
);

-- IP access lists (named and numbered); entries in sys_ace by seq.
CREATE TABLE IF NOT EXISTS sys_acl (
	name TEXT PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('standard', 'extended'))
);
CREATE TABLE IF NOT EXISTS sys_ace (
	acl      TEXT NOT NULL REFERENCES sys_acl(name) ON DELETE CASCADE,
	seq      INTEGER NOT NULL,
	remark   TEXT,                  -- a remark line: action is NULL
	action   TEXT CHECK (action IN ('permit', 'deny')),
	proto    TEXT,                  -- extended: ip, tcp, udp, icmp, esp, gre, ahp, or a number
	src      TEXT,                  -- address, already masked by the wildcard
	src_wc   TEXT,                  -- 0.0.0.0 = host, 255.255.255.255 = any
	src_op   TEXT,                  -- eq, gt, lt, neq, range (tcp/udp)
	src_p1   INTEGER,
	src_p2   INTEGER,
	dst      TEXT,
	dst_wc   TEXT,
	dst_op   TEXT,
	dst_p1   INTEGER,
	dst_p2   INTEGER,
	established INTEGER NOT NULL DEFAULT 0,
	log      INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (acl, seq)
);

-- Terminal lines, one row per line; rendering groups equal neighbours.
CREATE TABLE IF NOT EXISTS sys_line (
	kind           TEXT NOT NULL CHECK (kind IN ('con', 'vty')),
	num            INTEGER NOT NULL,
	access_in      TEXT,              -- access-class ACL in
	access_out     TEXT,
	exec_min       INTEGER,           -- exec-timeout; NULL = default 10 0
	exec_sec       INTEGER,
	privilege      INTEGER,
	password_type  INTEGER,           -- 0 or 7
	password       TEXT,
	logging_sync   INTEGER NOT NULL DEFAULT 0,
	login          TEXT,              -- NULL: no login, 'line', 'local', 'auth'
	login_list     TEXT,
	length         INTEGER,
	stopbits       TEXT,
	transport_in   TEXT,              -- ssh, telnet, 'ssh telnet', all, none; NULL = default
	PRIMARY KEY (kind, num)
);
INSERT OR IGNORE INTO sys_line(kind, num, stopbits) VALUES ('con', 0, '1');
INSERT OR IGNORE INTO sys_line(kind, num, login) VALUES
	('vty', 0, 'line'), ('vty', 1, 'line'), ('vty', 2, 'line'), ('vty', 3, 'line'), ('vty', 4, 'line');

-- VRFs: `vrf definition NAME` (legacy 0) or `ip vrf NAME` (legacy 1);
-- the address families a `vrf definition` enabled in sys_vrf_af.
CREATE TABLE IF NOT EXISTS sys_vrf (
	name        TEXT PRIMARY KEY,
	legacy      INTEGER NOT NULL DEFAULT 0,
	description TEXT,
	rd          TEXT
);
CREATE TABLE IF NOT EXISTS sys_vrf_af (
	vrf TEXT NOT NULL REFERENCES sys_vrf(name) ON DELETE CASCADE,
	af  TEXT NOT NULL CHECK (af IN ('ipv4', 'ipv6')),
	PRIMARY KEY (vrf, af)
);

-- QoS: class-map [match-all|match-any] NAME with its match lines;
-- policy-map NAME with its classes (class-default always renders last).
CREATE TABLE IF NOT EXISTS sys_class_map (
	name      TEXT PRIMARY KEY,
	match_any INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sys_class_map_match (
	cmap TEXT NOT NULL REFERENCES sys_class_map(name) ON DELETE CASCADE,
	seq  INTEGER NOT NULL,
	acl  TEXT NOT NULL,               -- match access-group name ACL
	PRIMARY KEY (cmap, seq),
	UNIQUE (cmap, acl)
);
CREATE TABLE IF NOT EXISTS sys_policy_map (
	name TEXT PRIMARY KEY
);
CREATE TABLE IF NOT EXISTS sys_policy_map_class (
	pmap  TEXT NOT NULL REFERENCES sys_policy_map(name) ON DELETE CASCADE,
	seq   INTEGER NOT NULL,
	class TEXT NOT NULL,              -- a class-map name or class-default
	PRIMARY KEY (pmap, class)
);
-- ===== end system =====

-- ===== interface (interface/) =====
-- Every configured interface, by canonical name.  kind: physical, loopback,
-- tunnel, vtemplate.  sortkey orders the running-config as IOS-XE does
-- (Loopback, Tunnel, physical, Virtual-Template; numbers numerically).
CREATE TABLE IF NOT EXISTS if_interface (
	name          TEXT PRIMARY KEY,
	kind          TEXT NOT NULL,
	sortkey       TEXT NOT NULL,
	builtin       INTEGER NOT NULL DEFAULT 0,  -- a port of the platform: never deleted
	vt_type       TEXT,                        -- Virtual-Template: tunnel, ethernet, serial (NULL)
	description   TEXT,
	mtu           INTEGER,
	bandwidth     INTEGER,
	dot1q         INTEGER,                     -- encapsulation dot1Q N (sub-interfaces)
	vrf           TEXT,
	vrf_legacy    INTEGER NOT NULL DEFAULT 0,  -- typed as `ip vrf forwarding`
	ip_mode       TEXT,                        -- NULL none, static, dhcp, negotiated, unnumbered
	ip_address    TEXT,
	ip_mask       TEXT,
	ip_unnumbered TEXT,
	acl_in        TEXT,                        -- ip access-group X in
	acl_out       TEXT,
	ip_mtu        INTEGER,
	nat           TEXT,                        -- inside, outside
	tcp_mss       INTEGER,
	shutdown      INTEGER NOT NULL DEFAULT 0,
	negotiation   INTEGER,                     -- physical: 1 = negotiation auto
	ipv6_enable   INTEGER NOT NULL DEFAULT 0,
	ipv6_unnumbered TEXT,
	ipv6_mtu      INTEGER,
	keepalive     INTEGER,                     -- NULL default, -1 = no keepalive, else period
	keepalive_retries INTEGER,
	tun_source    TEXT,                        -- interface name or address
	tun_dest      TEXT,                        -- address or 'dynamic'
	tun_mode      TEXT,                        -- NULL = gre ip (default); 'ipsec ipv4', ...
	tun_profile   TEXT,                        -- tunnel protection ipsec profile
	tun_shared    INTEGER NOT NULL DEFAULT 0,
	sp_in         TEXT,                        -- service-policy input
	sp_out        TEXT,
	ospf_pid      INTEGER,                     -- ip ospf PID area AREA
	ospf_area     TEXT,
	ospf6_pid     INTEGER,                     -- ipv6 ospf PID area AREA
	ospf6_area    TEXT
);
CREATE TABLE IF NOT EXISTS if_secondary (
	ifname  TEXT NOT NULL REFERENCES if_interface(name) ON DELETE CASCADE ON UPDATE CASCADE,
	address TEXT NOT NULL,
	mask    TEXT NOT NULL,
	PRIMARY KEY (ifname, address)
);
CREATE TABLE IF NOT EXISTS if_ipv6_address (
	ifname  TEXT NOT NULL REFERENCES if_interface(name) ON DELETE CASCADE ON UPDATE CASCADE,
	address TEXT NOT NULL,                     -- canonical text, with /len unless link-local
	kind    TEXT NOT NULL DEFAULT '',          -- '', 'eui-64', 'link-local'
	PRIMARY KEY (ifname, address)
);
CREATE TABLE IF NOT EXISTS if_standby (
	ifname   TEXT NOT NULL REFERENCES if_interface(name) ON DELETE CASCADE ON UPDATE CASCADE,
	grp      INTEGER NOT NULL,
	ip       TEXT,
	name     TEXT,
	priority INTEGER,
	preempt  INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (ifname, grp)
);
-- The ports of a C8000V-like platform.
INSERT OR IGNORE INTO if_interface(name, kind, sortkey, builtin, negotiation) VALUES
	('GigabitEthernet1', 'physical', '2 GigabitEthernet 0000000001', 1, 1),
	('GigabitEthernet2', 'physical', '2 GigabitEthernet 0000000002', 1, 1),
	('GigabitEthernet3', 'physical', '2 GigabitEthernet 0000000003', 1, 1);
-- ===== end interface =====

-- ===== aaa (aaa/) =====
-- Global AAA switches: one row.
CREATE TABLE IF NOT EXISTS aaa_global (
	id          INTEGER PRIMARY KEY CHECK (id = 1),
	new_model   INTEGER NOT NULL DEFAULT 0,
	session_id  TEXT NOT NULL DEFAULT 'common',   -- common | unique
	acct_update_newinfo  INTEGER NOT NULL DEFAULT 0,
	acct_update_periodic INTEGER                  -- minutes; NULL = not set
);
INSERT OR IGNORE INTO aaa_global(id) VALUES (1);

-- Method lists: aaa {authentication|authorization|accounting} SERVICE NAME ...
CREATE TABLE IF NOT EXISTS aaa_method_list (
	id        INTEGER PRIMARY KEY,
	kind      TEXT NOT NULL,      -- authentication | authorization | accounting
	service   TEXT NOT NULL,      -- login | exec | network
	name      TEXT NOT NULL,      -- list name or 'default'
	action    TEXT,               -- accounting: start-stop | stop-only | none
	broadcast INTEGER NOT NULL DEFAULT 0,
	UNIQUE (kind, service, name)
);
CREATE TABLE IF NOT EXISTS aaa_method (
	list_id INTEGER NOT NULL REFERENCES aaa_method_list(id) ON DELETE CASCADE,
	seq     INTEGER NOT NULL,
	method  TEXT NOT NULL,        -- local | local-case | none | enable | line | if-authenticated | group
	grp     TEXT,                 -- server group name for method 'group' (radius = all servers)
	PRIMARY KEY (list_id, seq)
);

-- Named RADIUS servers: radius server NAME
CREATE TABLE IF NOT EXISTS radius_server (
	name       TEXT PRIMARY KEY,
	addr       TEXT,
	auth_port  INTEGER NOT NULL DEFAULT 1645,
	acct_port  INTEGER NOT NULL DEFAULT 1646,
	key_type   INTEGER NOT NULL DEFAULT 0,   -- 0 | 6 | 7
	key        TEXT,
	timeout    INTEGER,
	retransmit INTEGER,
	tester_user TEXT,
	tester_probe_on INTEGER NOT NULL DEFAULT 0,
	seq        INTEGER NOT NULL               -- creation order
);
-- Legacy hosts: radius-server host A.B.C.D ...
CREATE TABLE IF NOT EXISTS radius_host (
	addr       TEXT NOT NULL,
	auth_port  INTEGER NOT NULL DEFAULT 1645,
	acct_port  INTEGER NOT NULL DEFAULT 1646,
	timeout    INTEGER,
	retransmit INTEGER,
	key_type   INTEGER NOT NULL DEFAULT 0,
	key        TEXT,
	seq        INTEGER NOT NULL,
	PRIMARY KEY (addr, auth_port, acct_port)
);
-- Legacy radius-server globals and ip radius source-interface: one row.
CREATE TABLE IF NOT EXISTS radius_global (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	timeout    INTEGER,             -- NULL = default 5 s
	retransmit INTEGER,             -- NULL = default 3
	key_type   INTEGER NOT NULL DEFAULT 0,
	key        TEXT,
	deadtime   INTEGER,             -- minutes
	dead_time  INTEGER,             -- dead-criteria time
	dead_tries INTEGER,             -- dead-criteria tries
	source_if  TEXT
);
INSERT OR IGNORE INTO radius_global(id) VALUES (1);

-- aaa group server radius NAME
CREATE TABLE IF NOT EXISTS radius_group (
	name       TEXT PRIMARY KEY,
	vrf        TEXT,
	source_if  TEXT,
	deadtime   INTEGER,
	load_balance INTEGER NOT NULL DEFAULT 0,   -- load-balance method least-outstanding
	seq        INTEGER NOT NULL
);
-- members: server name X | server A.B.C.D [auth-port] [acct-port]
CREATE TABLE IF NOT EXISTS radius_group_server (
	grp        TEXT NOT NULL REFERENCES radius_group(name) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,
	server     TEXT,                -- named server (server name X)
	addr       TEXT,                -- or a legacy host reference
	auth_port  INTEGER,
	acct_port  INTEGER,
	PRIMARY KEY (grp, seq)
);
-- server-private A.B.C.D ... inside a group
CREATE TABLE IF NOT EXISTS radius_group_private (
	grp        TEXT NOT NULL REFERENCES radius_group(name) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,
	addr       TEXT NOT NULL,
	auth_port  INTEGER NOT NULL DEFAULT 1645,
	acct_port  INTEGER NOT NULL DEFAULT 1646,
	timeout    INTEGER,
	retransmit INTEGER,
	key_type   INTEGER NOT NULL DEFAULT 0,
	key        TEXT,
	PRIMARY KEY (grp, seq)
);

-- aaa server radius dynamic-author (row present = configured)
CREATE TABLE IF NOT EXISTS aaa_dynauthor (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	key_type   INTEGER NOT NULL DEFAULT 0,
	server_key TEXT,
	port       INTEGER,             -- NULL = default 1700
	auth_type  TEXT,                -- all | any | session-key; NULL = default (all)
	ignore_session_key INTEGER NOT NULL DEFAULT 0,
	ignore_server_key  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS aaa_dynauthor_client (
	client     TEXT PRIMARY KEY,    -- address or host name
	vrf        TEXT,
	key_type   INTEGER NOT NULL DEFAULT 0,
	server_key TEXT,
	seq        INTEGER NOT NULL
);

-- aaa attribute list NAME
CREATE TABLE IF NOT EXISTS aaa_attr_list (
	name TEXT PRIMARY KEY,
	seq  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS aaa_attr (
	list      TEXT NOT NULL REFERENCES aaa_attr_list(name) ON DELETE CASCADE,
	seq       INTEGER NOT NULL,
	type      TEXT NOT NULL,        -- attribute name, e.g. interface-config
	value     TEXT NOT NULL,        -- unquoted value
	quoted    INTEGER NOT NULL DEFAULT 0,
	service   TEXT,
	protocol  TEXT,
	mandatory INTEGER NOT NULL DEFAULT 0,
	tag       INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (list, seq)
);

-- username NAME [privilege N] {password|secret} TYPE PW | nopassword
CREATE TABLE IF NOT EXISTS aaa_user (
	name      TEXT PRIMARY KEY,
	privilege INTEGER,              -- NULL = not given (1)
	kind      TEXT,                 -- password | secret | nopassword | NULL
	pw_type   INTEGER,              -- 0 | 7 (password); 5 | 8 | 9 (secret)
	pw        TEXT,
	seq       INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS aaa_user_by_seq ON aaa_user(seq);

-- ip local pool NAME START [END] [group G] [cache-size N]
CREATE TABLE IF NOT EXISTS ip_local_pool (
	name       TEXT PRIMARY KEY,
	grp        TEXT,                -- NULL = base system group
	cache_size INTEGER,
	seq        INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS ip_local_pool_range (
	pool       TEXT NOT NULL REFERENCES ip_local_pool(name) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,
	start_addr TEXT NOT NULL,
	end_addr   TEXT NOT NULL,
	start_num  INTEGER NOT NULL,    -- host-order values for overlap checks and sizes
	end_num    INTEGER NOT NULL,
	PRIMARY KEY (pool, seq)
);
-- ipv6 local pool NAME PREFIX/LEN ASSIGNED-LEN
CREATE TABLE IF NOT EXISTS ipv6_local_pool (
	name       TEXT PRIMARY KEY,
	prefix     TEXT NOT NULL,       -- canonical X:X::X:X/M
	assigned_len INTEGER NOT NULL,
	shared     INTEGER NOT NULL DEFAULT 0,
	cache_size INTEGER,
	seq        INTEGER NOT NULL
);
-- aaa group server ldap NAME, members: server NAME
CREATE TABLE IF NOT EXISTS ldap_group (
	name       TEXT PRIMARY KEY,
	seq        INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS ldap_group_server (
	grp        TEXT NOT NULL REFERENCES ldap_group(name) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,
	server     TEXT NOT NULL,
	PRIMARY KEY (grp, seq)
);
-- ldap server NAME
CREATE TABLE IF NOT EXISTS ldap_server (
	name       TEXT PRIMARY KEY,
	addr       TEXT,                -- ipv4 A.B.C.D
	port       INTEGER,             -- transport port (NULL = 389)
	attr_map   TEXT,                -- attribute map NAME
	timeout    INTEGER,             -- timeout retransmit N
	root_dn    TEXT,                -- bind authenticate root-dn DN password ...
	pw_type    INTEGER NOT NULL DEFAULT 0,   -- 0 | 7
	pw         TEXT,
	base_dn    TEXT,
	search_filter TEXT,             -- search-filter user-object-type WORD
	auth       TEXT,                -- authentication bind-first [no-authorization] | compare
	seq        INTEGER NOT NULL
);
-- ===== end aaa =====

-- ===== ikev2 (ikev2/) =====
-- Global `crypto ikev2 ...` settings: one row (id = 1).  NULL = not configured.
CREATE TABLE IF NOT EXISTS ikev2_global (
	id               INTEGER PRIMARY KEY CHECK (id = 1),
	http_url_cert    INTEGER NOT NULL DEFAULT 1,   -- `no crypto ikev2 http-url cert` = 0
	dpd_interval     INTEGER, dpd_retry INTEGER, dpd_mode TEXT,   -- on-demand | periodic
	nat_keepalive    INTEGER,
	window           INTEGER,
	cookie_challenge INTEGER,
	max_sa           INTEGER,
	max_nego         INTEGER, max_nego_dir TEXT,  -- incoming | outgoing | NULL
	queue_sa_init    INTEGER,
	fragmentation    INTEGER NOT NULL DEFAULT 0, frag_mtu INTEGER,
	redirect_gateway TEXT,                         -- init | auth
	redirect_client  INTEGER NOT NULL DEFAULT 0, redirect_max INTEGER,
	diagnose_error   INTEGER,
	cert_cache       INTEGER,
	disconnect_revoked INTEGER NOT NULL DEFAULT 0,
	cts_sgt          INTEGER NOT NULL DEFAULT 0,
	-- `limit max-in-negotiation-sa N incoming|outgoing`, each its own line
	-- (max_nego above: the form without a direction, both ways)
	max_nego_in      INTEGER, max_nego_out INTEGER
);
INSERT OR IGNORE INTO ikev2_global(id) VALUES (1);
CREATE TABLE IF NOT EXISTS ikev2_reconnect_key (
	num    INTEGER PRIMARY KEY,                    -- 1..2
	active INTEGER NOT NULL DEFAULT 0,
	key    TEXT NOT NULL
);

-- Proposals.  `smart`: the smart default `default`; `changed`: it no longer
-- holds its default content; `disabled`: `no crypto ikev2 proposal default`.
CREATE TABLE IF NOT EXISTS ikev2_proposal (
	name     TEXT PRIMARY KEY,
	smart    INTEGER NOT NULL DEFAULT 0,
	changed  INTEGER NOT NULL DEFAULT 0,
	disabled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS ikev2_proposal_alg (
	proposal TEXT NOT NULL REFERENCES ikev2_proposal(name) ON DELETE CASCADE,
	kind     TEXT NOT NULL,                        -- encryption | integrity | prf | group
	seq      INTEGER NOT NULL,
	alg      TEXT NOT NULL,                        -- IOS keyword: aes-cbc-256, sha512, 19, ...
	PRIMARY KEY (proposal, kind, seq)
);

-- Policies.  fvrf NULL = global VRF only; 'any'; or a VRF name.
CREATE TABLE IF NOT EXISTS ikev2_policy (
	name         TEXT PRIMARY KEY,
	smart        INTEGER NOT NULL DEFAULT 0,
	changed      INTEGER NOT NULL DEFAULT 0,
	disabled     INTEGER NOT NULL DEFAULT 0,
	fvrf         TEXT,
	inbound_only INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS ikev2_policy_proposal (
	policy   TEXT NOT NULL REFERENCES ikev2_policy(name) ON DELETE CASCADE,
	seq      INTEGER NOT NULL,
	proposal TEXT NOT NULL,
	PRIMARY KEY (policy, seq), UNIQUE (policy, proposal)
);
CREATE TABLE IF NOT EXISTS ikev2_policy_local (
	policy  TEXT NOT NULL REFERENCES ikev2_policy(name) ON DELETE CASCADE,
	seq     INTEGER NOT NULL,
	address TEXT NOT NULL,                         -- IPv4 or IPv6 address
	PRIMARY KEY (policy, seq), UNIQUE (policy, address)
);

-- Keyrings and their peers (peers in creation order).
CREATE TABLE IF NOT EXISTS ikev2_keyring (
	name TEXT PRIMARY KEY
);
CREATE TABLE IF NOT EXISTS ikev2_keyring_peer (
	keyring      TEXT NOT NULL REFERENCES ikev2_keyring(name) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	seq          INTEGER NOT NULL,
	description  TEXT,
	address      TEXT,                             -- A.B.C.D or X:X::X:X/M
	mask         TEXT,                             -- IPv4 mask when given
	hostname     TEXT,
	id_kind      TEXT,                             -- address | fqdn | fqdn domain | email | email domain | key-id
	id_value     TEXT,
	psk_type     INTEGER, psk TEXT,                -- symmetric; type 0 (plain) or 6
	psk_local_type  INTEGER, psk_local TEXT,
	psk_remote_type INTEGER, psk_remote TEXT,
	psk_hex      TEXT,
	PRIMARY KEY (keyring, name)
);

-- Profiles: scalar settings as columns, lists as child tables.
CREATE TABLE IF NOT EXISTS ikev2_profile (
	name           TEXT PRIMARY KEY,
	seq            INTEGER NOT NULL,               -- creation order (IOS lists profiles so)
	description    TEXT,
	match_fvrf     TEXT,                           -- NULL | 'any' | VRF name
	match_inbound_only INTEGER NOT NULL DEFAULT 0,
	id_local_kind  TEXT,                           -- address | dn | email | fqdn | key-id
	id_local_value TEXT,
	auth_local     TEXT,                           -- pre-share | rsa-sig | ecdsa-sig | eap
	auth_local_key_type INTEGER, auth_local_key TEXT,
	auth_local_eap TEXT,                           -- gtc | md5 | mschapv2
	auth_local_eap_user TEXT, auth_local_eap_pw_type INTEGER, auth_local_eap_pw TEXT,
	keyring_kind   TEXT,                           -- local | aaa
	keyring_name   TEXT,
	keyring_mangler TEXT, keyring_pw_type INTEGER, keyring_pw TEXT,
	lifetime       INTEGER,                        -- NULL = 86400
	lifetime_cert  INTEGER NOT NULL DEFAULT 0,
	dpd_interval   INTEGER, dpd_retry INTEGER, dpd_mode TEXT,
	nat_keepalive  INTEGER,
	nat_force_encap INTEGER NOT NULL DEFAULT 0,
	ivrf           TEXT,
	vtemplate      INTEGER,
	vtemplate_auto INTEGER NOT NULL DEFAULT 0,
	aaa_authen_eap TEXT,
	aaa_authen_anyconnect TEXT,
	aaa_authen_list TEXT,
	reconnect      INTEGER NOT NULL DEFAULT 0,
	reconnect_timeout INTEGER,
	anyconnect_profile TEXT,
	cfg_request    INTEGER NOT NULL DEFAULT 1,     -- config-exchange request
	cfg_set_accept INTEGER NOT NULL DEFAULT 1,
	cfg_set_send   INTEGER NOT NULL DEFAULT 1,
	redirect_auth  INTEGER NOT NULL DEFAULT 0,
	initial_contact_force INTEGER NOT NULL DEFAULT 0,
	dynamic        INTEGER NOT NULL DEFAULT 0,
	shutdown       INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS ikev2_profile_match_id (
	profile TEXT NOT NULL REFERENCES ikev2_profile(name) ON DELETE CASCADE,
	seq     INTEGER NOT NULL,
	kind    TEXT NOT NULL,   -- address | fqdn | fqdn domain | email | email domain | key-id | any
	value   TEXT NOT NULL DEFAULT '',
	mask    TEXT,            -- address kind: IPv4 mask when given
	PRIMARY KEY (profile, seq), UNIQUE (profile, kind, value)
);
CREATE TABLE IF NOT EXISTS ikev2_profile_match_cert (
	profile TEXT NOT NULL REFERENCES ikev2_profile(name) ON DELETE CASCADE,
	seq     INTEGER NOT NULL,
	map     TEXT NOT NULL,
	PRIMARY KEY (profile, seq), UNIQUE (profile, map)
);
CREATE TABLE IF NOT EXISTS ikev2_profile_match_local (
	profile TEXT NOT NULL REFERENCES ikev2_profile(name) ON DELETE CASCADE,
	seq     INTEGER NOT NULL,
	kind    TEXT NOT NULL,   -- address | interface
	value   TEXT NOT NULL,
	PRIMARY KEY (profile, seq), UNIQUE (profile, kind, value)
);
CREATE TABLE IF NOT EXISTS ikev2_profile_auth_remote (
	profile  TEXT NOT NULL REFERENCES ikev2_profile(name) ON DELETE CASCADE,
	method   TEXT NOT NULL,  -- pre-share | rsa-sig | ecdsa-sig | eap | anyconnect-eap
	key_type INTEGER, key TEXT,                    -- pre-share key
	query_identity INTEGER NOT NULL DEFAULT 0,     -- eap
	timeout  INTEGER,                              -- eap, NULL = 90
	cert_request INTEGER NOT NULL DEFAULT 0,       -- anyconnect-eap aggregate cert-request
	PRIMARY KEY (profile, method)
);
CREATE TABLE IF NOT EXISTS ikev2_profile_trustpoint (
	profile    TEXT NOT NULL REFERENCES ikev2_profile(name) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,
	trustpoint TEXT NOT NULL,
	usage      TEXT,         -- sign | verify | NULL (both)
	PRIMARY KEY (profile, seq), UNIQUE (profile, trustpoint)
);
-- aaa authorization {group [override] | user} METHOD {cached | list ...}
CREATE TABLE IF NOT EXISTS ikev2_profile_authz (
	profile  TEXT NOT NULL REFERENCES ikev2_profile(name) ON DELETE CASCADE,
	kind     TEXT NOT NULL,  -- group | user
	method   TEXT NOT NULL,  -- eap | anyconnect-eap | cert | psk | any
	override INTEGER NOT NULL DEFAULT 0,
	cached   INTEGER NOT NULL DEFAULT 0,
	list     TEXT,
	aaa_name TEXT,           -- AAA user name / authorization policy name
	name_local INTEGER NOT NULL DEFAULT 0,
	mangler  TEXT,
	pw_type  INTEGER, pw TEXT,
	PRIMARY KEY (profile, kind, method, cached)  -- `user M cached` and `user M list ...` coexist
);
CREATE TABLE IF NOT EXISTS ikev2_profile_acct (
	profile TEXT NOT NULL REFERENCES ikev2_profile(name) ON DELETE CASCADE,
	method  TEXT NOT NULL,   -- eap | anyconnect-eap | cert | psk | list (common list)
	list    TEXT NOT NULL,
	PRIMARY KEY (profile, method)
);

-- Authorization policies (smart default `default`: route set interface, route accept any).
CREATE TABLE IF NOT EXISTS ikev2_author_policy (
	name        TEXT PRIMARY KEY,
	smart       INTEGER NOT NULL DEFAULT 0,
	changed     INTEGER NOT NULL DEFAULT 0,
	disabled    INTEGER NOT NULL DEFAULT 0,
	pool        TEXT,
	netmask     TEXT,
	dns1        TEXT, dns2 TEXT,
	wins1       TEXT, wins2 TEXT,
	dhcp_server TEXT, dhcp_giaddr TEXT, dhcp_timeout INTEGER,
	ipv6_pool   TEXT, ipv6_dns1 TEXT, ipv6_dns2 TEXT, ipv6_prefix INTEGER,
	route_acl   TEXT, route_acl_ipv6 TEXT,
	route_accept_any INTEGER NOT NULL DEFAULT 0,
	route_accept_tag INTEGER, route_accept_distance INTEGER,
	route_accept_map TEXT,
	banner      TEXT,
	def_domain  TEXT,
	include_local_lan INTEGER NOT NULL DEFAULT 0,
	pfs         INTEGER NOT NULL DEFAULT 0,
	smartcard_removal_disconnect INTEGER NOT NULL DEFAULT 0,
	config_url  TEXT, config_version INTEGER,
	session_lifetime INTEGER,
	flow_limit  INTEGER,
	attr_list   TEXT,
	mobileopt_server TEXT, mobileopt_port INTEGER
);
CREATE TABLE IF NOT EXISTS ikev2_author_list (
	policy TEXT NOT NULL REFERENCES ikev2_author_policy(name) ON DELETE CASCADE,
	kind   TEXT NOT NULL,    -- route-if (value '' = the tunnel interface) | split-dns | backup-gateway
	seq    INTEGER NOT NULL,
	value  TEXT NOT NULL,
	PRIMARY KEY (policy, kind, seq), UNIQUE (policy, kind, value)
);
CREATE TABLE IF NOT EXISTS ikev2_author_route (
	policy   TEXT NOT NULL REFERENCES ikev2_author_policy(name) ON DELETE CASCADE,
	kind     TEXT NOT NULL,  -- remote | local
	seq      INTEGER NOT NULL,
	family   TEXT NOT NULL,  -- ipv4 | ipv6
	prefix   TEXT NOT NULL,  -- address (ipv4) or prefix/len (ipv6)
	mask     TEXT NOT NULL DEFAULT '',
	next_hop TEXT, vrf TEXT, tag INTEGER, distance INTEGER,
	PRIMARY KEY (policy, kind, seq), UNIQUE (policy, kind, family, prefix, mask)
);

-- Name manglers: one rule per identity type.
CREATE TABLE IF NOT EXISTS ikev2_name_mangler (
	name  TEXT PRIMARY KEY,
	fqdn  TEXT,              -- all | domain | hostname
	email TEXT,              -- all | domain | username
	dn    TEXT,              -- common-name | country | domain | ...
	eap   TEXT               -- 'all' | 'dn FIELD' | 'prefix delimiter X' | 'suffix delimiter X'
);

-- FlexVPN client profiles.
CREATE TABLE IF NOT EXISTS ikev2_flexvpn (
	name            TEXT PRIMARY KEY,
	peer_reactivate INTEGER NOT NULL DEFAULT 0,
	client_connect  TEXT,                          -- Tunnel interface
	client_inside   TEXT,
	connect_mode    TEXT,                          -- NULL (auto) | manual | track
	connect_track   INTEGER, connect_track_state TEXT,
	backup_group    TEXT                           -- <1-255> or 'default'
);
CREATE TABLE IF NOT EXISTS ikev2_flexvpn_peer (
	client  TEXT NOT NULL REFERENCES ikev2_flexvpn(name) ON DELETE CASCADE,
	num     INTEGER NOT NULL,
	address TEXT,                                  -- IPv4/IPv6 address, or NULL for fqdn
	fqdn    TEXT,
	dynamic INTEGER NOT NULL DEFAULT 0,
	ipv6    INTEGER NOT NULL DEFAULT 0,
	track   INTEGER, track_state TEXT,
	PRIMARY KEY (client, num)
);
CREATE TABLE IF NOT EXISTS ikev2_flexvpn_source (
	client  TEXT NOT NULL REFERENCES ikev2_flexvpn(name) ON DELETE CASCADE,
	num     INTEGER NOT NULL,
	ifname  TEXT NOT NULL,
	track   INTEGER,
	PRIMARY KEY (client, num)
);

-- The load-balancer cluster (one row when configured).
CREATE TABLE IF NOT EXISTS ikev2_cluster (
	id                INTEGER PRIMARY KEY CHECK (id = 1),
	standby_group     TEXT,
	slave_max_session INTEGER, slave_hello INTEGER, slave_priority INTEGER, slave_update INTEGER,
	master_overload   INTEGER,
	weight_crypto     INTEGER, weight_system INTEGER,
	holdtime          INTEGER,
	port              INTEGER,
	fqdn              TEXT,
	shutdown          INTEGER NOT NULL DEFAULT 1
);

-- Smart defaults (IOS-XE 17), inserted once: ikev2_seeded remembers it so
-- re-applying the schema never undoes a user's change.  The default proposal
-- has no prf rows: its PRF follows the integrity algorithms.
CREATE TABLE IF NOT EXISTS ikev2_seeded (what TEXT PRIMARY KEY);
INSERT INTO ikev2_proposal(name, smart)
	SELECT 'default', 1 WHERE NOT EXISTS (SELECT 1 FROM ikev2_seeded);
INSERT INTO ikev2_proposal_alg(proposal, kind, seq, alg)
	SELECT 'default', k, s, a FROM (
		SELECT 'encryption' AS k, 0 AS s, 'aes-cbc-256' AS a
		UNION ALL SELECT 'integrity', 0, 'sha512' UNION ALL SELECT 'integrity', 1, 'sha384'
		UNION ALL SELECT 'group', 0, '19' UNION ALL SELECT 'group', 1, '14'
		UNION ALL SELECT 'group', 2, '21' UNION ALL SELECT 'group', 3, '5')
	WHERE NOT EXISTS (SELECT 1 FROM ikev2_seeded);
INSERT INTO ikev2_policy(name, smart, fvrf)
	SELECT 'default', 1, 'any' WHERE NOT EXISTS (SELECT 1 FROM ikev2_seeded);
INSERT INTO ikev2_policy_proposal(policy, seq, proposal)
	SELECT 'default', 0, 'default' WHERE NOT EXISTS (SELECT 1 FROM ikev2_seeded);
INSERT INTO ikev2_author_policy(name, smart, route_accept_any)
	SELECT 'default', 1, 1 WHERE NOT EXISTS (SELECT 1 FROM ikev2_seeded);
INSERT INTO ikev2_author_list(policy, kind, seq, value)
	SELECT 'default', 'route-if', 0, '' WHERE NOT EXISTS (SELECT 1 FROM ikev2_seeded);
INSERT OR IGNORE INTO ikev2_seeded(what) VALUES ('smart-defaults');
-- ===== end ikev2 =====

-- ===== ipsec (ipsec/) =====
-- Global `crypto ipsec ...` settings: one row; columns hold IOS defaults.
CREATE TABLE IF NOT EXISTS ipsec_global (
	id                  INTEGER PRIMARY KEY CHECK (id = 1),
	lifetime_seconds    INTEGER NOT NULL DEFAULT 3600,
	lifetime_kilobytes  INTEGER NOT NULL DEFAULT 4608000,
	lifetime_kb_disable INTEGER NOT NULL DEFAULT 0,
	idle_time           INTEGER,                        -- NULL: off
	replay_window       INTEGER NOT NULL DEFAULT 64,
	replay_disable      INTEGER NOT NULL DEFAULT 0,
	df_bit              TEXT NOT NULL DEFAULT 'copy',   -- clear|copy|set
	fragmentation       TEXT NOT NULL DEFAULT 'before-encryption',
	nat_udp_encap       INTEGER NOT NULL DEFAULT 1,
	nat_spi_matching    INTEGER NOT NULL DEFAULT 0
);
INSERT OR IGNORE INTO ipsec_global(id) VALUES (1);

-- crypto ipsec transform-set NAME ...  (row 'default' = smart default)
CREATE TABLE IF NOT EXISTS ipsec_transform_set (
	name         TEXT PRIMARY KEY,
	esp_cipher   TEXT,      -- esp-aes esp-gcm esp-gmac esp-3des esp-des esp-null esp-seal
	esp_keysize  INTEGER,   -- 128/192/256 for esp-aes/esp-gcm/esp-gmac, else NULL
	esp_auth     TEXT,      -- esp-sha-hmac ...
	ah_auth      TEXT,      -- ah-sha-hmac ...
	comp         TEXT,      -- comp-lzs
	mode         TEXT NOT NULL DEFAULT 'tunnel' CHECK (mode IN ('tunnel', 'transport')),
	mode_require INTEGER NOT NULL DEFAULT 0,
	esn          INTEGER NOT NULL DEFAULT 0,
	is_default   INTEGER NOT NULL DEFAULT 0,  -- smart default still at its default content
	disabled     INTEGER NOT NULL DEFAULT 0   -- `no crypto ipsec transform-set default`
);
INSERT OR IGNORE INTO ipsec_transform_set(name, esp_cipher, esp_keysize, esp_auth, mode, is_default)
	VALUES ('default', 'esp-aes', 128, 'esp-sha-hmac', 'transport', 1);

-- crypto ipsec profile NAME  (row 'default' = smart default)
CREATE TABLE IF NOT EXISTS ipsec_profile (
	name                TEXT PRIMARY KEY,
	description         TEXT,
	ikev2_profile       TEXT,
	isakmp_profile      TEXT,
	pfs                 INTEGER NOT NULL DEFAULT 0,
	pfs_group           TEXT,      -- group14 ...; NULL with pfs=1: `set pfs`
	lifetime_seconds    INTEGER,   -- NULL: global value
	lifetime_kilobytes  INTEGER,
	lifetime_kb_disable INTEGER NOT NULL DEFAULT 0,
	lifetime_days       INTEGER,
	idle_time           INTEGER,
	idle_time_default   INTEGER NOT NULL DEFAULT 0,
	replay_disable      INTEGER NOT NULL DEFAULT 0,
	replay_window       INTEGER,
	mixed_mode          INTEGER NOT NULL DEFAULT 0,
	policy_limit        INTEGER,   -- set security-policy limit
	responder_only      INTEGER NOT NULL DEFAULT 0,
	reverse_route       INTEGER NOT NULL DEFAULT 0,
	redundancy          TEXT,      -- redundancy NAME stateful
	is_default          INTEGER NOT NULL DEFAULT 0,
	disabled            INTEGER NOT NULL DEFAULT 0
);
-- set transform-set T1 T2 ... in priority order
CREATE TABLE IF NOT EXISTS ipsec_profile_transform (
	profile       TEXT NOT NULL,
	seq           INTEGER NOT NULL,
	transform_set TEXT NOT NULL,
	PRIMARY KEY (profile, seq)
);
-- the default profile's transform list, only when the profile row is first made
INSERT INTO ipsec_profile_transform(profile, seq, transform_set)
	SELECT 'default', 1, 'default'
	WHERE NOT EXISTS (SELECT 1 FROM ipsec_profile WHERE name = 'default');
INSERT OR IGNORE INTO ipsec_profile(name, is_default) VALUES ('default', 1);
-- ===== end ipsec =====

-- ===== pki (pki/) =====
-- crypto pki trustpoint NAME
CREATE TABLE IF NOT EXISTS pki_trustpoint (
	name              TEXT PRIMARY KEY,
	enrollment        TEXT,      -- url|terminal|selfsigned|pkcs12
	enrollment_url    TEXT,
	enrollment_pem    INTEGER NOT NULL DEFAULT 0,
	usage             TEXT,      -- ike|ssl-client|ssl-server
	serial_number     INTEGER,   -- NULL: unset, 1: serial-number, 0: serial-number none
	fqdn              TEXT,      -- name or 'none'
	ip_address        TEXT,      -- A.B.C.D, interface name or 'none'
	subject_name      TEXT,
	subject_alt_name  TEXT,
	rsakeypair        TEXT,
	rsa_modulus       INTEGER,
	rsa_enc_modulus   INTEGER,
	eckeypair         TEXT,
	auto_enroll       INTEGER NOT NULL DEFAULT 0,
	auto_enroll_pct   INTEGER,
	auto_enroll_regen INTEGER NOT NULL DEFAULT 0,
	password_type     INTEGER,   -- 0 or 7
	password          TEXT,
	hash              TEXT       -- md5|sha1|sha256|sha384|sha512
);
-- revocation-check M1 [M2 [M3]] in order
CREATE TABLE IF NOT EXISTS pki_trustpoint_revocation (
	trustpoint TEXT NOT NULL,
	seq        INTEGER NOT NULL,
	method     TEXT NOT NULL,    -- crl|none|ocsp
	PRIMARY KEY (trustpoint, seq)
);
-- crypto pki certificate map NAME SEQ
CREATE TABLE IF NOT EXISTS pki_cert_map (
	name TEXT NOT NULL,
	seq  INTEGER NOT NULL,
	PRIMARY KEY (name, seq)
);
CREATE TABLE IF NOT EXISTS pki_cert_map_rule (
	map     TEXT NOT NULL,
	map_seq INTEGER NOT NULL,
	seq     INTEGER NOT NULL,     -- order typed
	field   TEXT NOT NULL,        -- subject-name, issuer-name, ...
	op      TEXT NOT NULL,        -- eq|ne|co|nc|lt|ge
	value   TEXT NOT NULL,
	PRIMARY KEY (map, map_seq, seq)
);
-- crypto vpn anyconnect profile NAME URL
CREATE TABLE IF NOT EXISTS pki_anyconnect_profile (
	name TEXT PRIMARY KEY,
	url  TEXT NOT NULL
);
-- crypto ssl policy NAME
CREATE TABLE IF NOT EXISTS pki_ssl_policy (
	name       TEXT PRIMARY KEY,
	trustpoint TEXT,
	tp_sign    INTEGER NOT NULL DEFAULT 0,
	local_addr TEXT,
	local_if   TEXT,
	port       INTEGER,
	shutdown   INTEGER NOT NULL DEFAULT 0
);
-- crypto ssl profile NAME
CREATE TABLE IF NOT EXISTS pki_ssl_profile (
	name         TEXT PRIMARY KEY,
	match_policy TEXT
);
-- Key pairs (crypto key generate / crypto pki import).  Not config: IOS
-- keeps them in private-config (see pki_save_private_config).
CREATE TABLE IF NOT EXISTS pki_keypair (
	label       TEXT PRIMARY KEY,
	type        TEXT NOT NULL CHECK (type IN ('rsa', 'ec')),
	bits        INTEGER NOT NULL,      -- RSA modulus, or EC curve size 256|384|521
	private_pem TEXT NOT NULL,         -- PKCS#8 PEM, unencrypted
	exportable  INTEGER NOT NULL DEFAULT 0,
	usage       TEXT NOT NULL DEFAULT 'general-purpose',
	created     INTEGER NOT NULL       -- unix time of generation/import
);
-- crypto pki certificate chain TP: certificates held by a trustpoint
CREATE TABLE IF NOT EXISTS pki_certificate (
	trustpoint TEXT NOT NULL,
	seq        INTEGER NOT NULL,       -- order in the chain as stored
	role       TEXT NOT NULL CHECK (role IN ('identity', 'ca', 'subordinate', 'self-signed', 'rollover')),
	serial     TEXT NOT NULL,          -- upper-case hex, as IOS prints it ("01", "1A2B")
	der        BLOB NOT NULL,
	subject    TEXT NOT NULL,          -- one-line DN, RFC 2253 order
	issuer     TEXT NOT NULL,
	not_before INTEGER NOT NULL,       -- unix time
	not_after  INTEGER NOT NULL,
	PRIMARY KEY (trustpoint, seq)
);
-- ===== end pki =====

-- ===== indexes (running-config/) =====
-- New objects are appended with MAX(seq)+1: without these, each insert
-- scans its table and a large paste turns quadratic.
CREATE INDEX IF NOT EXISTS ikev2_profile_by_seq ON ikev2_profile(seq);
CREATE INDEX IF NOT EXISTS ikev2_keyring_peer_by_seq ON ikev2_keyring_peer(keyring, seq);
CREATE INDEX IF NOT EXISTS ip_local_pool_by_seq ON ip_local_pool(seq);
CREATE INDEX IF NOT EXISTS aaa_attr_list_by_seq ON aaa_attr_list(seq);
CREATE INDEX IF NOT EXISTS radius_server_by_seq ON radius_server(seq);
CREATE INDEX IF NOT EXISTS radius_group_by_seq ON radius_group(seq);
-- ===== end indexes =====
