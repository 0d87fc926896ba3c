/*
 * Seven allocation patterns, each at its own call site, for HeapLedger's verdict tests.
 * Each pattern lives in its own function so the site is named by function + line:
 *
 *   config_load      retained   a table read once at start-up and kept for life
 *   cache_lookup     bounded    an LRU cache of 64 entries: fills, then evicts as it inserts
 *   format_message   temporary  a buffer allocated, grown with realloc and freed at once
 *   queue_push       bounded    a queue flushed every QUEUE_BATCH pushes (a sawtooth)
 *   modem_rx_frame   leak       a driver frame the caller forgets to free on a rare path
 *   history_append   leak       a list still reachable from a global that grows without bound
 *   session_open     leak       a leak that starts only in the last third of the run
 *
 * Usage: patterns [iterations]   (default 30000). Calls mtrace() so that glibc's mtrace can
 * record it when run with LD_PRELOAD=libc_malloc_debug.so.0 MALLOC_TRACE=FILE.
 */
#include <mcheck.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CACHE_CAPACITY 64
#define CACHE_KEYS 1000
#define QUEUE_BATCH 997
#define RARE_PATH_EVERY 50

static uint32_t rng_state = 12345u;
static uint32_t next_random(void) {
  rng_state = rng_state * 1664525u + 1013904223u;
  return rng_state >> 8;
}

/* --- retained: start-up configuration --- */
struct config_entry { char name[32]; int value; };
static struct config_entry *config_table;
static void config_load(void) {
  config_table = malloc(16 * sizeof *config_table);
  for (int i = 0; i < 16; i++) {
    snprintf(config_table[i].name, sizeof config_table[i].name, "key%d", i);
    config_table[i].value = i;
  }
}

/* --- bounded: an LRU cache --- */
struct cache_entry { int key; int uses; char payload[48]; };
static struct cache_entry *cache[CACHE_CAPACITY];
static int cache_count;
static struct cache_entry *cache_lookup(int key) {
  for (int i = 0; i < cache_count; i++) {
    if (cache[i]->key == key) {
      cache[i]->uses++;
      return cache[i];
    }
  }
  if (cache_count == CACHE_CAPACITY) {
    free(cache[0]); /* evict the oldest */
    memmove(cache, cache + 1, (CACHE_CAPACITY - 1) * sizeof cache[0]);
    cache_count--;
  }
  struct cache_entry *entry = malloc(sizeof *entry);
  entry->key = key;
  entry->uses = 1;
  cache[cache_count++] = entry;
  return entry;
}

/* --- temporary: a scratch buffer --- */
static size_t format_message(int i) {
  char *buffer = malloc(32);
  int n = snprintf(buffer, 32, "msg %d", i);
  char *grown = realloc(buffer, 96);
  if (grown == NULL) {
    free(buffer);
    return 0;
  }
  snprintf(grown + n, 96 - (size_t)n, " (%d bytes)", n);
  size_t length = strlen(grown);
  free(grown);
  return length;
}

/* --- bounded: a queue flushed in batches --- */
struct queue_item { struct queue_item *next; int value; char data[24]; };
static struct queue_item *queue_head;
static int queue_length;
static void queue_flush(void) {
  while (queue_head != NULL) {
    struct queue_item *next = queue_head->next;
    free(queue_head);
    queue_head = next;
  }
  queue_length = 0;
}
static void queue_push(int value) {
  struct queue_item *item = malloc(sizeof *item);
  item->value = value;
  item->next = queue_head;
  queue_head = item;
  if (++queue_length == QUEUE_BATCH) queue_flush();
}

/* --- leak on a rare path: a "driver" hands frames to the caller --- */
struct frame { int length; unsigned char bytes[120]; };
static struct frame *modem_rx_frame(int i) {
  struct frame *f = malloc(sizeof *f);
  f->length = i & 0x7f;
  memset(f->bytes, i & 0xff, sizeof f->bytes);
  return f;
}
static int handle_rx(int i) {
  struct frame *f = modem_rx_frame(i);
  int length = f->length;
  if (i % RARE_PATH_EVERY == RARE_PATH_EVERY - 1) {
    return -1; /* weak signal: the retry path returns early and forgets the frame */
  }
  free(f);
  return length;
}

/* --- leak: a reachable list that grows without bound --- */
struct history_node { struct history_node *next; int value; char note[40]; };
static struct history_node *history;
static void history_append(int value) {
  struct history_node *node = malloc(sizeof *node);
  node->value = value;
  node->next = history;
  history = node;
}

/* --- leak that starts late --- */
struct session { int id; char token[56]; };
static void session_open(int i, int leaking) {
  struct session *s = malloc(sizeof *s);
  s->id = i;
  snprintf(s->token, sizeof s->token, "session-%d", i);
  if (leaking && i % 4 == 0) {
    return; /* after the "firmware update" one path stops closing sessions */
  }
  free(s);
}

int main(int argc, char **argv) {
  mtrace();
  int iterations = argc > 1 ? atoi(argv[1]) : 30000;
  size_t checksum = 0;
  config_load();
  for (int i = 0; i < iterations; i++) {
    checksum += (size_t)cache_lookup((int)(next_random() % CACHE_KEYS))->uses;
    checksum += format_message(i);
    queue_push(i);
    checksum += (size_t)handle_rx(i);
    if (i % 10 == 0) history_append(i);
    session_open(i, i > (2 * iterations) / 3);
    if (i % 100 == 0) {
      /* Keep the run long enough for heaptrack's 10 ms clock to tick many times. */
      struct timespec pause = {0, 1000000};
      nanosleep(&pause, NULL);
    }
  }
  printf("checksum %zu config %d\n", checksum, config_table[3].value);
  return 0;
}
