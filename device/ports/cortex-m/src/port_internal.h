/* Between the port's own files only; a firmware includes hl_port_cortex_m.h. */
#ifndef HL_PORT_INTERNAL_H
#define HL_PORT_INTERNAL_H

#include <stdint.h>

#include "hl_port_cortex_m.h"

/* Called by the reset handler before main(). */
void hl_port_uart_init(void);
void hl_port_tick_init(void);

/* "0x" and eight hex digits on the UART, without stdio: usable from a fault handler. */
void hl_port_uart_write_hex32(uint32_t value);

static inline void hl_port_uart_write_str(const char *s)
{
    size_t n = 0;
    while (s[n] != '\0') {
        n++;
    }
    hl_port_uart_write(s, n);
}

#endif /* HL_PORT_INTERNAL_H */
