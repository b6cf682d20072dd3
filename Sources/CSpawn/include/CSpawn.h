// The glibc calls ChildProcesses needs that Swift's Glibc module leaves out (they are
// GNU extensions): a close-on-exec pipe, and two posix_spawn file actions.
#ifndef CSPAWN_H
#define CSPAWN_H

#include <spawn.h>

/// pipe2(fds, O_CLOEXEC): neither end leaks into a child started meanwhile.
int cspawn_pipe(int fds[2]);

/// In the child, closes every descriptor from `lowest` up.
int cspawn_add_close_from(posix_spawn_file_actions_t *actions, int lowest);

/// In the child, changes to `directory` before the program starts.
int cspawn_add_chdir(posix_spawn_file_actions_t *actions, const char *directory);

#endif
