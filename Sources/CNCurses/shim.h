#ifndef QT_CNCURSES_SHIM_H
#define QT_CNCURSES_SHIM_H

// Without this the wide-character API (cchar_t, wget_wch, setcchar) stays hidden.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Swift imports neither function-like macros nor macros built from casts and bit shifts, so
// every curses macro the terminal needs is re-exported here as a static inline function.

static inline WINDOW *qt_stdscr(void) { return stdscr; }
static inline FILE *qt_stdout(void) { return stdout; }
static inline FILE *qt_stdin(void) { return stdin; }
static inline int qt_lines(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int qt_cols(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }
static inline int qt_color_pairs(void) { return COLOR_PAIRS; }
static inline int qt_colors(void) { return COLORS; }

static inline attr_t qt_a_normal(void) { return A_NORMAL; }
static inline attr_t qt_a_bold(void) { return A_BOLD; }
static inline attr_t qt_a_reverse(void) { return A_REVERSE; }
static inline attr_t qt_a_dim(void) { return A_DIM; }
static inline attr_t qt_a_underline(void) { return A_UNDERLINE; }
static inline attr_t qt_color_pair(int pair) { return COLOR_PAIR(pair); }

static inline chtype qt_acs_ulcorner(void) { return ACS_ULCORNER; }
static inline chtype qt_acs_urcorner(void) { return ACS_URCORNER; }
static inline chtype qt_acs_llcorner(void) { return ACS_LLCORNER; }
static inline chtype qt_acs_lrcorner(void) { return ACS_LRCORNER; }
static inline chtype qt_acs_hline(void) { return ACS_HLINE; }
static inline chtype qt_acs_vline(void) { return ACS_VLINE; }
static inline chtype qt_acs_ltee(void) { return ACS_LTEE; }
static inline chtype qt_acs_rtee(void) { return ACS_RTEE; }
static inline chtype qt_acs_ttee(void) { return ACS_TTEE; }
static inline chtype qt_acs_btee(void) { return ACS_BTEE; }
static inline chtype qt_acs_plus(void) { return ACS_PLUS; }
static inline chtype qt_acs_block(void) { return ACS_BLOCK; }
static inline chtype qt_acs_ckboard(void) { return ACS_CKBOARD; }

static inline mmask_t qt_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t qt_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t qt_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t qt_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t qt_button5_pressed(void) { return BUTTON5_PRESSED; }

// glibc hides wcwidth unless _XOPEN_SOURCE was set before its (module-cached) wchar.h was read.
extern int wcwidth(wchar_t c);
/// The C library's column count for a character, which curses positions text by.
static inline int qt_wcwidth(wchar_t c) { return wcwidth(c); }

static inline int qt_key_f(int n) { return KEY_F(n); }
static inline int qt_key_code_yes(void) { return KEY_CODE_YES; }

/// Writes one grapheme (a spacing character plus up to four combining marks) at y, x.
static inline int qt_put_wide(WINDOW *w, int y, int x, const wchar_t *chars, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, chars, attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(w, y, x, &cell);
}

/// Writes one line-drawing character (an ACS_* value) at y, x.
static inline int qt_put_acs(WINDOW *w, int y, int x, chtype acs, attr_t attrs, short pair) {
    return mvwaddch(w, y, x, acs | attrs | COLOR_PAIR(pair));
}

#endif
