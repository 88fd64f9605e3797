/* echo [-neE] [STRING]...: print the strings separated by spaces (GNU coreutils). */
#include "common.h"

#include <string.h>

/* Whether ARG is a cluster of n/e/E letters, which GNU takes as options. */
static bool is_option(const char* arg) {
  if (arg[0] != '-' || !arg[1]) return false;
  return strspn(arg + 1, "neE") == strlen(arg + 1);
}

/* Prints S interpreting backslash escapes; false when \c asks to stop all output. */
static bool print_escaped(const char* s) {
  for (; *s; s++) {
    if (*s != '\\' || !s[1]) {
      out_char(*s);
      continue;
    }
    char c = *++s;
    if (c == 'c') return false;
    if (c != '"' && escape_char(c) >= 0) {
      out_char((char)escape_char(c));
    } else if (c == 'x' && hex_digit(s[1]) >= 0) {
      int v = hex_digit(*++s);
      if (hex_digit(s[1]) >= 0) v = v * 16 + hex_digit(*++s);
      out_char((char)v);
    } else if (c == '0') {
      int v = 0;
      for (int i = 0; i < 3 && s[1] >= '0' && s[1] <= '7'; i++) v = v * 8 + (*++s - '0');
      out_char((char)v);
    } else {
      out_char('\\');
      out_char(c);
    }
  }
  return true;
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  bool newline = true, escapes = false;
  int i = 1;
  for (; i < argc && is_option(argv[i]); i++)
    for (const char* p = argv[i] + 1; *p; p++) {
      if (*p == 'n') newline = false;
      if (*p == 'e') escapes = true;
      if (*p == 'E') escapes = false;
    }
  for (; i < argc; i++) {
    if (escapes) {
      if (!print_escaped(argv[i])) return out_flush() ? 0 : 1;
    } else {
      out_str(argv[i]);
    }
    if (i + 1 < argc) out_char(' ');
  }
  if (newline) out_char('\n');
  return out_flush() ? 0 : 1;
}
