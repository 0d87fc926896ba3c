/*
 * The system calls newlib leaves to the platform. There is no file system: standard output and
 * standard error go to UART0, standard input is always at end of file, the heap is one fixed arena
 * from the linker script, and exiting stops QEMU through ARM semihosting.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "port_internal.h"

/* From the linker script: the arena _sbrk hands out, HL_HEAP_SIZE bytes. */
extern char __hl_heap_start[];
extern char __hl_heap_end[];

/* Prototypes as newlib's <sys/unistd.h> has them for its own build (_COMPILING_NEWLIB). */
int _close(int fd);
int _fstat(int fd, struct stat *st);
pid_t _getpid(void);
int _isatty(int fd);
int _kill(int pid, int sig);
_off_t _lseek(int fd, _off_t offset, int whence);
_ssize_t _read(int fd, void *buf, size_t n);
_ssize_t _write(int fd, const void *buf, size_t n);
void *_sbrk(ptrdiff_t increment);

/* The top of what malloc has taken from the arena so far. */
static char *prv_heap_break = __hl_heap_start;

static bool prv_is_stdio(int fd)
{
    return fd == STDIN_FILENO || fd == STDOUT_FILENO || fd == STDERR_FILENO;
}

_ssize_t _write(int fd, const void *buf, size_t n)
{
    if (fd != STDOUT_FILENO && fd != STDERR_FILENO) {
        errno = EBADF;
        return -1;
    }
    hl_port_uart_write(buf, n);
    return (_ssize_t)n;
}

_ssize_t _read(int fd, void *buf, size_t n)
{
    (void)buf;
    (void)n;
    if (fd != STDIN_FILENO) {
        errno = EBADF;
        return -1;
    }
    return 0;
}

int _close(int fd)
{
    (void)fd;
    errno = EBADF;
    return -1;
}

int _fstat(int fd, struct stat *st)
{
    if (!prv_is_stdio(fd)) {
        errno = EBADF;
        return -1;
    }
    *st = (struct stat){.st_mode = S_IFCHR};
    return 0;
}

/* A terminal, so newlib line-buffers standard output: each line leaves as soon as it is complete. */
int _isatty(int fd)
{
    if (!prv_is_stdio(fd)) {
        errno = EBADF;
        return 0;
    }
    return 1;
}

_off_t _lseek(int fd, _off_t offset, int whence)
{
    (void)fd;
    (void)offset;
    (void)whence;
    errno = ESPIPE;
    return -1;
}

pid_t _getpid(void)
{
    return 1;
}

/* Only raise() and abort() get here, for the one process there is: end it as a shell would
 * report a death by signal, so abort() exits with HL_PORT_EXIT_ABORT. */
int _kill(int pid, int sig)
{
    if (pid != 1) {
        errno = ESRCH;
        return -1;
    }
    hl_port_exit(128 + sig);
}

void *_sbrk(ptrdiff_t increment)
{
    char *previous = prv_heap_break;
    if (increment > __hl_heap_end - previous || increment < __hl_heap_start - previous) {
        errno = ENOMEM;
        return (void *)-1;
    }
    prv_heap_break = previous + increment;
    return previous;
}

void _exit(int status)
{
    hl_port_exit(status);
}

/* ARM semihosting (ARM IHI 0056): on M-profile the call is BKPT 0xAB, operation in r0, argument
 * in r1, result in r0. QEMU only acts on it with -semihosting-config enable=on. */
#define PRV_SYS_EXIT 0x18u
#define PRV_SYS_EXIT_EXTENDED 0x20u
#define PRV_ADP_STOPPED_APPLICATION_EXIT 0x20026u
#define PRV_ADP_STOPPED_RUN_TIME_ERROR_UNKNOWN 0x20023u

static uint32_t prv_semihost(uint32_t operation, const void *argument)
{
    register uint32_t r0 __asm("r0") = operation;
    register const void *r1 __asm("r1") = argument;
    __asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void hl_port_exit(int status)
{
    if (status == 0) {
        /* On 32-bit Arm, SYS_EXIT takes the reason itself in r1 and carries no status: an
         * ApplicationExit ends the host with 0. */
        (void)prv_semihost(PRV_SYS_EXIT, (const void *)PRV_ADP_STOPPED_APPLICATION_EXIT);
    } else {
        /* SYS_EXIT_EXTENDED (semihosting 2.0) takes {reason, status} and is the only way for a
         * 32-bit program to hand the host a status other than 0 or 1. */
        const uint32_t block[2] = {PRV_ADP_STOPPED_APPLICATION_EXIT, (uint32_t)status};
        (void)prv_semihost(PRV_SYS_EXIT_EXTENDED, block);
        /* A host without the extension returns here: any other reason still means "failed". */
        (void)prv_semihost(PRV_SYS_EXIT, (const void *)PRV_ADP_STOPPED_RUN_TIME_ERROR_UNKNOWN);
    }
    /* No semihosting host that honours exit: stop here, with interrupts off. */
    __asm volatile("cpsid i" : : : "memory");
    for (;;) {
        __asm volatile("wfi");
    }
}
