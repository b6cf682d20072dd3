#ifndef CBITPARALLELLCS_H
#define CBITPARALLELLCS_H

#include <stddef.h>
#include <stdint.h>

/// The instruction sets the LCS kernels are built for; each level gives identical lengths.
typedef enum {
    LCSKernelLevelScalar = 0,
    LCSKernelLevelAVX2 = 1,
    LCSKernelLevelAVX512 = 2,
} LCSKernelLevel;

/// The highest level this CPU runs (AVX-512 needs F, VL and BW).
LCSKernelLevel lcs_kernel_best_level(void);

/// Instructions of one length are stored in blocks of this many, transposed: token j of the
/// block's instruction k is at `block[j * LCS_KERNEL_BLOCK + k]`, so every lane's token is at
/// a fixed offset. The kernels score whole blocks: `tokens` must have room for `count`
/// rounded up to a multiple of it (the unused lanes' tokens must be valid ids; their lengths
/// are written and not counted).
#define LCS_KERNEL_BLOCK 16

/// `lengths` must have room for `count` rounded up to a multiple of this: the lengths are
/// counted 64 at a time.
#define LCS_LENGTHS_CHUNK 64

/// A query's distinct tokens hashed without collisions into 32 buckets: bucket
/// `(token * multiplier) >> 27` holds the token's id and match mask, an empty bucket the id
/// 0xFFFFFFFF. With it the AVX-512 kernel looks up sixteen lanes' masks with two permutes
/// and a compare instead of sixteen loads.
typedef struct {
    uint32_t ids[32];
    uint32_t masks[32];
    uint32_t multiplier;
} LCSQueryHash;

/// Builds `hash` for a query's `count` distinct tokens and their match masks; returns 0 when
/// no multiplier tried spreads them over distinct buckets (then pass no hash).
int lcs_query_hash_build(const uint32_t *tokens, const uint32_t *masks, size_t count, LCSQueryHash *hash);

/// LCS lengths of one query of at most 32 tokens against `count` instructions of `length`
/// tokens each, stored in blocks in `tokens` (see `LCS_KERNEL_BLOCK`). `masks` is the query's match mask per token
/// id (bit i: query position i), `hash` the same for its tokens (or NULL), `low_mask` has
/// the query length's low bits set.
/// Writes one length per instruction to `lengths`, adds one to `counts[L]` per instruction of
/// length L (`counts` holds min(query length, length) + 1 counters), and returns the longest.
/// A level above the CPU's best runs as the best.
uint8_t lcs_lengths_narrow(LCSKernelLevel level, const uint32_t *masks, const LCSQueryHash *hash,
                           const uint32_t *tokens,
                           size_t length, size_t count, uint32_t low_mask, uint8_t *lengths,
                           uint32_t *counts);

/// The same for a query of 33 to 64 tokens, with 64-bit match masks.
uint8_t lcs_lengths_wide(LCSKernelLevel level, const uint64_t *masks, const uint32_t *tokens,
                         size_t length, size_t count, uint64_t low_mask, uint8_t *lengths,
                         uint32_t *counts);

/// The first position at or after `from` (below `count`) whose length in `lengths` is at
/// least `threshold`, or `count` if none; `lengths` as the kernels filled it.
size_t lcs_next_at_least(LCSKernelLevel level, const uint8_t *lengths, size_t from, size_t count,
                         uint8_t threshold);

#endif
