// Bit-parallel LCS (Allison–Dix / Hyyrö) over many instructions of one length at once.
//
// Per instruction a bit vector V starts all ones; each of its tokens t updates it with
// U = V & M[t]; V = (V + U) | (V & ~U), and the LCS length is the number of zero bits of V
// within the query length. The instructions are independent, so SIMD lanes take one each.
// A block's tokens are transposed (LCS_KERNEL_BLOCK), so lane k's token j sits at a fixed
// offset from the step's row: its match mask is one scalar load with no address arithmetic,
// which on the CPU measured beats a gather instruction; with AVX-512, a perfect hash of the
// query's tokens (LCSQueryHash) gives all sixteen masks from two permutes and a compare. The
// lane update is three vector operations. Every level computes the same integers.
#include "CBitParallelLCS.h"

#include <stdatomic.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define BLOCK LCS_KERNEL_BLOCK

// The match mask of lane k's token at the current step's row `row`.
#define MASK_OF(k) masks[row[k]]

// MARK: - Scalar: four lanes in lock-step hide the update's latency

#define LCS_STEP(v, m) do { __typeof__(v) u_ = (v) & (m); (v) = ((v) + u_) | ((v) & ~u_); } while (0)

#define SCALAR_KERNEL(name, word, popcount)                                                      \
    static void name(const word *masks, const uint32_t *tokens, size_t length, size_t count,     \
                     word low, uint8_t *lengths) {                                               \
        for (size_t item = 0; item < count; item += BLOCK) {                                     \
            const uint32_t *block = tokens + item * length;                                      \
            for (size_t lane = 0; lane < BLOCK; lane += 4) {                                     \
                word v0 = (word)~(word)0, v1 = v0, v2 = v0, v3 = v0;                             \
                for (size_t j = 0; j < length; j++) {                                            \
                    const uint32_t *row = block + j * BLOCK + lane;                              \
                    LCS_STEP(v0, MASK_OF(0)); LCS_STEP(v1, MASK_OF(1));                          \
                    LCS_STEP(v2, MASK_OF(2)); LCS_STEP(v3, MASK_OF(3));                          \
                }                                                                                \
                lengths[item + lane] = (uint8_t)popcount(~v0 & low);                             \
                lengths[item + lane + 1] = (uint8_t)popcount(~v1 & low);                         \
                lengths[item + lane + 2] = (uint8_t)popcount(~v2 & low);                         \
                lengths[item + lane + 3] = (uint8_t)popcount(~v3 & low);                         \
            }                                                                                    \
        }                                                                                        \
    }

SCALAR_KERNEL(narrow_scalar, uint32_t, __builtin_popcount)
SCALAR_KERNEL(wide_scalar, uint64_t, __builtin_popcountll)

#if defined(__x86_64__)

// MARK: - AVX2: a block in two registers of eight 32-bit lanes (four of four 64-bit lanes)

#define AVX2_STEP(v, m, add) do { __m256i u_ = _mm256_and_si256((v), (m)); \
    (v) = _mm256_or_si256(add((v), u_), _mm256_andnot_si256(u_, (v))); } while (0)

__attribute__((target("avx2,popcnt")))
static void narrow_avx2(const uint32_t *masks, const uint32_t *tokens, size_t length,
                        size_t count, uint32_t low, uint8_t *lengths) {
    for (size_t item = 0; item < count; item += BLOCK) {
        const uint32_t *block = tokens + item * length;
        __m256i a = _mm256_set1_epi32(-1), b = a;
        for (size_t j = 0; j < length; j++) {
            const uint32_t *row = block + j * BLOCK;
            __m256i ma = _mm256_setr_epi32(MASK_OF(0), MASK_OF(1), MASK_OF(2), MASK_OF(3),
                                           MASK_OF(4), MASK_OF(5), MASK_OF(6), MASK_OF(7));
            __m256i mb = _mm256_setr_epi32(MASK_OF(8), MASK_OF(9), MASK_OF(10), MASK_OF(11),
                                           MASK_OF(12), MASK_OF(13), MASK_OF(14), MASK_OF(15));
            AVX2_STEP(a, ma, _mm256_add_epi32);
            AVX2_STEP(b, mb, _mm256_add_epi32);
        }
        uint32_t v[BLOCK];
        _mm256_storeu_si256((__m256i *)v, a);
        _mm256_storeu_si256((__m256i *)(v + 8), b);
        for (int k = 0; k < BLOCK; k++) lengths[item + k] = (uint8_t)__builtin_popcount(~v[k] & low);
    }
}

