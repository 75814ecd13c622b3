# radius-acct-lab.sh -- bash, sourced by scenarios after lib.sh.
# FreeRADIUS 3.2 in the aaa namespace (198.51.100.2, auth 1812, acct 1813,
# client hub = 198.51.100.1 / testing123) with its stock `detail` module:
# every Accounting-Request lands in $RADACCT_DETAIL_DIR/detail-YYYYMMDD.
#   radius_acct_start      start it (PID in RADIUS_PID)
#   acct_records STATUS    the detail records of that Acct-Status-Type
#                          (Start|Stop|Interim-Update), blank-line separated
#   acct_attr REC ATTR     the value of ATTR in record text REC (quotes removed)

radius_acct_start() {
	local raddb=$IOP_RUN/aaa/raddb
	cp -a /etc/freeradius/3.0 "$raddb"
	cp "$IOP_CONF/radius-clients.conf" "$raddb/clients.conf"
	cp "$IOP_CONF/radius-authorize" "$raddb/mods-config/files/authorize"
	cp "$IOP_CONF/radius-eap" "$raddb/mods-available/eap"
	mkdir -p "$IOP_RUN/aaa/log" "$IOP_RUN/aaa/run"
	sed -i -e "s|^logdir = .*|logdir = $IOP_RUN/aaa/log|" \
		-e "s|^run_dir = .*|run_dir = $IOP_RUN/aaa/run|" \
		-e 's#^\(\s*\)\(user\|group\) = freerad#\1\#\2 = freerad#' \
		-e 's|^\(\s*\)auth = no|\1auth = yes|' "$raddb/radiusd.conf"
	sed -i -e 's|^post-auth {$|&\n\tupdate reply {\n\t\t\&Message-Authenticator := 0x00\n\t}|' \
		-e 's|^\(\s*\)Post-Auth-Type REJECT {$|&\n\1\tupdate reply {\n\1\t\t\&Message-Authenticator := 0x00\n\1\t}|' \
		"$raddb/sites-available/default"
	RADACCT_DETAIL_DIR=$IOP_RUN/aaa/log/radacct/198.51.100.1
	: >"$IOP_RUN/aaa/log/radius.log"
	bg_start aaa freeradius freeradius -f -l "$IOP_RUN/aaa/log/radius.log" -d "$raddb" -n radiusd
	RADIUS_PID=$IOP_LAST_PID
	wait_for -p "$RADIUS_PID" 10 "FreeRADIUS ready" grep -q "Ready to process requests" "$IOP_RUN/aaa/log/radius.log"
}

acct_records() {
	cat "$RADACCT_DETAIL_DIR"/detail-* 2>/dev/null |
		awk -v s="$1" 'BEGIN { RS = ""; ORS = "\n\n" } $0 ~ ("Acct-Status-Type = " s "\n") { print }'
}

# the number of records of a status
acct_count() {
	acct_records "$1" | awk 'BEGIN { RS = "" } END { print NR }'
}

acct_attr() {
	printf '%s\n' "$1" | awk -v a="$2" '$1 == a && $2 == "=" { sub(/^[^=]*= /, ""); gsub(/"/, ""); print; exit }'
}

# all values of ATTR in REC (Cisco-AVPair appears several times)
acct_attrs() {
	printf '%s\n' "$1" | awk -v a="$2" '$1 == a && $2 == "=" { sub(/^[^=]*= /, ""); gsub(/"/, ""); print }'
}

acct_count_is() { [ "$(acct_count "$1")" = "$2" ]; }
acct_count_ge() { [ "$(acct_count "$1")" -ge "$2" ]; }
