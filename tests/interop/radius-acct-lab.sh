# radius-acct-lab.sh -- bash, sourced by scenarios after lib.sh.
# FreeRADIUS 3.2 in the aaa namespace (198.51.100.2, auth 1812, acct 1813,
# client hub = 198.51.100.1 / testing123) with its stock `detail` module:
# every Accounting-Request lands in $RADACCT_DETAIL_DIR/detail-YYYYMMDD.
#   radius_acct_start      start it (PID in RADIUS_PID)
#   acct_records STATUS    the detail records of that Acct-Status-Type
#                          (Start|Stop|Interim-Update), blank-line separated
#   acct_attr REC ATTR     the value of ATTR in record text REC (quotes removed)

radius_acct_start() {
	radius_up
	RADACCT_DETAIL_DIR=$IOP_RUN/aaa/log/radacct/198.51.100.1
	radius_start
	RADIUS_PID=$IOP_RADIUS_PID
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
