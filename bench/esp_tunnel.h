/* ike-loadgen -E: carry TUN tun_name's packets in ESP-in-UDP over sock to
 * peer with sa until the process is killed (bench/esp_tunnel.c).  Prints
 * "TUNNEL up NAME" once the TUN exists; returns -1 on a setup error. */
#ifndef FLEXD_BENCH_ESP_TUNNEL_H
#define FLEXD_BENCH_ESP_TUNNEL_H

#include <netinet/in.h>

struct esp_sa;
int esp_tunnel_run(int sock, const struct sockaddr_in *peer, struct esp_sa *sa, const char *tun_name);

#endif
