/*
 * Start-up for a Cortex-M3: the vector table at address 0, the reset handler that sets up the C
 * runtime and runs main(), and a handler that reports any fault or unexpected exception on the
 * UART and ends the program with HL_PORT_EXIT_FAULT instead of hanging.
 */
#include <stdlib.h>
#include <string.h>

#include "port_internal.h"

/* From the linker script (mps2-an385.ld). */
extern uint32_t __hl_stack_top[];
extern uint32_t __hl_data_start[];
extern uint32_t __hl_data_end[];
extern const uint32_t __hl_data_load_start[];
extern uint32_t __hl_bss_start[];
extern uint32_t __hl_bss_end[];

extern int main(void);
extern void __libc_init_array(void);

void hl_port_reset_handler(void);
void hl_port_fault_report(const uint32_t *frame);
void _init(void);
void _fini(void);

/* The exception handlers a firmware (an RTOS port, say) may define. They keep the names CMSIS
 * gives them rather than the hl_ prefix, because that is what RTOS ports expect to plug into. */
void NMI_Handler(void);
void SVC_Handler(void);
void DebugMon_Handler(void);
void PendSV_Handler(void);
void SysTick_Handler(void); /* tick.c */

#define PRV_SCB_CCR (*(volatile uint32_t *)0xE000ED14u)
#define PRV_SCB_SHCSR (*(volatile uint32_t *)0xE000ED24u)
#define PRV_SCB_CFSR (*(volatile uint32_t *)0xE000ED28u)
#define PRV_SCB_HFSR (*(volatile uint32_t *)0xE000ED2Cu)
#define PRV_SCB_MMFAR (*(volatile uint32_t *)0xE000ED34u)
#define PRV_SCB_BFAR (*(volatile uint32_t *)0xE000ED38u)

#define PRV_CCR_DIV_0_TRP (1u << 4)
#define PRV_SHCSR_MEM_BUS_USAGE_FAULT_ENABLE (7u << 16)

#define PRV_CODE_END 0x00400000u     /* end of ZBT SSRAM1, where all code lives */
#define PRV_BKPT_SEMIHOSTING 0xBEABu /* BKPT 0xAB in Thumb */

/*
 * Reached for every exception without a handler of its own. Finds the frame the core stacked
 * (on the main or the process stack, as bit 2 of EXC_RETURN in LR says) and hands it to C. It is
 * naked because a compiled prologue would push onto the very stack being inspected.
 */
__attribute__((naked)) static void prv_exception_entry(void)
{
    __asm volatile(
        "tst lr, #4\n\t"
        "ite eq\n\t"
        "mrseq r0, msp\n\t"
        "mrsne r0, psp\n\t"
        "b hl_port_fault_report\n\t");
}

void NMI_Handler(void) __attribute__((weak, alias("prv_exception_entry")));
void SVC_Handler(void) __attribute__((weak, alias("prv_exception_entry")));
void DebugMon_Handler(void) __attribute__((weak, alias("prv_exception_entry")));
void PendSV_Handler(void) __attribute__((weak, alias("prv_exception_entry")));

typedef union {
    void (*handler)(void);
    uint32_t *stack_top;
} prv_vector_t;

/* 16 system exceptions and the 32 external interrupts QEMU wires up for the AN385 image. */
#define PRV_VECTOR_COUNT (16 + 32)

__attribute__((section(".vectors"), used)) static const prv_vector_t prv_vectors[PRV_VECTOR_COUNT] = {
    [0] = {.stack_top = __hl_stack_top},
    [1] = {hl_port_reset_handler},
    [2] = {NMI_Handler},
    [3] = {prv_exception_entry}, /* HardFault */
    [4] = {prv_exception_entry}, /* MemManage */
    [5] = {prv_exception_entry}, /* BusFault */
    [6] = {prv_exception_entry}, /* UsageFault */
    [11] = {SVC_Handler},
    [12] = {DebugMon_Handler},
    [14] = {PendSV_Handler},
    [15] = {SysTick_Handler},
    [16 ... PRV_VECTOR_COUNT - 1] = {prv_exception_entry},
};

