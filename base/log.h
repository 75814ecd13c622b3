/*
 * The system log: IOS-style messages (`%FACILITY-SEVERITY-MNEMONIC: text`)
 * kept in a ring buffer for `show logging` and handed to a sink (the vtys
 * that ran `terminal monitor`).
 */
#ifndef FLEXD_LOG_H
#define FLEXD_LOG_H

#include <stddef.h>

enum log_severity {
	LOG_SEV_EMERG, LOG_SEV_ALERT, LOG_SEV_CRIT, LOG_SEV_ERR,
	LOG_SEV_WARNING, LOG_SEV_NOTICE, LOG_SEV_INFO, LOG_SEV_DEBUG,
};

/* Log "%FAC-SEV-MNEM: text" with the IOS timestamp. */
void log_msg(enum log_severity sev, const char *facility, const char *mnemonic,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A debug line (no %FAC prefix), as `debug ...` output is printed. */
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Where each formatted line goes besides the buffer (one sink). */
typedef void (*log_sink_fn)(const char *line);
void log_set_sink(log_sink_fn fn);

/* Walk the buffered lines, oldest first. */
void log_foreach(void (*fn)(const char *line, void *data), void *data);
size_t log_count(void);
size_t log_buffer_size(void);
void log_clear(void);

#endif
