/*
 * Millisecond tick from the core's SysTick timer, clocked by the CPU clock. Under QEMU (without
 * -icount) SysTick follows the host's clock, so these are real milliseconds, not emulated cycles.
 */
#include "port_internal.h"

#define PRV_SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define PRV_SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define PRV_SYST_CVR (*(volatile uint32_t *)0xE000E018u)

#define PRV_CSR_ENABLE (1u << 0)
#define PRV_CSR_TICKINT (1u << 1)
#define PRV_CSR_CLKSOURCE_CPU (1u << 2)

#define PRV_RELOAD (HL_PORT_CPU_HZ / 1000u - 1u)
_Static_assert(PRV_RELOAD <= 0xFFFFFFu, "SysTick reload is a 24-bit field");

/*
 * 64 bits, so it never wraps; a 32-bit millisecond count would wrap after 49.7 days, well inside
 * the uptimes a slow leak needs to show.
 */
static volatile uint64_t prv_ticks_ms;

void SysTick_Handler(void);

void SysTick_Handler(void)
{
    prv_ticks_ms++;
}

void hl_port_tick_init(void)
{
    PRV_SYST_RVR = PRV_RELOAD;
    PRV_SYST_CVR = 0u;
    PRV_SYST_CSR = PRV_CSR_CLKSOURCE_CPU | PRV_CSR_TICKINT | PRV_CSR_ENABLE;
}

uint64_t hl_port_ticks_ms(void)
{
    /* An M3 reads 64 bits as two words; keep the SysTick interrupt from landing in between. */
    uint32_t primask;
    __asm volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask) : : "memory");
    uint64_t ticks = prv_ticks_ms;
    __asm volatile("msr primask, %0" : : "r"(primask) : "memory");
    return ticks;
}
