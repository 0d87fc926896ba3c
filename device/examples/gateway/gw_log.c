#include <stdarg.h>
#include <stdio.h>

#include "gw_platform.h"

void gw_log(const char *format, ...)
{
    char line[160];
    char uptime[32];
    gw_format_uptime(gw_uptime_ms(), uptime, sizeof uptime);
    int length = snprintf(line, sizeof line, "[%12s] ", uptime);
    va_list arguments;
    va_start(arguments, format);
    int text = vsnprintf(line + length, sizeof line - (size_t)length - 1u, format, arguments);
    va_end(arguments);
    if (text < 0) {
        return;
    }
    length += text;
    if ((size_t)length > sizeof line - 2u) {
        length = (int)sizeof line - 2;
    }
    line[length++] = '\n';
    gw_platform_console_write(line, (size_t)length);
}
