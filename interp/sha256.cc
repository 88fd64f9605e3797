#include "interp/sha256.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>
#define WASK_SHA_NI 1
#endif

namespace wask::interp {

namespace {

constexpr uint32_t kRoundConstants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr uint32_t kInitialState[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

// Compresses `count` consecutive 64-byte blocks into the state.
using CompressFn = void (*)(uint32_t h[8], const uint8_t* blocks, size_t count);

void compress_portable(uint32_t h[8], const uint8_t* blocks, size_t count) {
  for (; count; --count, blocks += 64) {
    uint32_t w[64];
    for (int i = 0; i < 16; ++i)
      w[i] = uint32_t(blocks[4 * i]) << 24 | uint32_t(blocks[4 * i + 1]) << 16 |
             uint32_t(blocks[4 * i + 2]) << 8 | uint32_t(blocks[4 * i + 3]);
    for (int i = 16; i < 64; ++i) {
      uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int i = 0; i < 64; ++i) {
      uint32_t t1 = k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) +
                    kRoundConstants[i] + w[i];
      uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      k = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += k;
  }
}

#ifdef WASK_SHA_NI
// Intel's published SHA-NI schedule: four rounds per sha256rnds2 pair, the message schedule
// advanced with sha256msg1/msg2.
__attribute__((target("sha,sse4.1"))) void compress_sha_ni(uint32_t h[8], const uint8_t* blocks,
                                                           size_t count) {
  const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i tmp = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&h[0]));
  __m128i state1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&h[4]));
  tmp = _mm_shuffle_epi32(tmp, 0xB1);                // CDAB
  state1 = _mm_shuffle_epi32(state1, 0x1B);          // EFGH
  __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);  // ABEF
  state1 = _mm_blend_epi16(state1, tmp, 0xF0);       // CDGH
  const auto* k = reinterpret_cast<const __m128i*>(kRoundConstants);
  for (; count; --count, blocks += 64) {
    const __m128i abef = state0, cdgh = state1;
    __m128i msg[4];
    for (int i = 0; i < 4; ++i)
      msg[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks + 16 * i)),
                                byte_swap);
      // Unrolled, the message words stay in registers (about 25% faster).
#pragma GCC unroll 16
    for (int r = 0; r < 16; ++r) {
      __m128i& cur = msg[r & 3];
      __m128i m = _mm_add_epi32(cur, _mm_loadu_si128(k + r));
      state1 = _mm_sha256rnds2_epu32(state1, state0, m);
      m = _mm_shuffle_epi32(m, 0x0E);
      state0 = _mm_sha256rnds2_epu32(state0, state1, m);
      if (r < 12) {
        // The schedule for rounds 4(r+4)..: W[r+4] = msg2(msg1(W[r], W[r+1]) + alignr(W[r+3],
        // W[r+2]), W[r+3]).
        __m128i& next = msg[r & 3];
        __m128i t = _mm_sha256msg1_epu32(next, msg[(r + 1) & 3]);
        t = _mm_add_epi32(t, _mm_alignr_epi8(msg[(r + 3) & 3], msg[(r + 2) & 3], 4));
        next = _mm_sha256msg2_epu32(t, msg[(r + 3) & 3]);
      }
    }
    state0 = _mm_add_epi32(state0, abef);
    state1 = _mm_add_epi32(state1, cdgh);
  }
  tmp = _mm_shuffle_epi32(state0, 0x1B);        // FEBA
  state1 = _mm_shuffle_epi32(state1, 0xB1);     // DCHG
  state0 = _mm_blend_epi16(tmp, state1, 0xF0);  // DCBA
  state1 = _mm_alignr_epi8(state1, tmp, 8);     // HGFE
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&h[0]), state0);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&h[4]), state1);
}
#endif

bool detect_sha_ni() {
#ifdef WASK_SHA_NI
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSE4_1) || !(c & bit_SSSE3)) return false;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
  return (b & (1u << 29)) != 0;  // CPUID.(EAX=7,ECX=0):EBX.SHA
#else
  return false;
#endif
}

CompressFn best_compress() {
#ifdef WASK_SHA_NI
  if (detect_sha_ni()) return compress_sha_ni;
#endif
  return compress_portable;
}

CompressFn chosen_compress() {
  static const CompressFn compress = best_compress();  // immutable once chosen
  return compress;
}

Sha256 hash_with(CompressFn compress, std::span<const uint8_t> bytes, size_t window = SIZE_MAX,
                 const std::function<void(std::span<const uint8_t>)>& hashed = {}) {
  uint32_t h[8];
  std::memcpy(h, kInitialState, sizeof h);
  const size_t full = bytes.size() / 64;
  const size_t window_blocks = std::max<size_t>(window / 64, 1);
  for (size_t done = 0; done < full;) {
    const size_t blocks = std::min(window_blocks, full - done);
    compress(h, bytes.data() + done * 64, blocks);
    if (hashed) hashed(bytes.subspan(done * 64, blocks * 64));
    done += blocks;
  }
  uint8_t tail[128] = {};
  const size_t rest = bytes.size() - full * 64;
  if (rest) std::memcpy(tail, bytes.data() + full * 64, rest);
  tail[rest] = 0x80;
  const size_t tail_len = rest + 9 <= 64 ? 64 : 128;
  const uint64_t bits = uint64_t(bytes.size()) * 8;
  for (int i = 0; i < 8; ++i) tail[tail_len - 1 - i] = uint8_t(bits >> (8 * i));
  compress(h, tail, tail_len / 64);
  Sha256 out;
  for (int i = 0; i < 32; ++i) out[i] = uint8_t(h[i / 4] >> (24 - 8 * (i % 4)));
  return out;
}

}  // namespace

Sha256 sha256(std::span<const uint8_t> bytes) { return hash_with(chosen_compress(), bytes); }

Sha256 sha256(std::span<const uint8_t> bytes, size_t window,
              const std::function<void(std::span<const uint8_t>)>& hashed) {
  return hash_with(chosen_compress(), bytes, window, hashed);
}

Sha256 sha256_portable(std::span<const uint8_t> bytes) {
  return hash_with(compress_portable, bytes);
}

bool sha256_has_hardware() {
  static const bool has = detect_sha_ni();
  return has;
}

std::string to_hex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

}  // namespace wask::interp
