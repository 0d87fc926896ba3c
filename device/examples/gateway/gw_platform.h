/*
 * What the gateway firmware needs from its board. Everything the firmware's own files use is
 * here or in the C library, so that the same files build for the host (platform_host.c) and for a
 * microcontroller (a UART and a tick counter instead).
 */
#ifndef GW_PLATFORM_H
#define GW_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

/* Writes raw console bytes (log lines and HeapLedger records share the console). */
void gw_platform_console_write(const char *text, size_t length);

/* Flushes the console before the program ends. */
void gw_platform_console_flush(void);

/* ---- The simulated clock (gw_clock.c): weeks of uptime pass in seconds ---- */

/* Milliseconds since boot. */
uint64_t gw_uptime_ms(void);

/* Moves the clock on by one main-loop tick. */
void gw_uptime_advance(uint32_t ms);

/* "12d 03:04:05" */
void gw_format_uptime(uint64_t ms, char *out, size_t capacity);

/* ---- Console log (gw_log.c) ---- */

/* One console line, stamped with the uptime: "[ 2d 03:04:05] text". Uses gw_uptime_ms(). */
void gw_log(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif /* GW_PLATFORM_H */
