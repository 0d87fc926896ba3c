/* The simulated clock: the main loop moves it on by one tick per iteration, so that a month of
 * uptime runs in seconds. On a device it would be a tick counter scaled the same way. */
#include <stdio.h>

#include "gw_platform.h"

static uint64_t s_now_ms;

uint64_t gw_uptime_ms(void)
{
    return s_now_ms;
}

void gw_uptime_advance(uint32_t ms)
{
    s_now_ms += ms;
}

void gw_format_uptime(uint64_t ms, char *out, size_t capacity)
{
    unsigned long seconds = (unsigned long)(ms / 1000u);
    snprintf(out, capacity, "%lud %02lu:%02lu:%02lu", seconds / 86400u, seconds / 3600u % 24u, seconds / 60u % 60u,
             seconds % 60u);
}
