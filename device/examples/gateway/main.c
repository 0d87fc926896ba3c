/*
 * A gateway firmware with the field failure in it (docs: device/examples/gateway/README.md).
 *
 *   gateway [--fixed] [--contracts] [--mode trace|ledger] [--uptime-days N] [--seed N] [--sample-ms N]
 *
 * Each loop iteration is one second of simulated uptime: the world (radio, server) moves, the
 * communication layer runs, HeapLedger polls. Console lines and HeapLedger records share standard
 * output, as they would share a UART; HEAPLEDGER_OUT sends the records to a file instead.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_comm.h"
#include "gw_heap.h"
#include "gw_platform.h"
#include "heapledger/heapledger.h"
#include "modem_driver.h"
#include "sim_network.h"

#define TICK_MS 1000u
#define HEARTBEAT_INTERVAL_MS 60000u
#define DAY_MS (24ull * 60u * 60u * 1000u)

typedef struct {
    bool fixed;
    bool contracts;
    hl_mode_t mode;
    unsigned long uptime_days;
    unsigned long seed;
    unsigned long sample_ms;
} options_t;

static void usage(void)
{
    fputs("usage: gateway [--fixed] [--contracts] [--mode trace|ledger] [--uptime-days N] [--seed N] [--sample-ms N]\n"
          "  --fixed        the corrected firmware (releases retry frames)\n"
          "  --contracts    declare ownership contracts on retry frames (C records when one is late)\n"
          "  --mode         HeapLedger mode (default ledger)\n"
          "  --uptime-days  simulated uptime to run (default 30)\n"
          "  --seed         seed of the simulated radio and server (default 1)\n"
          "  --sample-ms    HeapLedger sample and snapshot period in simulated ms (default 21600000, 6 h)\n",
          stderr);
}

static bool parse_number(const char *text, unsigned long *out)
{
    char *end = NULL;
    if (text == NULL || *text < '0' || *text > '9') {
        return false;
    }
    *out = strtoul(text, &end, 10);
    return *end == '\0';
}

static bool parse_options(int argc, char **argv, options_t *options)
{
    options->fixed = false;
    options->contracts = false;
    options->mode = HL_MODE_LEDGER;
    options->uptime_days = 30;
    options->seed = 1;
    options->sample_ms = 6ul * 60u * 60u * 1000u;
    for (int i = 1; i < argc; i++) {
        const char *option = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(option, "--fixed") == 0) {
            options->fixed = true;
        } else if (strcmp(option, "--contracts") == 0) {
            options->contracts = true;
        } else if (strcmp(option, "--mode") == 0 && value != NULL &&
                   (strcmp(value, "trace") == 0 || strcmp(value, "ledger") == 0)) {
            options->mode = strcmp(value, "trace") == 0 ? HL_MODE_TRACE : HL_MODE_LEDGER;
            i++;
        } else if (strcmp(option, "--uptime-days") == 0 && parse_number(value, &options->uptime_days)) {
            i++;
        } else if (strcmp(option, "--seed") == 0 && parse_number(value, &options->seed)) {
            i++;
        } else if (strcmp(option, "--sample-ms") == 0 && parse_number(value, &options->sample_ms) &&
                   options->sample_ms <= UINT32_MAX) {
            i++;
        } else {
            fprintf(stderr, "gateway: bad option '%s'%s%s\n", option, value != NULL ? " " : "", value != NULL ? value : "");
            return false;
        }
    }
    return true;
}

int main(int argc, char **argv)
{
    options_t options;
    if (!parse_options(argc, argv, &options)) {
        usage();
        return 2;
    }

    hl_config_t config;
    hl_config_defaults(&config);
    config.mode = options.mode;
    config.sample_ms = (uint32_t)options.sample_ms;
    gw_log("boot: gateway firmware 1.4.2%s, modem driver %s, heap %u bytes, seed %lu",
           options.fixed ? " (fixed)" : "", MODEM_DRIVER_VERSION, (unsigned)GW_HEAP_SIZE, options.seed);
    gw_heap_init();
    hl_init(&config);
    sim_network_init((uint32_t)options.seed);
    app_comm_options_t comm = {
        .release_retry_frames = options.fixed,
        .check_ownership = options.contracts,
        .heartbeat_interval_ms = HEARTBEAT_INTERVAL_MS,
    };
    if (!app_comm_init(&comm)) {
        gw_log("boot: communication layer failed to start");
        return 1;
    }
    gw_log("link: up, signal %s", sim_network_signal_weak() ? "weak" : "good");

    uint64_t end_ms = (uint64_t)options.uptime_days * DAY_MS;
    while (gw_uptime_ms() < end_ms) {
        gw_uptime_advance(TICK_MS);
        uint64_t now = gw_uptime_ms();
        sim_network_step(now);
        app_comm_step(now);
        hl_poll();
        if (now % DAY_MS == 0) {
            app_comm_stats_t stats;
            app_comm_get_stats(&stats);
            gw_log("status: day %lu, signal %s, frames handled %lu, heartbeats sent %lu", (unsigned long)(now / DAY_MS),
                   sim_network_signal_weak() ? "weak" : "good", (unsigned long)stats.frames_handled,
                   (unsigned long)stats.heartbeats_sent);
        }
    }

    hl_emit_snapshot();
    app_comm_stats_t stats;
    app_comm_get_stats(&stats);
    gw_heap_stats_t heap;
    gw_heap_stats(&heap);
    char stopped[48] = "never";
    if (stats.closed) {
        gw_format_uptime(stats.closed_at_ms, stopped, sizeof stopped);
        /* Tenths by hand: newlib-nano's printf has no floating point unless linked in. */
        unsigned long tenths = (unsigned long)((stats.closed_at_ms * 10u + DAY_MS / 2u) / DAY_MS);
        snprintf(stopped + strlen(stopped), sizeof stopped - strlen(stopped), " (%lu.%lu days)", tenths / 10u,
                 tenths % 10u);
    }
    gw_log("summary: %s firmware, heartbeats sent %lu, heartbeats stopped at uptime %s, allocation failures %lu",
           options.fixed ? "fixed" : "unfixed", (unsigned long)stats.heartbeats_sent, stopped,
           (unsigned long)heap.failed_allocations);
    gw_platform_console_flush();
    return 0;
}
