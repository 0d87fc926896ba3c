/*
 * The gateway's board on the MPS2 AN385 (Cortex-M3) under QEMU, replacing platform_host.c: the
 * console and HeapLedger's records share UART0, as on a device with one serial port. The other
 * hooks the gateway needs are portable and stay in gw_sdk_port.c (the arena as the allocator and
 * the heap figures, the simulated uptime as the clock); the build ID is the port's.
 *
 * Program arguments: the port's reset handler calls main() with none. The firmware is linked with
 * -Wl,--wrap=main, so that call reaches __wrap_main() below, which builds argc/argv and calls the
 * gateway's own main() (__real_main). The options come from the debug host by semihosting
 * (SYS_GET_CMDLINE: QEMU answers with the -kernel file name and the -append string, space
 * separated) or, when it gives nothing beyond the program name, from GATEWAY_ARGS, compiled in.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "gateway_args.h"
#include "gw_platform.h"
#include "heapledger/hl_platform.h"
#include "hl_port_cortex_m.h"

/* ---- console and records: UART0 ---- */

void gw_platform_console_write(const char *text, size_t length)
{
    hl_port_uart_write(text, length);
}

void gw_platform_console_flush(void)
{
    /* The console bypasses stdio; only main()'s usage text and option errors go through it. */
    fflush(stdout);
    fflush(stderr);
}

/* Straight to the UART, as the log lines: both keep their order, and the record is out before the
 * SDK lets go of its buffer. Blocks for the length of the line. */
void hl_platform_output(const char *line, size_t length)
{
    hl_port_uart_write(line, length);
}

size_t hl_platform_build_id(uint8_t *out, size_t capacity)
{
    size_t length = 0;
    const unsigned char *id = hl_port_build_id(&length);
    if (id == NULL || length > capacity) {
        return 0;
    }
    memcpy(out, id, length);
    return length;
}

/* ---- program arguments ---- */

#define GW_CMDLINE_BYTES 1024u
#define GW_MAX_ARGS 24u

/* ARM semihosting (IHI 0056), operation 0x15: the host copies the command line, NUL-terminated,
 * into the buffer a two-word block {buffer, size} names, and writes its length back into size. */
#define GW_SYS_GET_CMDLINE 0x15u

static char s_builtin[] = GATEWAY_ARGS;
static char s_program_name[] = "gateway";
static char *s_argv[GW_MAX_ARGS + 1u];

#if GATEWAY_SEMIHOSTING_ARGS
static char s_cmdline[GW_CMDLINE_BYTES];

/* On M-profile the semihosting trap is BKPT 0xAB: operation in r0, argument in r1, result in r0. */
static int32_t prv_semihosting_call(uint32_t operation, void *argument)
{
    register uint32_t r0 __asm("r0") = operation;
    register void *r1 __asm("r1") = argument;
    __asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return (int32_t)r0;
}

static bool prv_host_cmdline(void)
{
    uint32_t block[2] = {(uint32_t)(uintptr_t)s_cmdline, sizeof s_cmdline};
    if (prv_semihosting_call(GW_SYS_GET_CMDLINE, block) != 0) {
        /* QEMU refuses a line that does not fit rather than cutting it. */
        static const char message[] = "gateway: semihosting command line missing or longer than 1023 bytes; using GATEWAY_ARGS\n";
        hl_port_uart_write(message, sizeof message - 1u);
        return false;
    }
    s_cmdline[sizeof s_cmdline - 1u] = '\0';
    return true;
}
#endif

/* Splits `text` in place at blanks into s_argv[argc], s_argv[argc + 1]...; returns the new argc. */
static int prv_split(char *text, int argc)
{
    char *cursor = text;
    while (*cursor != '\0') {
        while (*cursor == ' ' || *cursor == '\t') {
            *cursor++ = '\0';
        }
        if (*cursor == '\0') {
            break;
        }
        if ((unsigned)argc == GW_MAX_ARGS) {
            static const char message[] = "gateway: too many arguments, the rest ignored\n";
            hl_port_uart_write(message, sizeof message - 1u);
            break;
        }
        s_argv[argc++] = cursor;
        while (*cursor != '\0' && *cursor != ' ' && *cursor != '\t') {
            cursor++;
        }
    }
    s_argv[argc] = NULL;
    return argc;
}

int __real_main(int argc, char **argv);
int __wrap_main(void);

int __wrap_main(void)
{
    int argc = 0;
#if GATEWAY_SEMIHOSTING_ARGS
    if (prv_host_cmdline()) {
        /* The host's first word is the program (QEMU: the -kernel path); the options follow. */
        argc = prv_split(s_cmdline, 0);
    }
#endif
    if (argc <= 1) {
        s_argv[0] = s_program_name;
        argc = prv_split(s_builtin, 1);
    }
    return __real_main(argc, s_argv);
}