void hl_port_reset_handler(void)
{
    memcpy(__hl_data_start, __hl_data_load_start, (size_t)((char *)__hl_data_end - (char *)__hl_data_start));
    memset(__hl_bss_start, 0, (size_t)((char *)__hl_bss_end - (char *)__hl_bss_start));

    /* A division by zero traps instead of quietly giving 0, and MemManage, BusFault and UsageFault
     * are taken as themselves rather than escalated, so the report names the real cause. */
    PRV_SCB_CCR |= PRV_CCR_DIV_0_TRP;
    PRV_SCB_SHCSR |= PRV_SHCSR_MEM_BUS_USAGE_FAULT_ENABLE;

    hl_port_uart_init();
    hl_port_tick_init();
    __libc_init_array();
    exit(main());
}

/* __libc_init_array calls these; with -nostartfiles no crti.o provides them, and nothing is to be
 * done in them: constructors come through .init_array. */
void _init(void)
{
}

void _fini(void)
{
}

static const char *prv_exception_name(uint32_t number)
{
    switch (number) {
    case 2:
        return "NMI";
    case 3:
        return "HardFault";
    case 4:
        return "MemManage";
    case 5:
        return "BusFault";
    case 6:
        return "UsageFault";
    case 11:
        return "SVCall";
    case 12:
        return "DebugMonitor";
    case 14:
        return "PendSV";
    case 15:
        return "SysTick";
    default:
        return number >= 16 ? "IRQ" : "reserved";
    }
}

/*
 * frame: r0, r1, r2, r3, r12, lr, pc, xpsr as the core pushed them. pc is the faulting
 * instruction (or the one about to run, for an interrupt); lr is the caller's return address with
 * the Thumb bit set. Both symbolize with arm-none-eabi-addr2line once bit 0 is cleared.
 */
void hl_port_fault_report(const uint32_t *frame)
{
    uint32_t ipsr;
    __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
    const uint32_t number = ipsr & 0x1FFu;

    hl_port_uart_write_str("\nhl_port: ");
    hl_port_uart_write_str(prv_exception_name(number));
    hl_port_uart_write_str(" exception=");
    hl_port_uart_write_hex32(number);
    hl_port_uart_write_str(" pc=");
    hl_port_uart_write_hex32(frame[6]);
    hl_port_uart_write_str(" lr=");
    hl_port_uart_write_hex32(frame[5]);
    hl_port_uart_write_str(" xpsr=");
    hl_port_uart_write_hex32(frame[7]);
    hl_port_uart_write_str(" cfsr=");
    hl_port_uart_write_hex32(PRV_SCB_CFSR);
    hl_port_uart_write_str(" hfsr=");
    hl_port_uart_write_hex32(PRV_SCB_HFSR);
    hl_port_uart_write_str(" mmfar=");
    hl_port_uart_write_hex32(PRV_SCB_MMFAR);
    hl_port_uart_write_str(" bfar=");
    hl_port_uart_write_hex32(PRV_SCB_BFAR);
    hl_port_uart_write_str("\n");

    /* The commonest way to get here on QEMU: exit() without semihosting enabled. Say so; the
     * hl_port_exit() below then faults once more, the core locks up and QEMU stops ("Lockup"). */
    const uint32_t pc = frame[6] & ~1u;
    if (pc < PRV_CODE_END && *(const uint16_t *)pc == PRV_BKPT_SEMIHOSTING) {
        hl_port_uart_write_str("hl_port: the semihosting call faulted: run QEMU with "
                               "-semihosting-config enable=on,target=native (run-qemu.sh does)\n");
    }
    hl_port_exit(HL_PORT_EXIT_FAULT);
}
