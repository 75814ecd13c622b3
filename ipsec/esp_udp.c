/* UDP encapsulation of ESP (RFC 3948): what a datagram on UDP 4500 carries. */
#include "ipsec/esp.h"

enum esp_udp_kind esp_udp_classify(const uint8_t *p, size_t len)
{
	if (len == 1 && p[0] == ESP_NATT_KEEPALIVE)
		return ESP_UDP_KEEPALIVE;
	if (len < 4)
		return ESP_UDP_INVALID;
	if (!(p[0] | p[1] | p[2] | p[3]))
		return ESP_UDP_IKE;  /* non-ESP marker */
	return len >= ESP_HDR_LEN ? ESP_UDP_ESP : ESP_UDP_INVALID;
}

uint32_t esp_peek_spi(const uint8_t *p, size_t len)
{
	if (len < ESP_HDR_LEN)
		return 0;
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
