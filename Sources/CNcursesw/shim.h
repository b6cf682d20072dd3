// The parts of ncursesw (and libc) that Swift cannot import directly: function-like macros,
// attribute bit macros and the library's global variables (which Swift 6 would also treat
// as unsafe shared state). Only the Terminal target imports this module.
#ifndef SELFINSTRUCT_CNCURSESW_SHIM_H
#define SELFINSTRUCT_CNCURSESW_SHIM_H

// SwiftPM drops pkg-config's -D_XOPEN_SOURCE, without which <ncurses.h> hides the
// wide-character API (get_wch, mvwaddnwstr, cchar_t).
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncurses.h>
#include <term.h>

// Glibc's Swift module does not expose these two.
extern int wcwidth(wchar_t c);
extern int wcswidth(const wchar_t *s, size_t n);

static inline WINDOW *si_stdscr(void) { return stdscr; }
static inline int si_lines(void) { return LINES; }
static inline int si_cols(void) { return COLS; }
static inline int si_colors(void) { return COLORS; }
static inline int si_color_pairs(void) { return COLOR_PAIRS; }

static inline int si_getmaxy(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int si_getmaxx(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }

static inline attr_t si_a_normal(void) { return A_NORMAL; }
static inline attr_t si_a_bold(void) { return A_BOLD; }
static inline attr_t si_a_dim(void) { return A_DIM; }
static inline attr_t si_a_underline(void) { return A_UNDERLINE; }
static inline attr_t si_a_reverse(void) { return A_REVERSE; }
static inline attr_t si_a_italic(void) { return A_ITALIC; }
static inline attr_t si_color_pair(int pair) { return (attr_t)COLOR_PAIR(pair); }

static inline int si_key_f0(void) { return KEY_F0; }

// The process environment, for posix_spawn (Swift 6 rejects the mutable C global).
static inline char *const *si_environ(void) { extern char **environ; return environ; }

#endif
