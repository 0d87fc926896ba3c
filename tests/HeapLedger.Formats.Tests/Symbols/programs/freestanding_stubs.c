/*
 * Just enough of a C library for alloc_sites.c to link without one (-nostdlib), for targets
 * whose libc is not installed here. Never run: only symbolized.
 */
typedef __SIZE_TYPE__ size_t;

static char arena[4096];
static size_t used;

int main(int argc, char **argv);

void *malloc(size_t size)
{
    void *block = arena + used;
    used += size;
    return block;
}

void *calloc(size_t count, size_t size) { return malloc(count * size); }

void *realloc(void *block, size_t size) { (void)block; return malloc(size); }

void free(void *block) { (void)block; }

size_t strlen(const char *text)
{
    size_t length = 0;
    while (text[length] != 0)
        length++;
    return length;
}

void *memcpy(void *to, const void *from, size_t size)
{
    for (size_t i = 0; i < size; i++)
        ((char *)to)[i] = ((const char *)from)[i];
    return to;
}

char *strcat(char *to, const char *from)
{
    memcpy(to + strlen(to), from, strlen(from) + 1);
    return to;
}

void _start(void)
{
    static char *args[] = { "prog", 0 };
    main(1, args);
    for (;;) {
    }
}
