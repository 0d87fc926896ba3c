/*
 * Communication layer of the gateway firmware: sends a heartbeat every minute, acknowledges and
 * handles the frames the server sends through the modem driver, keeps a short history of the
 * commands it carried out.
 */
#include "app_comm.h"

#include <stdlib.h>
#include <string.h>

#include "gw_platform.h"
#include "heapledger/heapledger.h"
#include "modem_driver.h"
#include "net_protocol.h"

#define HEARTBEAT_TEMPLATE_SIZE 256u
#define HEARTBEAT_PACKET_SIZE 160u
#define HISTORY_LENGTH 6u
/* A retry frame is either released within the same loop tick or leaked: five seconds is lavish. */
#define RETRY_FRAME_DEADLINE_MS 5000u

typedef struct {
    uint16_t seq;
    uint16_t length;
    uint8_t bytes[];
} command_record_t;

static app_comm_options_t s_options;
static app_comm_stats_t s_stats;
static uint64_t s_next_heartbeat_ms;
static uint16_t s_last_handled_seq;

/* Device identity and configuration that every heartbeat carries; built once at boot and kept
 * for the life of the firmware, on purpose. */
static uint8_t *s_heartbeat_template;

/* The last few commands carried out, oldest first: a bounded history, not a leak. */
static command_record_t *s_history[HISTORY_LENGTH];
static unsigned s_history_count;

bool app_comm_init(const app_comm_options_t *options)
{
    s_options = *options;
    memset(&s_stats, 0, sizeof s_stats);
    s_heartbeat_template = malloc(HEARTBEAT_TEMPLATE_SIZE);
    if (s_heartbeat_template == NULL || modem_init() != MODEM_OK) {
        return false;
    }
    for (unsigned i = 0; i < HEARTBEAT_TEMPLATE_SIZE; i++) {
        s_heartbeat_template[i] = (uint8_t)(i * 7u);
    }
    s_next_heartbeat_ms = 0;
    return true;
}

/* Gives up for good: the firmware as shipped has no path back to an open session. */
static void prv_close(uint64_t now_ms, const char *why)
{
    s_stats.closed = true;
    s_stats.closed_at_ms = now_ms;
    gw_log("comm: %s; session closed", why);
}

static void prv_send_heartbeat(uint64_t now_ms)
{
    uint8_t *packet = malloc(HEARTBEAT_PACKET_SIZE);
    if (packet == NULL) {
        prv_close(now_ms, "no memory for a heartbeat packet");
        return;
    }
    memcpy(packet, s_heartbeat_template, HEARTBEAT_PACKET_SIZE - 8u);
    memcpy(packet + HEARTBEAT_PACKET_SIZE - 8u, &now_ms, sizeof now_ms);
    modem_status_t status = modem_send(NET_TYPE_HEARTBEAT, packet, HEARTBEAT_PACKET_SIZE);
    free(packet);
    if (status == MODEM_ERR_NO_MEMORY) {
        prv_close(now_ms, "the modem has no memory to send a heartbeat");
        return;
    }
    s_stats.heartbeats_sent++;
}

static void prv_acknowledge(uint16_t seq)
{
    uint8_t ack[2] = {(uint8_t)(seq >> 8), (uint8_t)seq};
    (void)modem_send(NET_TYPE_ACK, ack, sizeof ack);
}

static void prv_remember_command(const modem_frame_t *frame)
{
    command_record_t *record = malloc(sizeof(command_record_t) + frame->length);
    if (record == NULL) {
        return;
    }
    record->seq = frame->seq;
    record->length = frame->length;
    memcpy(record->bytes, frame->payload, frame->length);
    if (s_history_count == HISTORY_LENGTH) {
        free(s_history[0]);
        memmove(&s_history[0], &s_history[1], (HISTORY_LENGTH - 1u) * sizeof s_history[0]);
        s_history_count--;
    }
    s_history[s_history_count++] = record;
}

static void prv_handle(const modem_frame_t *frame)
{
    if (frame->seq == s_last_handled_seq) {
        s_stats.duplicates++; /* our acknowledgement was lost: say it again */
        prv_acknowledge(frame->seq);
        return;
    }
    s_last_handled_seq = frame->seq;
    s_stats.frames_handled++;
    if (frame->type == NET_TYPE_COMMAND) {
        prv_remember_command(frame);
    }
    prv_acknowledge(frame->seq);
}

static void prv_receive(void)
{
    modem_frame_t *frame = NULL;
    switch (modem_receive(&frame)) {
    case MODEM_RX_OK:
        prv_handle(frame); /* the driver keeps this one */
        return;
    case MODEM_RX_RETRY:
        /* The driver has asked for the frame again and handed us the damaged copy: ours to
         * release. */
        if (s_options.check_ownership) {
            hl_expect_release(frame, RETRY_FRAME_DEADLINE_MS, "modem_receive retry frame");
        }
        if (frame->seq == s_last_handled_seq) {
            /* A resend of a frame we already handled (our acknowledgement was lost): the
             * resend the driver just asked for will be acknowledged again; nothing else to do. */
            s_stats.duplicates++;
            if (s_options.release_retry_frames) {
                modem_release_frame(frame); /* the fix */
            }
            return; /* the firmware as shipped returned here, the frame never released */
        }
        modem_release_frame(frame);
        return;
    case MODEM_RX_NONE:
    case MODEM_RX_ERROR:
        return;
    }
}

void app_comm_step(uint64_t now_ms)
{
    if (!s_stats.closed && now_ms >= s_next_heartbeat_ms) {
        s_next_heartbeat_ms = now_ms + s_options.heartbeat_interval_ms;
        prv_send_heartbeat(now_ms);
    }
    prv_receive();
}

void app_comm_get_stats(app_comm_stats_t *out)
{
    *out = s_stats;
}
