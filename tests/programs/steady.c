/*
 * A program that holds memory but does not leak: a session table that fills and then recycles
 * its slots, a buffer pool allocated at start-up, and scratch buffers. heapledger check must
 * pass it. Usage: steady [iterations] (default 20000).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLOTS 128
#define POOL 16

struct session { int id; char name[40]; };
static struct session *slots[SLOTS];
static void *pool[POOL];

static void pool_init(void) {
  for (int i = 0; i < POOL; i++) pool[i] = malloc(256);
}

static void session_replace(int i) {
  int slot = i % SLOTS;
  free(slots[slot]);
  slots[slot] = malloc(sizeof **slots);
  slots[slot]->id = i;
  snprintf(slots[slot]->name, sizeof slots[slot]->name, "session-%d", i);
}

static size_t scratch(int i) {
  char *buffer = malloc(64);
  int n = snprintf(buffer, 64, "scratch %d", i);
  free(buffer);
  return (size_t)n;
}

int main(int argc, char **argv) {
  int iterations = argc > 1 ? atoi(argv[1]) : 20000;
  size_t sum = 0;
  pool_init();
  for (int i = 0; i < iterations; i++) {
    session_replace(i);
    sum += scratch(i);
    if (i % 200 == 0) {
      struct timespec pause = {0, 1000000};
      nanosleep(&pause, NULL);
    }
  }
  printf("%zu %p\n", sum, pool[3]);
  return 0;
}
