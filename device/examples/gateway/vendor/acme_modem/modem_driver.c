/*
 * Acme MDM-220 cellular modem driver, version 2.3.1
 * Copyright (c) Acme Wireless Ltd. Licensed to integrators in source form.
 */
#include "modem_driver.h"

#include <stdlib.h>
#include <string.h>

/* Air frame: seq (2 bytes, big endian), type, payload length, payload. */
#define AIR_HEADER 4u
#define RX_BUFFER_SIZE 256u
#define TX_PREAMBLE 8u

#define CMD_RESEND 0xf0u

typedef struct {
    uint8_t rx_buffer[RX_BUFFER_SIZE];
    modem_frame_t *current; /* the last MODEM_RX_OK frame, ours until the next receive */
    int last_rssi_dbm;
    modem_stats_t stats;
} modem_context_t;

static modem_context_t *g_modem;

modem_status_t modem_init(void)
{
    if (g_modem != NULL) {
        return MODEM_OK;
    }
    g_modem = calloc(1, sizeof *g_modem);
    return g_modem != NULL ? MODEM_OK : MODEM_ERR_NO_MEMORY;
}

static modem_frame_t *frame_from_air(const uint8_t *air, size_t length, int rssi_dbm, uint8_t damaged)
{
    size_t payload = air[3];
    if (payload > length - AIR_HEADER) {
        payload = length - AIR_HEADER;
    }
    modem_frame_t *frame = malloc(sizeof(modem_frame_t) + payload);
    if (frame == NULL) {
        return NULL;
    }
    frame->seq = (uint16_t)(air[0] << 8 | air[1]);
    frame->type = air[2];
    frame->damaged = damaged;
    frame->rssi_dbm = (int16_t)rssi_dbm;
    frame->length = (uint16_t)payload;
    memcpy(frame->payload, air + AIR_HEADER, payload);
    return frame;
}

static modem_status_t transmit(uint8_t type, uint16_t seq, const uint8_t *data, size_t length)
{
    uint8_t *air = malloc(TX_PREAMBLE + AIR_HEADER + length);
    if (air == NULL) {
        return MODEM_ERR_NO_MEMORY;
    }
    memcpy(air, "AT+SEND=", TX_PREAMBLE);
    air[TX_PREAMBLE + 0] = (uint8_t)(seq >> 8);
    air[TX_PREAMBLE + 1] = (uint8_t)seq;
    air[TX_PREAMBLE + 2] = type;
    air[TX_PREAMBLE + 3] = (uint8_t)length;
    if (length > 0) {
        memcpy(air + TX_PREAMBLE + AIR_HEADER, data, length);
    }
    bool sent = modem_port_write(air + TX_PREAMBLE, AIR_HEADER + length);
    free(air);
    if (!sent) {
        g_modem->stats.link_errors++;
        return MODEM_ERR_LINK;
    }
    return MODEM_OK;
}

modem_rx_t modem_receive(modem_frame_t **frame)
{
    *frame = NULL;
    if (g_modem == NULL) {
        return MODEM_RX_ERROR;
    }
    free(g_modem->current);
    g_modem->current = NULL;

    size_t length = 0;
    int rssi_dbm = 0;
    if (!modem_port_read(g_modem->rx_buffer, RX_BUFFER_SIZE, &length, &rssi_dbm)) {
        return MODEM_RX_NONE;
    }
    g_modem->last_rssi_dbm = rssi_dbm;
    if (length < AIR_HEADER) {
        g_modem->stats.link_errors++;
        return MODEM_RX_ERROR;
    }

    if (rssi_dbm < MODEM_RSSI_RELIABLE_DBM) {
        modem_frame_t *partial = frame_from_air(g_modem->rx_buffer, length, rssi_dbm, 1);
        if (partial == NULL) {
            g_modem->stats.frames_dropped++;
            return MODEM_RX_NONE;
        }
        (void)transmit(CMD_RESEND, partial->seq, NULL, 0);
        g_modem->stats.frames_retried++;
        *frame = partial;
        return MODEM_RX_RETRY;
    }

    g_modem->current = frame_from_air(g_modem->rx_buffer, length, rssi_dbm, 0);
    if (g_modem->current == NULL) {
        g_modem->stats.frames_dropped++;
        return MODEM_RX_NONE;
    }
    g_modem->stats.frames_ok++;
    *frame = g_modem->current;
    return MODEM_RX_OK;
}

void modem_release_frame(modem_frame_t *frame)
{
    if (frame != NULL && frame != g_modem->current) {
        free(frame);
    }
}

modem_status_t modem_send(uint8_t type, const uint8_t *data, size_t length)
{
    if (g_modem == NULL || length > 255u) {
        return MODEM_ERR_LINK;
    }
    return transmit(type, 0, data, length);
}

int modem_signal_dbm(void)
{
    return g_modem != NULL ? g_modem->last_rssi_dbm : 0;
}

void modem_get_stats(modem_stats_t *out)
{
    if (g_modem != NULL) {
        *out = g_modem->stats;
    } else {
        memset(out, 0, sizeof *out);
    }
}
