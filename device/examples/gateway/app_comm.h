/*
 * The gateway's communication layer: heartbeats to the server and the frames the server sends.
 */
#ifndef APP_COMM_H
#define APP_COMM_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    bool release_retry_frames; /* the fix: false reproduces the firmware as it shipped */
    bool check_ownership;      /* declare HeapLedger ownership contracts on retry frames */
    uint32_t heartbeat_interval_ms;
} app_comm_options_t;

typedef struct {
    uint32_t heartbeats_sent;
    uint32_t frames_handled;
    uint32_t duplicates;
    bool closed;           /* gave up after an allocation failed */
    uint64_t closed_at_ms; /* when it gave up */
} app_comm_stats_t;

/* False if the layer cannot even start (no memory for its state). */
bool app_comm_init(const app_comm_options_t *options);

/* One tick of the main loop: a heartbeat when one is due, then whatever the modem received. */
void app_comm_step(uint64_t now_ms);

void app_comm_get_stats(app_comm_stats_t *out);

#endif /* APP_COMM_H */
