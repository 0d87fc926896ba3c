/*
 * Acme MDM-220 cellular modem driver, version 2.3.1
 * Copyright (c) Acme Wireless Ltd. Licensed to integrators in source form.
 *
 * INTEGRATION
 *   Call modem_init() once, then modem_receive() from your main loop as often as you like, and
 *   modem_send() to transmit. The driver is not thread-safe. It allocates with malloc()/free().
 *   Provide the two port functions declared at the end of this file.
 *
 * RECEIVING
 *   modem_receive() returns one of:
 *     MODEM_RX_NONE   Nothing received. *frame is NULL.
 *     MODEM_RX_OK     A complete frame. The frame is owned by the driver and stays valid until
 *                     the next call to modem_receive(). Do not free it.
 *     MODEM_RX_RETRY  The frame arrived damaged (weak signal); the driver has asked the network
 *                     to send it again and hands over what it received, for inspection.
 *                     On MODEM_RX_RETRY the returned frame is owned by the caller and must be
 *                     released with modem_release_frame().
 *     MODEM_RX_ERROR  The link reported an error. *frame is NULL.
 *   When memory is short the driver drops the incoming frame and returns MODEM_RX_NONE.
 *
 * SENDING
 *   modem_send() copies the data; the caller keeps ownership of its buffer. Returns MODEM_OK,
 *   MODEM_ERR_NO_MEMORY, or MODEM_ERR_LINK when the radio did not confirm the transmission.
 */
#ifndef MODEM_DRIVER_H
#define MODEM_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MODEM_DRIVER_VERSION "2.3.1"

/* Below this signal strength a frame fails its checksum often enough that the driver asks for a
 * retransmission instead of delivering it. */
#define MODEM_RSSI_RELIABLE_DBM (-95)

typedef enum { MODEM_OK = 0, MODEM_ERR_NO_MEMORY, MODEM_ERR_LINK } modem_status_t;

typedef enum { MODEM_RX_NONE = 0, MODEM_RX_OK, MODEM_RX_RETRY, MODEM_RX_ERROR } modem_rx_t;

typedef struct {
    uint16_t seq;    /* network sequence number of the frame */
    uint8_t type;    /* application-defined */
    uint8_t damaged; /* 1 on MODEM_RX_RETRY: payload may be incomplete */
    int16_t rssi_dbm;
    uint16_t length; /* bytes in payload */
    uint8_t payload[];
} modem_frame_t;

typedef struct {
    uint32_t frames_ok;
    uint32_t frames_retried;
    uint32_t frames_dropped; /* no memory */
    uint32_t link_errors;
} modem_stats_t;

modem_status_t modem_init(void);
modem_rx_t modem_receive(modem_frame_t **frame);
void modem_release_frame(modem_frame_t *frame);
modem_status_t modem_send(uint8_t type, const uint8_t *data, size_t length);
int modem_signal_dbm(void);
void modem_get_stats(modem_stats_t *out);

/* ---- Port: provided by the integrator ---- */

/* Copies the next received radio frame (header and payload) into `buffer`. Returns false when
 * nothing is waiting. */
bool modem_port_read(uint8_t *buffer, size_t capacity, size_t *length, int *rssi_dbm);

/* Transmits `length` bytes. Returns false when the radio did not confirm. */
bool modem_port_write(const uint8_t *data, size_t length);

#endif /* MODEM_DRIVER_H */
