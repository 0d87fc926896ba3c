#include "sim_network.h"

#include <string.h>

#include "gw_platform.h"
#include "modem_driver.h"
#include "net_protocol.h"

/* Per-tick odds, for a 1 s tick. Tuned so that the unfixed firmware fails after one to two weeks. */
#define NEW_FRAME_PER_MILLE 120u  /* the server sends something every ~8 s */
#define TURN_WEAK_PER_MILLION 139u /* the signal turns weak about every 2 hours... */
#define TURN_GOOD_PER_MILLION 556u /* ...for about half an hour */
#define UPLINK_LOSS_WEAK_PER_MILLE 100u
#define UPLINK_LOSS_GOOD_PER_MILLE 1u
#define ACK_TIMEOUT_MS 10000u
#define MAX_ATTEMPTS 3u
#define SILENCE_MS (10u * 60u * 1000u)

#define QUEUE_LENGTH 4u
#define MAX_PAYLOAD 112u

typedef struct {
    uint8_t air[4 + MAX_PAYLOAD];
    uint8_t length;
} air_frame_t;

static struct {
    uint32_t random;
    bool weak;
    uint64_t now_ms;

    /* downlink: what the gateway will receive, oldest first */
    air_frame_t queue[QUEUE_LENGTH];
    unsigned queued;

    /* the server's last frame, until acknowledged */
    air_frame_t last;
    uint16_t next_seq;
    bool awaiting_ack;
    unsigned attempts;
    uint64_t sent_at_ms;
    bool resend_requested;

    sim_server_stats_t stats;
} s_sim;

static uint32_t prv_random(void)
{
    /* xorshift32: small, seedable, the same on every target */
    uint32_t x = s_sim.random;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    s_sim.random = x;
    return x;
}

static bool prv_chance(uint32_t numerator, uint32_t denominator)
{
    return prv_random() % denominator < numerator;
}

void sim_network_init(uint32_t seed)
{
    memset(&s_sim, 0, sizeof s_sim);
    s_sim.random = seed * 2654435761u + 1u; /* never zero */
    s_sim.next_seq = 1;
}

bool sim_network_signal_weak(void)
{
    return s_sim.weak;
}

void sim_network_server_stats(sim_server_stats_t *out)
{
    *out = s_sim.stats;
}

static void prv_queue(const air_frame_t *frame)
{
    if (s_sim.queued < QUEUE_LENGTH) {
        s_sim.queue[s_sim.queued++] = *frame;
    }
}

static void prv_send_last(void)
{
    prv_queue(&s_sim.last);
    s_sim.awaiting_ack = true;
    s_sim.sent_at_ms = s_sim.now_ms;
    s_sim.attempts++;
}

static void prv_server_step(void)
{
    if (s_sim.awaiting_ack) {
        bool timed_out = s_sim.now_ms - s_sim.sent_at_ms >= ACK_TIMEOUT_MS;
        if ((s_sim.resend_requested || timed_out) && s_sim.attempts < MAX_ATTEMPTS) {
            s_sim.resend_requested = false;
            s_sim.stats.frames_resent++;
            prv_send_last();
            return;
        }
        if (timed_out) {
            s_sim.awaiting_ack = false; /* given up on this one */
        } else {
            return;
        }
    }
    if (!prv_chance(NEW_FRAME_PER_MILLE, 1000u)) {
        return;
    }
    uint8_t length = (uint8_t)(16u + prv_random() % (MAX_PAYLOAD - 16u + 1u));
    s_sim.last.air[0] = (uint8_t)(s_sim.next_seq >> 8);
    s_sim.last.air[1] = (uint8_t)s_sim.next_seq;
    s_sim.last.air[2] = prv_chance(3, 10) ? NET_TYPE_COMMAND : NET_TYPE_DATA;
    s_sim.last.air[3] = length;
    for (unsigned i = 0; i < length; i++) {
        s_sim.last.air[4 + i] = (uint8_t)prv_random();
    }
    s_sim.last.length = (uint8_t)(4u + length);
    s_sim.next_seq++;
    s_sim.attempts = 0;
    s_sim.stats.frames_sent++;
    prv_send_last();
}

static void prv_watch_heartbeat(void)
{
    uint64_t since = s_sim.now_ms - s_sim.stats.last_heartbeat_ms;
    if (!s_sim.stats.heartbeat_lost && since > SILENCE_MS) {
        char last[32];
        gw_format_uptime(s_sim.stats.last_heartbeat_ms, last, sizeof last);
        gw_log("server: no heartbeat for 10 minutes; heartbeat stopped at uptime %s", last);
        s_sim.stats.heartbeat_lost = true;
    } else if (s_sim.stats.heartbeat_lost && since <= SILENCE_MS) {
        gw_log("server: heartbeat is back");
        s_sim.stats.heartbeat_lost = false;
    }
}

void sim_network_step(uint64_t now_ms)
{
    s_sim.now_ms = now_ms;
    if (s_sim.weak ? prv_chance(TURN_GOOD_PER_MILLION, 1000000u) : prv_chance(TURN_WEAK_PER_MILLION, 1000000u)) {
        s_sim.weak = !s_sim.weak;
    }
    prv_server_step();
    prv_watch_heartbeat();
}

/* ---- The modem driver's port ---- */

bool modem_port_read(uint8_t *buffer, size_t capacity, size_t *length, int *rssi_dbm)
{
    if (s_sim.queued == 0) {
        return false;
    }
    air_frame_t frame = s_sim.queue[0];
    memmove(&s_sim.queue[0], &s_sim.queue[1], (s_sim.queued - 1u) * sizeof s_sim.queue[0]);
    s_sim.queued--;
    *length = frame.length < capacity ? frame.length : capacity;
    memcpy(buffer, frame.air, *length);
    int noise = (int)(prv_random() % 13u) - 6;
    *rssi_dbm = (s_sim.weak ? -99 : -75) + noise;
    return true;
}

bool modem_port_write(const uint8_t *data, size_t length)
{
    if (length < 4) {
        return false;
    }
    uint32_t loss = s_sim.weak ? UPLINK_LOSS_WEAK_PER_MILLE : UPLINK_LOSS_GOOD_PER_MILLE;
    if (prv_chance(loss, 1000u)) {
        return true; /* the radio thinks it went out; the server never hears it */
    }
    uint16_t seq = (uint16_t)(data[0] << 8 | data[1]);
    switch (data[2]) {
    case NET_TYPE_HEARTBEAT:
        s_sim.stats.heartbeats_received++;
        s_sim.stats.last_heartbeat_ms = s_sim.now_ms;
        break;
    case NET_TYPE_ACK:
        if (length >= 6) {
            seq = (uint16_t)(data[4] << 8 | data[5]);
        }
        if (s_sim.awaiting_ack && seq == (uint16_t)(s_sim.last.air[0] << 8 | s_sim.last.air[1])) {
            s_sim.awaiting_ack = false;
        }
        break;
    case 0xf0u: /* the driver's resend request */
        if (s_sim.awaiting_ack && seq == (uint16_t)(s_sim.last.air[0] << 8 | s_sim.last.air[1])) {
            s_sim.resend_requested = true;
        }
        break;
    default:
        break;
    }
    return true;
}
