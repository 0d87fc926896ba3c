/*
 * The world around the gateway, simulated: the radio link (a signal that turns weak for a while
 * every few hours) and the server at the other end, which sends frames, resends the ones it got no
 * acknowledgement for, and watches the gateway's heartbeat. It implements the modem driver's port.
 * Seeded, so that a run can be repeated exactly.
 */
#ifndef SIM_NETWORK_H
#define SIM_NETWORK_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    uint32_t heartbeats_received;
    uint32_t frames_sent;
    uint32_t frames_resent;
    uint64_t last_heartbeat_ms;
    bool heartbeat_lost; /* the server has noticed the silence */
} sim_server_stats_t;

void sim_network_init(uint32_t seed);

/* One tick of the world, before the firmware's. */
void sim_network_step(uint64_t now_ms);

bool sim_network_signal_weak(void);

void sim_network_server_stats(sim_server_stats_t *out);

#endif /* SIM_NETWORK_H */
