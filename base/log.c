#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#define LOG_LINES 1024
#define LOG_LINE_MAX 512

static char ring[LOG_LINES][LOG_LINE_MAX];
static size_t head, count;
static log_sink_fn sink;

void log_set_sink(log_sink_fn fn)
{
	sink = fn;
}

/* "*Nov 23 09:40:00.123: " ('*': the clock is not NTP-synchronised) */
static int stamp(char *out, size_t len)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	struct tm tm;
	gmtime_r(&tv.tv_sec, &tm);
	char t[32];
	strftime(t, sizeof t, "%b %e %H:%M:%S", &tm);
	return snprintf(out, len, "*%s.%03ld: ", t, (long)(tv.tv_usec / 1000));
}

static void emit(const char *line)
{
	snprintf(ring[head], LOG_LINE_MAX, "%s", line);
	head = (head + 1) % LOG_LINES;
	if (count < LOG_LINES)
		count++;
	if (sink)
		sink(line);
}

void log_msg(enum log_severity sev, const char *facility, const char *mnemonic, const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	int n = stamp(line, sizeof line);
	n += snprintf(line + n, sizeof line - (size_t)n, "%%%s-%d-%s: ", facility, (int)sev, mnemonic);
	va_list ap;
	va_start(ap, fmt);
	if (n < (int)sizeof line)
		vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	emit(line);
}

void log_debug(const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	int n = stamp(line, sizeof line);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	emit(line);
}

void log_foreach(void (*fn)(const char *line, void *data), void *data)
{
	size_t start = (head + LOG_LINES - count) % LOG_LINES;
	for (size_t i = 0; i < count; i++)
		fn(ring[(start + i) % LOG_LINES], data);
}

size_t log_count(void)
{
	return count;
}

size_t log_buffer_size(void)
{
	return (size_t)LOG_LINES * LOG_LINE_MAX;
}

void log_clear(void)
{
	head = count = 0;
}
