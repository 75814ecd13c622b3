/* Elapsed times as IOS prints them in shows ("Last input", "Uptime"). */
#ifndef FLEXD_BASE_IOS_TIME_H
#define FLEXD_BASE_IOS_TIME_H

#include <stddef.h>

/* HH:MM:SS, then NdNNh past a day and NwNd past a week; negative as 0. */
void ios_elapsed(long long secs, char *out, size_t len);

#endif
