// Struct-heavy float work: 400 particles with pairwise softened gravity, 120 steps (O(n^2) loads
// and stores of struct fields).
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

enum { COUNT = 400, STEPS = 120 };

typedef struct {
  double x, y, z;
  double vx, vy, vz;
  double ax, ay, az;
  double mass;
} Particle;

int64_t bench_main(void) {
  Particle *p = malloc(COUNT * sizeof *p);
  uint32_t s = 7;
  for (int i = 0; i < COUNT; i++) {
    s = s * 1664525u + 1013904223u;
    p[i] = (Particle){(s >> 8) % 1000 * 0.01, (s >> 12) % 1000 * 0.01, (s >> 16) % 1000 * 0.01,
                      0, 0, 0, 0, 0, 0, 1.0 + (s >> 20) % 7};
  }
  for (int step = 0; step < STEPS; step++) {
    for (int i = 0; i < COUNT; i++) p[i].ax = p[i].ay = p[i].az = 0;
    for (int i = 0; i < COUNT; i++) {
      for (int j = 0; j < COUNT; j++) {
        if (i == j) continue;
        const double dx = p[j].x - p[i].x, dy = p[j].y - p[i].y, dz = p[j].z - p[i].z;
        const double d2 = dx * dx + dy * dy + dz * dz + 0.01;
        const double f = p[j].mass / (d2 * sqrt(d2));
        p[i].ax += dx * f, p[i].ay += dy * f, p[i].az += dz * f;
      }
    }
    for (int i = 0; i < COUNT; i++) {
      p[i].vx += p[i].ax * 0.001, p[i].vy += p[i].ay * 0.001, p[i].vz += p[i].az * 0.001;
      p[i].x += p[i].vx * 0.001, p[i].y += p[i].vy * 0.001, p[i].z += p[i].vz * 0.001;
    }
  }
  double e = 0;
  for (int i = 0; i < COUNT; i++)
    e += p[i].mass * (p[i].vx * p[i].vx + p[i].vy * p[i].vy + p[i].vz * p[i].vz);
  free(p);
  return (int64_t)(e * 1000);
}
