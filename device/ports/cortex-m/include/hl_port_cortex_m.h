/*
 * HeapLedger board port for the Arm MPS2 AN385 image (Cortex-M3) as QEMU emulates it
 * (`qemu-system-arm -M mps2-an385`). See README.md beside this directory for the memory map.
 *
 * The port starts the C runtime itself (vector table, .data/.bss, newlib system calls) and, before
 * main() runs, enables UART0 and the SysTick millisecond tick. What it offers a firmware, or the
 * HeapLedger SDK's platform hooks, is below.
 */
#ifndef HL_PORT_CORTEX_M_H
#define HL_PORT_CORTEX_M_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Core clock of the AN385 image (QEMU's SYSCLK). SysTick and the UART baud divisor derive from it. */
#ifndef HL_PORT_CPU_HZ
#define HL_PORT_CPU_HZ 25000000u
#endif

#ifndef HL_PORT_UART_BAUD
#define HL_PORT_UART_BAUD 115200u
#endif

/*
 * Exit statuses the port itself produces; a firmware's own status (main's return value or
 * exit(n)) reaches the host unchanged, modulo 256. Chosen to read like a shell's "killed by
 * signal" codes, so they do not collide with small application codes.
 */
#define HL_PORT_EXIT_ABORT 134 /* abort() or a failed assert(): 128 + SIGABRT */
#define HL_PORT_EXIT_FAULT 139 /* HardFault, MemManage, BusFault, UsageFault or an unexpected exception */

/*
 * Writes n bytes to UART0 exactly as given (no newline translation: the same UART may carry a
 * binary record stream). Blocks while the transmit buffer is full. Safe before main() and from a
 * fault handler; not reentrant across interrupt priorities.
 */
void hl_port_uart_write(const char *s, size_t n);

/* Milliseconds since reset, from SysTick. Monotonic; wraps after 584 million years. */
uint64_t hl_port_ticks_ms(void);

/*
 * The firmware's own GNU build ID (the bytes `readelf -n` prints after "Build ID:"), or NULL with
 * *len = 0 when the ELF was linked without -Wl,--build-id.
 */
const unsigned char *hl_port_build_id(size_t *len);

/*
 * The heap is newlib-nano's malloc over one fixed arena, [__hl_heap_start, __hl_heap_end) in the
 * linker script, HL_HEAP_SIZE bytes (64 KiB unless the firmware's link sets it).
 */
typedef struct {
    size_t arena_bytes;        /* size of the arena: the most malloc can ever have */
    size_t used_bytes;         /* held by live allocations, newlib-nano's chunk headers included */
    size_t free_bytes;         /* arena_bytes - used_bytes, however fragmented */
    size_t largest_free_bytes; /* the largest contiguous free region; a request a few bytes
                                  smaller than this (chunk header, alignment) still succeeds */
    size_t claimed_bytes;      /* how much of the arena malloc has taken through _sbrk so far.
                                  newlib-nano never gives it back, so this is its high-water mark
                                  and arena_bytes - claimed_bytes a floor of the free heap ever */
} hl_port_heap_stats_t;

/*
 * Fills *out. Returns false, leaving *out zeroed, if the allocator's free list does not look sane
 * (a chunk outside the arena, a list that does not end): that is heap corruption, worth reporting.
 * Takes newlib's malloc lock; do not call it from an interrupt handler.
 */
bool hl_port_heap_stats(hl_port_heap_stats_t *out);

/*
 * Ends the program: QEMU exits with `status` when started with
 * `-semihosting-config enable=on,target=native` (run-qemu.sh does). exit() and returning from
 * main() end up here after newlib has flushed stdio. Without semihosting the BKPT instruction
 * used for it faults, and the CPU locks up.
 */
__attribute__((noreturn)) void hl_port_exit(int status);

#ifdef __cplusplus
}
#endif

#endif /* HL_PORT_CORTEX_M_H */
