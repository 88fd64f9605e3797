// A hash map with string keys: insert generated keys, then look up a mix of present and absent
// ones. Open addressing with linear probing; keys are malloc'd copies compared with memcmp.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { KEYS = 100000, LOOKUPS = 500000, CAPACITY = 1 << 18 };

typedef struct {
  char *key;  // NULL: empty slot
  uint32_t len;
  uint32_t hash;
  int64_t value;
} Slot;

static uint32_t hash_str(const char *s, uint32_t n) {
  uint32_t h = 2166136261u;
  for (uint32_t i = 0; i < n; i++) h = (h ^ (uint8_t)s[i]) * 16777619u;
  return h;
}

// Writes "user:<n>:<n*7 in hex>" into buf, returns its length: keys of varied length and content.
static uint32_t make_key(char *buf, uint32_t n) {
  static const char hex[] = "0123456789abcdef";
  char digits[16];
  uint32_t len = 0, d = 0, x = n * 0x9e3779b1u;
  memcpy(buf, "user:", 5);
  len = 5;
  do digits[d++] = (char)('0' + n % 10); while ((n /= 10) > 0);
  while (d > 0) buf[len++] = digits[--d];
  buf[len++] = ':';
  for (int i = 0; i < 6; i++, x >>= 4) buf[len++] = hex[x & 15];
  buf[len] = 0;
  return len;
}

static Slot *find(Slot *table, const char *key, uint32_t len, uint32_t h) {
  for (uint32_t i = h & (CAPACITY - 1);; i = (i + 1) & (CAPACITY - 1)) {
    Slot *s = &table[i];
    if (!s->key || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0)) return s;
  }
}

int64_t bench_main(void) {
  Slot *table = calloc(CAPACITY, sizeof *table);
  char buf[64];
  for (uint32_t i = 0; i < KEYS; i++) {
    uint32_t len = make_key(buf, i * 3);  // only multiples of 3 are present
    uint32_t h = hash_str(buf, len);
    Slot *s = find(table, buf, len, h);
    if (!s->key) {
      s->key = malloc(len + 1);
      memcpy(s->key, buf, len + 1);
      s->len = len;
      s->hash = h;
    }
    s->value += i;
  }
  uint64_t sum = 0, found = 0;
  uint32_t rng = 42;
  for (uint32_t i = 0; i < LOOKUPS; i++) {
    rng = rng * 1103515245u + 12345u;
    uint32_t len = make_key(buf, (rng >> 8) % (KEYS * 3));
    Slot *s = find(table, buf, len, hash_str(buf, len));
    if (s->key) {
      found++;
      sum += (uint64_t)s->value * (i | 1);
    }
  }
  for (uint32_t i = 0; i < CAPACITY; i++) free(table[i].key);
  free(table);
  return (int64_t)(sum * 1000003 + found);
}
