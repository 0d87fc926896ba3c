/*
 * UART0 of the AN385 image: a CMSDK APB UART (Arm DDI0479) at 0x40004000. It has no FIFO, a single
 * transmit holding register; STATE.TXFULL says it is still occupied. QEMU connects it to the first
 * -serial device (standard output under -nographic).
 */
#include "port_internal.h"

typedef struct {
    volatile uint32_t data;      /* 0x00: write a byte to send it */
    volatile uint32_t state;     /* 0x04 */
    volatile uint32_t ctrl;      /* 0x08 */
    volatile uint32_t intstatus; /* 0x0c */
    volatile uint32_t bauddiv;   /* 0x10: PCLK / baud, at least 16 */
} prv_cmsdk_uart_t;

#define PRV_UART0 ((prv_cmsdk_uart_t *)0x40004000u)
#define PRV_STATE_TX_FULL (1u << 0)
#define PRV_CTRL_TX_ENABLE (1u << 0)

_Static_assert(HL_PORT_CPU_HZ / HL_PORT_UART_BAUD >= 16, "CMSDK UART needs BAUDDIV >= 16");

void hl_port_uart_init(void)
{
    /* QEMU ignores the baud rate; real AN385 hardware does not. */
    PRV_UART0->bauddiv = HL_PORT_CPU_HZ / HL_PORT_UART_BAUD;
    PRV_UART0->ctrl = PRV_CTRL_TX_ENABLE;
}

void hl_port_uart_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        while ((PRV_UART0->state & PRV_STATE_TX_FULL) != 0u) {
        }
        PRV_UART0->data = (uint8_t)s[i];
    }
}

void hl_port_uart_write_hex32(uint32_t value)
{
    static const char digits[] = "0123456789abcdef";
    char text[10] = {'0', 'x'};
    for (int i = 0; i < 8; i++) {
        text[9 - i] = digits[(value >> (4 * i)) & 0xFu];
    }
    hl_port_uart_write(text, sizeof text);
}
