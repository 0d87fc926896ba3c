/*
 * hl_check_records FILE [KIND=N | KIND>=N | KIND<=N]...
 *
 * Checks a console log or record file as the host tools will read it: every line holding "#HL "
 * must be a valid record (CRC, shape), the sequence must run on without gaps from each header,
 * and each condition on the number of records of a kind must hold ("A=0", "C>=1"). Prints the
 * counts per kind and exits 0 when all is well, 1 otherwise, 2 on bad usage.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hl_test_records.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: hl_check_records FILE [KIND=N | KIND>=N | KIND<=N]...\n");
        return 2;
    }
    FILE *file = fopen(argv[1], "r");
    if (file == NULL) {
        perror(argv[1]);
        return 2;
    }
    unsigned long counts[128] = {0};
    unsigned long other_lines = 0;
    unsigned long line_number = 0;
    unsigned long problems = 0;
    uint32_t expected = 0;
    char line[4096];
    while (fgets(line, sizeof line, file) != NULL) {
        line_number++;
        size_t length = strcspn(line, "\n");
        if (strstr(line, "#HL ") == NULL) {
            other_lines++;
            continue;
        }
        hl_test_record_t record;
        const char *reason = "";
        if (!hl_test_parse_line(line, length, &record, &reason)) {
            if (problems++ < 10) {
                fprintf(stderr, "%s:%lu: %s: %.*s\n", argv[1], line_number, reason, (int)length, line);
            }
            continue;
        }
        if (record.kind == 'H' && record.seq == 0) {
            expected = 0;
        }
        if (record.seq != expected && problems++ < 10) {
            fprintf(stderr, "%s:%lu: sequence %lx, expected %lx\n", argv[1], line_number,
                    (unsigned long)record.seq, (unsigned long)expected);
        }
        expected = record.seq + 1;
        counts[(unsigned char)record.kind & 127]++;
    }
    fclose(file);

    unsigned long total = 0;
    printf("records:");
    for (int kind = 'A'; kind <= 'Z'; kind++) {
        if (counts[kind] != 0) {
            printf(" %c=%lu", kind, counts[kind]);
            total += counts[kind];
        }
    }
    printf(" (total %lu), other lines: %lu\n", total, other_lines);

    for (int i = 2; i < argc; i++) {
        const char *condition = argv[i];
        char kind = condition[0];
        const char *op = condition + 1;
        const char *number = strpbrk(op, "0123456789");
        if (kind < 'A' || kind > 'Z' || number == NULL) {
            fprintf(stderr, "bad condition '%s'\n", condition);
            return 2;
        }
        unsigned long wanted = strtoul(number, NULL, 10);
        unsigned long have = counts[(unsigned char)kind];
        bool ok = strncmp(op, ">=", 2) == 0 ? have >= wanted : strncmp(op, "<=", 2) == 0 ? have <= wanted : have == wanted;
        if (!ok) {
            fprintf(stderr, "condition %s does not hold: %lu %c records\n", condition, have, kind);
            problems++;
        }
    }
    if (problems != 0) {
        fprintf(stderr, "%lu problem(s)\n", problems);
        return 1;
    }
    return 0;
}
