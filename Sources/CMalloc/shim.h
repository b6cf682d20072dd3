// The C library's allocator controls Swift cannot reach through Glibc (malloc.h is not in
// that module). The pool (after opening) and the workbench use it.
#ifndef SELFINSTRUCT_CMALLOC_SHIM_H
#define SELFINSTRUCT_CMALLOC_SHIM_H

#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

// Hands heap memory that is free but still held by the allocator back to the system
// (glibc's malloc_trim(0): the top of every arena, and whole free pages inside them).
// Returns 1 if some was released; 0 where there is nothing to do or no such call.
static inline int cmalloc_release_free_memory(void) {
#if defined(__GLIBC__)
    return malloc_trim(0);
#else
    return 0;
#endif
}

#endif