#define WIDE4(k) (long long)MASK_OF(k), (long long)MASK_OF(k + 1), (long long)MASK_OF(k + 2), (long long)MASK_OF(k + 3)

__attribute__((target("avx2,popcnt")))
static void wide_avx2(const uint64_t *masks, const uint32_t *tokens, size_t length,
                      size_t count, uint64_t low, uint8_t *lengths) {
    for (size_t item = 0; item < count; item += BLOCK) {
        const uint32_t *block = tokens + item * length;
        __m256i a = _mm256_set1_epi64x(-1), b = a, c = a, d = a;
        for (size_t j = 0; j < length; j++) {
            const uint32_t *row = block + j * BLOCK;
            __m256i ma = _mm256_setr_epi64x(WIDE4(0)), mb = _mm256_setr_epi64x(WIDE4(4));
            __m256i mc = _mm256_setr_epi64x(WIDE4(8)), md = _mm256_setr_epi64x(WIDE4(12));
            AVX2_STEP(a, ma, _mm256_add_epi64);
            AVX2_STEP(b, mb, _mm256_add_epi64);
            AVX2_STEP(c, mc, _mm256_add_epi64);
            AVX2_STEP(d, md, _mm256_add_epi64);
        }
        uint64_t v[BLOCK];
        _mm256_storeu_si256((__m256i *)v, a);
        _mm256_storeu_si256((__m256i *)(v + 4), b);
        _mm256_storeu_si256((__m256i *)(v + 8), c);
        _mm256_storeu_si256((__m256i *)(v + 12), d);
        for (int k = 0; k < BLOCK; k++) lengths[item + k] = (uint8_t)__builtin_popcountll(~v[k] & low);
    }
}

// MARK: - AVX-512: a block in one register of sixteen 32-bit lanes (two of eight 64-bit)

// (V + U) | (V & ~U) in one instruction: operands (V + U, U, V), truth table a | (c & ~b).
#define LCS_TERNARY 0xF2

__attribute__((target("avx512f,avx512vl,avx512bw,popcnt")))
static void narrow_avx512(const uint32_t *masks, const uint32_t *tokens, size_t length,
                          size_t count, uint32_t low, uint8_t *lengths) {
    for (size_t item = 0; item < count; item += BLOCK) {
        const uint32_t *block = tokens + item * length;
        __m512i a = _mm512_set1_epi32(-1);
        for (size_t j = 0; j < length; j++) {
            const uint32_t *row = block + j * BLOCK;
            __m512i ma = _mm512_setr_epi32(MASK_OF(0), MASK_OF(1), MASK_OF(2), MASK_OF(3),
                                           MASK_OF(4), MASK_OF(5), MASK_OF(6), MASK_OF(7),
                                           MASK_OF(8), MASK_OF(9), MASK_OF(10), MASK_OF(11),
                                           MASK_OF(12), MASK_OF(13), MASK_OF(14), MASK_OF(15));
            __m512i ua = _mm512_and_si512(a, ma);
            a = _mm512_ternarylogic_epi32(_mm512_add_epi32(a, ua), ua, a, LCS_TERNARY);
        }
        uint32_t v[BLOCK];
        _mm512_storeu_si512(v, a);
        for (int k = 0; k < BLOCK; k++) lengths[item + k] = (uint8_t)__builtin_popcount(~v[k] & low);
    }
}

