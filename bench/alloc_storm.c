/*
 * The benchmark workload for `heapledger analyze` against `heaptrack_print`: a request loop whose
 * handlers recurse through a small parser to varying depths before they allocate, so the trace
 * carries thousands of distinct call stacks as real programs do, with objects of different
 * lifetimes (temporaries, a ring of medium-lived buffers) and two leaks (a list that grows, and a
 * rare path that forgets a buffer).
 *
 * Usage: alloc_storm [requests]   (default 3500000: ~21 million allocations, ~42 million events)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RING 512

static uint32_t rng = 2463534242u;
static uint32_t next_random(void) {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}

/* A sink the optimiser cannot see through, so no malloc/free pair is elided. */
static void *volatile sink;
static void *ring[RING];
static void **history;
static volatile unsigned calls; /* counted after each call, so no call is a tail call */

__attribute__((noinline)) static void keep_for_a_while(void *p) {
  unsigned slot = next_random() % RING;
  free(ring[slot]);
  ring[slot] = p;
}

__attribute__((noinline)) static void *alloc_token(size_t n) {
  char *p = malloc(n);
  sink = p;
  return p;
}

__attribute__((noinline)) static void *alloc_node(int kind) {
  void *p = kind & 1 ? calloc(1, 48) : malloc(32 + (size_t)(kind & 7) * 8);
  sink = p;
  return p;
}

static void parse_value(int depth, int kind);

__attribute__((noinline)) static void parse_list(int depth, int kind) {
  if (depth <= 0) {
    void *p = alloc_node(kind);
    if (kind % 3 == 0) keep_for_a_while(p); else free(p);
    return;
  }
  parse_value(depth - 1, kind + 1);
  calls++;
}

__attribute__((noinline)) static void parse_object(int depth, int kind) {
  if (depth <= 0) {
    void *p = alloc_token(16 + (size_t)(kind & 15));
    free(p);
    return;
  }
  if (kind & 2) parse_list(depth - 1, kind); else parse_value(depth - 1, kind + 3);
  calls++;
}

__attribute__((noinline)) static void parse_value(int depth, int kind) {
  if (depth <= 0) {
    void *p = alloc_token(64);
    keep_for_a_while(p);
    return;
  }
  if (kind & 4) parse_object(depth - 1, kind >> 1); else parse_list(depth - 1, kind + 2);
  calls++;
}

__attribute__((noinline)) static void handle_request(long r) {
  char *scratch = malloc(256);
  sink = scratch;
  int depth = 2 + (int)(next_random() % 10);
  for (int i = 0; i < 5; i++) parse_value(depth, (int)(next_random() & 0xff));
  if (r % 97 == 0) {
    return; /* the rare path forgets its scratch buffer */
  }
  free(scratch);
}

__attribute__((noinline)) static void remember(long r) {
  void **node = malloc(40);
  node[0] = history;
  node[1] = (void *)(intptr_t)r;
  history = node;
}

int main(int argc, char **argv) {
  long requests = argc > 1 ? atol(argv[1]) : 3500000;
  for (long r = 0; r < requests; r++) {
    handle_request(r);
    if (r % 10 == 0) remember(r);
  }
  printf("%p\n", (void *)history);
  return 0;
}
