/* ike-loadgen -E: carry TUN tun_name's packets in ESP-in-UDP over sock to
 * peer with sa until the process is killed (bench/esp_tunnel.c).  Prints
 * "TUNNEL up NAME" once the TUN exists; returns -1 on a setup error. */
#ifndef FLEXD_BENCH_ESP_TUNNEL_H
#define FLEXD_BENCH_ESP_TUNNEL_H

#include <netinet/in.h>
#include <stdint.h>

struct esp_sa;
/* Transport mode (before esp_tunnel_run): TUN packets from local to remote
 * (host order) travel without their IPv4 header; received payloads get
 * one back (ipsec/esp_transport.h). */
void esp_tunnel_set_transport(uint32_t local, uint32_t remote);
int esp_tunnel_run(int sock, const struct sockaddr_in *peer, struct esp_sa *sa, const char *tun_name);

#endif