// With the query's tokens in a collision-free hash: a lane's mask is the bucket's mask when
// the bucket holds the lane's token, else 0 (the token is not in the query).
__attribute__((target("avx512f,avx512vl,avx512bw,popcnt")))
static void narrow_avx512_hashed(const LCSQueryHash *hash, const uint32_t *tokens, size_t length,
                                 size_t count, uint32_t low, uint8_t *lengths) {
    const __m512i ids_low = _mm512_loadu_si512(hash->ids), ids_high = _mm512_loadu_si512(hash->ids + 16);
    const __m512i masks_low = _mm512_loadu_si512(hash->masks), masks_high = _mm512_loadu_si512(hash->masks + 16);
    const __m512i multiplier = _mm512_set1_epi32((int)hash->multiplier);
    for (size_t item = 0; item < count; item += BLOCK) {
        const uint32_t *block = tokens + item * length;
        __m512i a = _mm512_set1_epi32(-1);
        for (size_t j = 0; j < length; j++) {
            __m512i token = _mm512_loadu_si512(block + j * BLOCK);
            __m512i bucket = _mm512_srli_epi32(_mm512_mullo_epi32(token, multiplier), 27);
            __m512i id = _mm512_permutex2var_epi32(ids_low, bucket, ids_high);
            __m512i mask = _mm512_permutex2var_epi32(masks_low, bucket, masks_high);
            __m512i ua = _mm512_maskz_and_epi32(_mm512_cmpeq_epi32_mask(id, token), a, mask);
            a = _mm512_ternarylogic_epi32(_mm512_add_epi32(a, ua), ua, a, LCS_TERNARY);
        }
        uint32_t v[BLOCK];
        _mm512_storeu_si512(v, a);
        for (int k = 0; k < BLOCK; k++) lengths[item + k] = (uint8_t)__builtin_popcount(~v[k] & low);
    }
}

__attribute__((target("avx512f,avx512vl,avx512bw,popcnt")))
static void wide_avx512(const uint64_t *masks, const uint32_t *tokens, size_t length,
                        size_t count, uint64_t low, uint8_t *lengths) {
    for (size_t item = 0; item < count; item += BLOCK) {
        const uint32_t *block = tokens + item * length;
        __m512i a = _mm512_set1_epi64(-1), b = a;
        for (size_t j = 0; j < length; j++) {
            const uint32_t *row = block + j * BLOCK;
            __m512i ma = _mm512_setr_epi64((long long)MASK_OF(0), (long long)MASK_OF(1), (long long)MASK_OF(2),
                                           (long long)MASK_OF(3), (long long)MASK_OF(4), (long long)MASK_OF(5),
                                           (long long)MASK_OF(6), (long long)MASK_OF(7));
            __m512i mb = _mm512_setr_epi64((long long)MASK_OF(8), (long long)MASK_OF(9), (long long)MASK_OF(10),
                                           (long long)MASK_OF(11), (long long)MASK_OF(12), (long long)MASK_OF(13),
                                           (long long)MASK_OF(14), (long long)MASK_OF(15));
            __m512i ua = _mm512_and_si512(a, ma), ub = _mm512_and_si512(b, mb);
            a = _mm512_ternarylogic_epi64(_mm512_add_epi64(a, ua), ua, a, LCS_TERNARY);
            b = _mm512_ternarylogic_epi64(_mm512_add_epi64(b, ub), ub, b, LCS_TERNARY);
        }
        uint64_t v[BLOCK];
        _mm512_storeu_si512(v, a);
        _mm512_storeu_si512(v + 8, b);
        for (int k = 0; k < BLOCK; k++) lengths[item + k] = (uint8_t)__builtin_popcountll(~v[k] & low);
    }
}

#endif

// MARK: - Dispatch

// Counts the lengths into `counts` (bound + 1 counters) and returns the longest. Four
// sub-histograms, because runs of equal lengths (most pairs share one or two tokens) would
// otherwise wait on each other's increment through memory.
static uint8_t tally_scalar(const uint8_t *lengths, size_t count, size_t bound, uint32_t *counts) {
    uint32_t sub[4][65] = {{0}};
    uint8_t longest = 0;
    size_t item = 0;
    for (; item + 4 <= count; item += 4) {
        uint8_t a = lengths[item], b = lengths[item + 1], c = lengths[item + 2], d = lengths[item + 3];
        sub[0][a]++; sub[1][b]++; sub[2][c]++; sub[3][d]++;
        uint8_t ab = a > b ? a : b, cd = c > d ? c : d, abcd = ab > cd ? ab : cd;
        if (abcd > longest) longest = abcd;
    }
    for (; item < count; item++) {
        sub[0][lengths[item]]++;
        if (lengths[item] > longest) longest = lengths[item];
    }
    for (size_t l = 0; l <= bound; l++) counts[l] += sub[0][l] + sub[1][l] + sub[2][l] + sub[3][l];
    return longest;
}

