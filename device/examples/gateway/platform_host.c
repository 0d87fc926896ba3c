/*
 * The gateway's board on a Linux host: the console is standard output. HeapLedger records go to
 * the console too, mixed with the log lines as on a device's UART, unless HEAPLEDGER_OUT names a
 * file for them.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "gw_platform.h"
#include "hl_port_hosted.h"
#include "heapledger/hl_platform.h"

void gw_platform_console_write(const char *text, size_t length)
{
    fwrite(text, 1, length, stdout);
}

void gw_platform_console_flush(void)
{
    fflush(stdout);
}

void hl_platform_output(const char *line, size_t length)
{
    int fd = hl_hosted_output_fd();
    if (fd < 0) {
        /* Through stdio, like the log lines, so that both keep their order. */
        gw_platform_console_write(line, length);
        return;
    }
    while (length > 0) {
        ssize_t written = write(fd, line, length);
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written <= 0) {
            return;
        }
        line += written;
        length -= (size_t)written;
    }
}
