/*
 * The ways a firmware can end, one per build (HL_EXIT_PATH), each checked by CTest for the exit
 * status QEMU passes on: see CMakeLists.txt and README.md "Exit codes".
 */
#include <stdio.h>
#include <stdlib.h>

#define HL_EXIT_PATH_STATUS 1      /* exit(7): the status reaches the host as it is */
#define HL_EXIT_PATH_ABORT 2       /* abort(): 134 */
#define HL_EXIT_PATH_DIVIDE_ZERO 3 /* an integer division by zero, trapped as a UsageFault: 139 */

#ifndef HL_EXIT_PATH
#error "build with -DHL_EXIT_PATH=<1|2|3>"
#endif

int main(void)
{
    printf("exit path %d\n", HL_EXIT_PATH);
#if HL_EXIT_PATH == HL_EXIT_PATH_STATUS
    exit(7);
#elif HL_EXIT_PATH == HL_EXIT_PATH_ABORT
    abort();
#elif HL_EXIT_PATH == HL_EXIT_PATH_DIVIDE_ZERO
    /* Both volatile: with a constant numerator GCC folds 1 / x into a comparison, no division. */
    volatile int numerator = 7;
    volatile int zero = 0;
    printf("%d\n", numerator / zero);
    return 0;
#else
#error "unknown HL_EXIT_PATH"
#endif
}