#if defined(__x86_64__)

// The same with 32 lengths per step: the longest first, then per length up to it one
// compare and a popcount per step. Lanes past `count` are masked off.
__attribute__((target("avx2,popcnt")))
static uint8_t tally_avx2(const uint8_t *lengths, size_t count, uint32_t *counts) {
    __m256i longest = _mm256_setzero_si256();
    for (size_t item = 0; item < count; item += 32) {
        __m256i chunk = _mm256_loadu_si256((const __m256i *)(lengths + item));
        if (count - item < 32) {  // keep only the lanes below count
            __m256i lane = _mm256_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
                                            19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
            __m256i valid = _mm256_cmpgt_epi8(_mm256_set1_epi8((char)(count - item)), lane);
            chunk = _mm256_and_si256(chunk, valid);
        }
        longest = _mm256_max_epu8(longest, chunk);
    }
    uint8_t bytes[32], top = 0;
    _mm256_storeu_si256((__m256i *)bytes, longest);
    for (int k = 0; k < 32; k++) if (bytes[k] > top) top = bytes[k];
    for (size_t item = 0; item < count; item += 32) {
        __m256i chunk = _mm256_loadu_si256((const __m256i *)(lengths + item));
        uint32_t valid = count - item >= 32 ? 0xFFFFFFFFu : (1u << (count - item)) - 1;
        for (uint8_t l = 0; l <= top; l++) {
            uint32_t equal = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(chunk, _mm256_set1_epi8((char)l)));
            counts[l] += (uint32_t)__builtin_popcount(equal & valid);
        }
    }
    return top;
}

__attribute__((target("avx512f,avx512vl,avx512bw,popcnt")))
static uint8_t tally_avx512(const uint8_t *lengths, size_t count, uint32_t *counts) {
    __m512i longest = _mm512_setzero_si512();
    for (size_t item = 0; item < count; item += 64) {
        __mmask64 valid = count - item >= 64 ? ~(__mmask64)0 : ((__mmask64)1 << (count - item)) - 1;
        longest = _mm512_max_epu8(longest, _mm512_maskz_loadu_epi8(valid, lengths + item));
    }
    uint8_t bytes[64], top = 0;
    _mm512_storeu_si512(bytes, longest);
    for (int k = 0; k < 64; k++) if (bytes[k] > top) top = bytes[k];
    for (size_t item = 0; item < count; item += 64) {
        __mmask64 valid = count - item >= 64 ? ~(__mmask64)0 : ((__mmask64)1 << (count - item)) - 1;
        __m512i chunk = _mm512_loadu_si512(lengths + item);
        for (uint8_t l = 0; l <= top; l++) {
            __mmask64 equal = _mm512_mask_cmpeq_epi8_mask(valid, chunk, _mm512_set1_epi8((char)l));
            counts[l] += (uint32_t)__builtin_popcountll(equal);
        }
    }
    return top;
}

#endif

static uint8_t tally(LCSKernelLevel level, const uint8_t *lengths, size_t count, size_t bound, uint32_t *counts) {
    switch (level) {
#if defined(__x86_64__)
    case LCSKernelLevelAVX512: return tally_avx512(lengths, count, counts);
    case LCSKernelLevelAVX2: return tally_avx2(lengths, count, counts);
#endif
    default: return tally_scalar(lengths, count, bound, counts);
    }
}

int lcs_query_hash_build(const uint32_t *tokens, const uint32_t *masks, size_t count, LCSQueryHash *hash) {
    if (count > 32) return 0;
    // Odd multipliers from a fixed sequence (Weyl steps of the golden ratio), so a query's
    // hash, and therefore the work done, is the same on every run.
    uint32_t multiplier = 0x9E3779B9u;
    for (int attempt = 0; attempt < 256; attempt++, multiplier += 0x3C6EF372u) {
        multiplier |= 1;
        uint32_t used = 0;
        size_t i = 0;
        for (; i < count; i++) {
            uint32_t bucket = (tokens[i] * multiplier) >> 27;
            if (used & (1u << bucket)) break;
            used |= 1u << bucket;
        }
        if (i < count) continue;
        for (int b = 0; b < 32; b++) { hash->ids[b] = 0xFFFFFFFFu; hash->masks[b] = 0; }
        for (i = 0; i < count; i++) {
            uint32_t bucket = (tokens[i] * multiplier) >> 27;
            hash->ids[bucket] = tokens[i];
            hash->masks[bucket] = masks[i];
        }
        hash->multiplier = multiplier;
        return 1;
    }
    return 0;
}

