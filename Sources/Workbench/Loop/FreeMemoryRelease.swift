import CMalloc

/// Hands heap memory that is free, but still held by the allocator, back to the system.
///
/// Opening a large pool and indexing it allocate and free far more than the pool keeps
/// (read buffers, decoded lines, index construction), and glibc holds on to what is freed:
/// with `benchmark workbench generate` on a 100K-record pool, resident memory after start-up
/// is 234 MiB without a release and 134 MiB with one. Over generation after that, resident
/// memory follows the pool with or without further releases, so the loop releases once,
/// after loading.
enum FreeMemoryRelease {
    /// Releases the free memory now (glibc's malloc_trim; nothing elsewhere). It takes a few
    /// milliseconds on a large heap: call it off the screen's thread.
    static func release() {
        _ = cmalloc_release_free_memory()
    }
}
