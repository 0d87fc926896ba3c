/*
 * Runs programs/wrapped_program (argv[1]), a program with no SDK code, with HEAPLEDGER_OUT set,
 * and reads its records back: CRCs, a gapless sequence from the header, the right counts, and
 * sites inside the functions that allocated. Then once more in ledger mode.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hl_test_records.h"

static unsigned failures;
static hl_test_record_t records[256];

#define CHECK(condition)                                                      \
    do {                                                                      \
        if (!(condition)) {                                                   \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #condition); \
            failures++;                                                       \
        }                                                                     \
    } while (0)

typedef struct {
    unsigned long make_frame;
    unsigned long make_table;
    unsigned long main;
} sites_t;

/* Runs the program with the SDK's environment; returns its exit status. Its stdout goes to
 * `printed`. */
static int run(const char *program, const char *mode, const char *records_path, const char *printed)
{
    pid_t child = fork();
    if (child == 0) {
        setenv("HEAPLEDGER_OUT", records_path, 1);
        setenv("HEAPLEDGER_MODE", mode, 1);
        if (freopen(printed, "w", stdout) == NULL) {
            _exit(126);
        }
        execl(program, program, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static size_t read_records(const char *path)
{
    FILE *file = fopen(path, "r");
    CHECK(file != NULL);
    if (file == NULL) {
        return 0;
    }
    char line[512];
    size_t count = 0;
    while (fgets(line, sizeof line, file) != NULL) {
        size_t length = strcspn(line, "\n");
        CHECK(line[length] == '\n');
        const char *reason = "";
        if (count >= sizeof records / sizeof records[0] || !hl_test_parse_line(line, length, &records[count], &reason)) {
            fprintf(stderr, "  bad record (%s): %s", reason, line);
            failures++;
            continue;
        }
        CHECK(records[count].seq == count);
        count++;
    }
    fclose(file);
    return count;
}

/* Whether `site` is a return address inside `function`: no other function of the program starts
 * between the two, and it is not far away. */
static bool inside(uint64_t site, unsigned long function, const sites_t *sites)
{
    const unsigned long starts[] = {sites->make_frame, sites->make_table, sites->main};
    if (site <= function || site - function > 4096) {
        return false;
    }
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
        if (starts[i] > function && starts[i] < site) {
            return false;
        }
    }
    return true;
}

static void check_trace(const char *program, const char *directory)
{
    char records_path[512];
    char printed[512];
    snprintf(records_path, sizeof records_path, "%s/trace.txt", directory);
    snprintf(printed, sizeof printed, "%s/printed.txt", directory);
    CHECK(run(program, "trace", records_path, printed) == 0);

    sites_t sites = {0, 0, 0};
    FILE *output = fopen(printed, "r");
    CHECK(output != NULL && fscanf(output, "make_frame %lx make_table %lx main %lx", &sites.make_frame, &sites.make_table, &sites.main) == 3);
    if (output != NULL) {
        fclose(output);
    }

    size_t count = read_records(records_path);
    char word[80];
    CHECK(count > 0 && records[0].kind == 'H');
    CHECK(strcmp(hl_test_word(&records[0], 1, word, sizeof word), "trace") == 0);
    /* The executable's GNU build ID: 20 bytes, 40 hex digits. */
    CHECK(strlen(hl_test_word(&records[0], 2, word, sizeof word)) == 40);

    size_t frames = 0;
    size_t frame_frees = 0;
    size_t tables = 0;
    uint64_t frame_site = 0;
    uint64_t table_site = 0;
    for (size_t i = 0; i < count; i++) {
        const hl_test_record_t *r = &records[i];
        if (r->kind == 'A' && inside(hl_test_hex(r, 1), sites.make_frame, &sites)) {
            frame_site = hl_test_hex(r, 1);
            CHECK(hl_test_hex(r, 3) == 100 + frames);
            /* the very next record frees it (main's free, not make_frame's) */
            CHECK(i + 1 < count && records[i + 1].kind == 'F' && hl_test_hex(&records[i + 1], 2) == hl_test_hex(r, 2));
            frames++;
        } else if (r->kind == 'A' && inside(hl_test_hex(r, 1), sites.make_table, &sites)) {
            table_site = hl_test_hex(r, 1);
            CHECK(hl_test_hex(r, 3) == 100);
            tables++;
        } else if (r->kind == 'F') {
            frame_frees++;
        }
    }
    CHECK(frames == 10);
    CHECK(tables == 3);
    /* 10 frames, the realloc'd text, the strdup copy */
    CHECK(frame_frees == 12);
    CHECK(hl_test_count(records, count, 'R') == 2);
    const hl_test_record_t *first_r = hl_test_find(records, count, 'R', 0);
    const hl_test_record_t *second_r = hl_test_find(records, count, 'R', 1);
    CHECK(hl_test_hex(first_r, 2) == 0 && hl_test_hex(first_r, 4) == 10);
    CHECK(hl_test_hex(second_r, 2) == hl_test_hex(first_r, 3) && hl_test_hex(second_r, 4) == 4000);
    CHECK(hl_test_count(records, count, 'G') == 0);

    /* The exit snapshot: S, then an L row per site. */
    CHECK(hl_test_count(records, count, 'S') == 2);
    bool frame_row = false;
    bool table_row = false;
    for (size_t i = 0; i < count; i++) {
        const hl_test_record_t *r = &records[i];
        if (r->kind == 'L' && hl_test_hex(r, 1) == frame_site) {
            frame_row = hl_test_hex(r, 2) == 10 && hl_test_hex(r, 3) == 10 && hl_test_hex(r, 4) == 0 &&
                        hl_test_hex(r, 6) == 109;
        }
        if (r->kind == 'L' && hl_test_hex(r, 1) == table_site) {
            table_row = hl_test_hex(r, 2) == 3 && hl_test_hex(r, 3) == 0 && hl_test_hex(r, 4) == 3 &&
                        hl_test_hex(r, 5) == 300;
        }
    }
    CHECK(frame_row);
    CHECK(table_row);
    remove(records_path);
    remove(printed);
}

static void check_ledger(const char *program, const char *directory)
{
    char records_path[512];
    char printed[512];
    snprintf(records_path, sizeof records_path, "%s/ledger.txt", directory);
    snprintf(printed, sizeof printed, "%s/printed.txt", directory);
    CHECK(run(program, "ledger", records_path, printed) == 0);
    size_t count = read_records(records_path);
    char word[16];
    CHECK(count > 0 && strcmp(hl_test_word(&records[0], 1, word, sizeof word), "ledger") == 0);
    CHECK(hl_test_count(records, count, 'A') == 0);
    CHECK(hl_test_count(records, count, 'F') == 0);
    CHECK(hl_test_count(records, count, 'R') == 0);
    CHECK(hl_test_count(records, count, 'S') == 2);
    CHECK(hl_test_count(records, count, 'L') >= 4);
    remove(records_path);
    remove(printed);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_wrapped WRAPPED_PROGRAM\n");
        return 2;
    }
    char directory[] = "/tmp/hl_wrapped_XXXXXX";
    if (mkdtemp(directory) == NULL) {
        perror("mkdtemp");
        return 2;
    }
    check_trace(argv[1], directory);
    check_ledger(argv[1], directory);
    rmdir(directory);
    printf("%u failure(s)\n", failures);
    return failures == 0 ? 0 : 1;
}
