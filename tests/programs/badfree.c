/*
 * Memory-management errors for HeapLedger's finding tests, meant to run under glibc mtrace with
 * GLIBC_TUNABLES=glibc.malloc.tcache_count=0 (so that glibc itself lets the double free through
 * and the log records it):
 *   - a double free of a pointer that was freed before,
 *   - a free of a pointer the trace never saw allocated (it was allocated before tracing began),
 *   - a realloc that fails.
 */
#include <mcheck.h>
#include <stdint.h>
#include <stdlib.h>

int main(void) {
  /* volatile: at -O2 gcc would otherwise drop malloc/free pairs whose memory is never used */
  void *volatile early = malloc(40); /* before mtrace(): the trace never sees this allocation */
  mtrace();
  void *volatile c = malloc(16);
  void *volatile d = realloc(c, SIZE_MAX / 2); /* fails: the old block stays valid */
  if (d == NULL) free(c);
  free(early); /* free of a pointer never allocated in the trace */
  void *volatile a = malloc(24);
  void *volatile b = malloc(24);
  free(a);
  free(b);
  free(a); /* double free: the heap is corrupt from here on, so nothing allocates after it */
  muntrace();
  return 0;
}
