/* The hosted port's default guard hook: by default it lets the program go on; with halting
 * configured it aborts. Each case runs in a child process. No harness: the port's own hooks. */
#define _POSIX_C_SOURCE 200809L

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "heapledger/heapledger.h"

static void *opaque(void *pointer)
{
    __asm__ volatile("" : "+r"(pointer));
    return pointer;
}

static int double_free_in_child(bool halt)
{
    pid_t child = fork();
    if (child == 0) {
        setenv("HEAPLEDGER_OUT", "/dev/null", 1);
        hl_set_halt_on_error(halt);
        void *block = malloc(8);
        free(opaque(block));
        free(opaque(block));
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    return status;
}

int main(void)
{
    unsigned failures = 0;
    int status = double_free_in_child(false);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "FAIL: a double free without halting should let the program go on (status %d)\n", status);
        failures++;
    }
    status = double_free_in_child(true);
    if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGABRT) {
        fprintf(stderr, "FAIL: a double free with halting should abort (status %d)\n", status);
        failures++;
    }
    printf("%u failure(s)\n", failures);
    return failures == 0 ? 0 : 1;
}