LCSKernelLevel lcs_kernel_best_level(void) {
#if defined(__x86_64__)
    // Threads that ask first compute the same value; the atomic makes that race well-defined.
    static _Atomic int best = -1;
    int known = atomic_load_explicit(&best, memory_order_relaxed);
    if (known >= 0) return (LCSKernelLevel)known;
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")
        && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("popcnt")) {
        known = LCSKernelLevelAVX512;
    } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt")) {
        known = LCSKernelLevelAVX2;
    } else {
        known = LCSKernelLevelScalar;
    }
    atomic_store_explicit(&best, known, memory_order_relaxed);
    return (LCSKernelLevel)known;
#else
    return LCSKernelLevelScalar;
#endif
}

static LCSKernelLevel runnable(LCSKernelLevel level) {
    LCSKernelLevel best = lcs_kernel_best_level();
    return level > best ? best : level;
}

uint8_t lcs_lengths_narrow(LCSKernelLevel level, const uint32_t *masks, const LCSQueryHash *hash,
                           const uint32_t *tokens, size_t length, size_t count, uint32_t low_mask,
                           uint8_t *lengths, uint32_t *counts) {
    switch (runnable(level)) {
#if defined(__x86_64__)
    case LCSKernelLevelAVX512:
        if (hash) narrow_avx512_hashed(hash, tokens, length, count, low_mask, lengths);
        else narrow_avx512(masks, tokens, length, count, low_mask, lengths);
        break;
    case LCSKernelLevelAVX2: narrow_avx2(masks, tokens, length, count, low_mask, lengths); break;
#endif
    default: narrow_scalar(masks, tokens, length, count, low_mask, lengths); break;
    }
    size_t query_length = (size_t)__builtin_popcount(low_mask);
    return tally(runnable(level), lengths, count, query_length < length ? query_length : length, counts);
}

uint8_t lcs_lengths_wide(LCSKernelLevel level, const uint64_t *masks, const uint32_t *tokens,
                         size_t length, size_t count, uint64_t low_mask, uint8_t *lengths,
                         uint32_t *counts) {
    switch (runnable(level)) {
#if defined(__x86_64__)
    case LCSKernelLevelAVX512: wide_avx512(masks, tokens, length, count, low_mask, lengths); break;
    case LCSKernelLevelAVX2: wide_avx2(masks, tokens, length, count, low_mask, lengths); break;
#endif
    default: wide_scalar(masks, tokens, length, count, low_mask, lengths); break;
    }
    size_t query_length = (size_t)__builtin_popcountll(low_mask);
    return tally(runnable(level), lengths, count, query_length < length ? query_length : length, counts);
}

#if defined(__x86_64__)
// 32 lengths per compare, from the 32-aligned chunk holding `from` (so no read passes the
// buffer's 64-rounded end).
__attribute__((target("avx2")))
static size_t next_at_least_avx2(const uint8_t *lengths, size_t from, size_t count, uint8_t threshold) {
    const __m256i below = _mm256_set1_epi8((char)(threshold - 1));
    for (size_t chunk = from & ~(size_t)31; chunk < count; chunk += 32) {
        __m256i values = _mm256_loadu_si256((const __m256i *)(lengths + chunk));
        uint32_t hits = (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(values, below));
        if (chunk < from) hits &= ~0u << (from - chunk);
        if (hits) {
            size_t position = chunk + (size_t)__builtin_ctz(hits);
            return position < count ? position : count;
        }
    }
    return count;
}
#endif

size_t lcs_next_at_least(LCSKernelLevel level, const uint8_t *lengths, size_t from, size_t count,
                         uint8_t threshold) {
    if (threshold == 0) return from < count ? from : count;
#if defined(__x86_64__)
    if (runnable(level) >= LCSKernelLevelAVX2) return next_at_least_avx2(lengths, from, count, threshold);
#endif
    for (size_t position = from; position < count; position++) {
        if (lengths[position] >= threshold) return position;
    }
    return count;
}
