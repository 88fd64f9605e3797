/* The one shared helper of the command package: messages in GNU's form, and start-up.
 * Every command links common.c. Its constructor makes the working directory the one the shell
 * gives in PWD, so relative paths resolve there (the convention of WASI userlands). */
#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

/* argv[0] as given, the prefix of every message (GNU prints it the same way). */
extern const char* prog;

/* Call first in main: sets prog. */
void cmd_init(int argc, char** argv);

/* "prog: MESSAGE\n" on stderr. */
void warn(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: MESSAGE: strerror(errno)\n" on stderr, in glibc's wording. */
void warn_errno(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void die(int status, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
_Noreturn void die_errno(int status, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
/* glibc's message for an errno value (musl's wording differs for some). */
const char* error_text(int err);

/* Writes all of buf, retrying short writes; -1 with errno on failure. */
ssize_t write_all(int fd, const void* buf, size_t len);

/* ---- file helpers ---- */
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

struct option;
/* getopt_long with GNU's messages: an unknown option or a missing argument prints GNU's text,
 * "Try 'prog --help' for more information." and exits with usage_status. Permutes like GNU. */
int cmd_getopt(int argc, char** argv, const char* shortopts, const struct option* longopts,
               int usage_status);
_Noreturn void usage_error(int status, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

/* A file name quoted as GNU's messages quote it (gnulib quotearg in the C locale): quotef only
 * when the shell would need it (cat, du), quoteaf always ('x'; rm, ls, mkdir, cp ...). The result
 * lives until eight more quotes are taken. */
const char* quotef(const char* name);
const char* quoteaf(const char* name);

/* The st_mode of a path with permission bits (host_fs.path_mode when the ABI is there, else the
 * type's usual default: 0644 files, 0755 directories, 0777 symlinks). 0 if it does not exist. */
mode_t file_mode(const char* path, bool follow);
/* Sets permission bits; 0, or -1 with errno. */
int set_file_mode(const char* path, mode_t mode);
/* "drwxr-xr-x" (10 characters and a NUL). */
void mode_string(mode_t mode, char out[11]);
/* The VM's user name (the owner of every file). */
const char* user_name(void);

/* Disk usage in 512-byte blocks: st_blocks, or (WASI has none) what ext4 would use: the size
 * rounded up to 4 KiB, nothing for a short symlink. */
uint64_t disk_blocks(const struct stat* st);
/* GNU's -h form: 1023, 1.0K, 9.9K, 10K, 1.5M ... (powers of 1024, rounded up). */
void human_size(uint64_t bytes, char out[16]);
/* DIR/NAME in a fresh malloc'd string (DIR's trailing slashes kept single). */
char* path_join(const char* dir, const char* name);
/* read() that retries EINTR and reports a directory as EISDIR (WASI answers EBADF). */
ssize_t read_some(int fd, void* buf, size_t len);
/* The absolute path with no ., .. or (resolve_links) symlinks: every component must exist
 * (CANON_EXISTING), all but the last (CANON_ALL_BUT_LAST), or none (CANON_MISSING). A fresh
 * malloc'd string, or NULL with errno. */
enum canon_mode { CANON_EXISTING, CANON_ALL_BUT_LAST, CANON_MISSING };
char* canonicalize(const char* path, enum canon_mode mode, bool resolve_links);
/* Each entry of directory `path` but . and .., in directory order: visit(path, NAME, ctx) until
 * it returns false. 0, or -1 with errno when the directory cannot be opened. */
int each_entry(const char* path, bool (*visit)(const char* dir, const char* name, void* ctx),
               void* ctx);
/* The S_IF* type of a readdir d_type (wasi-libc's DT_* are WASI file types, so DTTOIF does not
 * apply), 0 when readdir does not tell: lets find and ls skip a stat per entry. */
mode_t type_of_dirent(unsigned char d_type);
/* The SOURCE DEST | SOURCE... DIRECTORY convention of cp, mv and ln, for n >= 2 operands:
 * act(SOURCE, DEST) when there are two and the last is not a directory (last_is_dir) or
 * no_target_dir, else act(SOURCE, DIRECTORY/BASENAME) for each (GNU's error when the last is no
 * directory). The OR of act's results. */
int to_target(int n, char** args, bool no_target_dir, bool last_is_dir,
              int (*act)(const char* src, const char* dst));
/* Whether a path is a directory (following symlinks). */
bool is_directory(const char* path);
/* The last component of a path (trailing slashes ignored), a fresh malloc'd string. */
char* last_component(const char* path);
/* Copies in to out in bounded memory; 0, or -1 with errno (err_is_read says which side). */
int copy_fd(int in, int out, bool* err_is_read);

/* ---- text helpers (owned by the text commands; file commands add above this line) ---- */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* NAME in single quotes, as GNU's quote() prints it in messages ('a b'). */
const char* quote(const char* name);

/* An input opened for reading: "-" is stdin. -1 (errno set) on failure. */
int open_input(const char* name);
/* The file operands from argv[first] on, or just "-" (stdin) when there are none; their count. */
int file_operands(int argc, char** argv, int first, char*** files);
/* The display name of an input ("-" shows as "standard input"). */
const char* input_name(const char* name);

/* Reads lines of any length in bounded memory per line: line_next returns the next line
 * including its delimiter (absent on a last line without one), or NULL at end of input or on a
 * read error (then err is the errno). The returned bytes stay valid until the next call. */
struct line_reader {
  int fd, err;
  char delim;
  char* buf;
  size_t cap, start, end;
  bool eof;
  bool saw_nul; /* some chunk read so far held a NUL byte (grep's binary test) */
};
void line_reader_init(struct line_reader* r, int fd, char delim);
char* line_next(struct line_reader* r, size_t* len);
void line_reader_free(struct line_reader* r);

/* Buffered stdout writes that remember a failure; out_flush reports it and answers false. */
void out_write(const void* buf, size_t len);
void out_char(char c);
void out_str(const char* s);
bool out_flush(void);
/* Sends what follows to FD instead of stdout (uniq OUTPUT, sort -o). */
void out_to(int fd);

/* Growable byte buffer. */
struct bytes {
  char* data;
  size_t len, cap;
};
void bytes_add(struct bytes* b, const void* p, size_t n);
void bytes_addc(struct bytes* b, char c);

/* Memory that must exist: on failure "prog: memory exhausted" and exit(status). */
void* xrealloc(void* p, size_t n);
char* xstrdup(const char* s);

/* The byte a one-letter C escape stands for (\a \b \e \f \n \r \t \v \\ \" ), -1 for others. */
int escape_char(char c);
/* The value of a hex digit, -1 for other characters. */
int hex_digit(char c);

/* A count with GNU's multiplier suffixes (b 512, K/k 1024, KB 1000, KiB 1024, M, G, T, P, E);
 * too large a count saturates at UINTMAX_MAX. False when S is not such a count. */
bool parse_count(const char* s, uintmax_t* out);

/* Runs ARGV (argv[0] a path, or a name looked up on PATH) with environment ENVP (NULL: ours) and
 * our stdin/stdout/stderr, waits, and stores its exit status. 0, or an errno: ENOENT when the
 * command is not found, ENOSYS when this VM offers no host_process module (not supported yet). */
int run_command(char* const* argv, char* const* envp, int* status);

/* The driver of sha256sum and md5sum: hashing files, printing "HASH  NAME" lines (or --tag's
 * "ALGO (NAME) = HASH"), and -c checking, all as GNU's; the command gives the algorithm. */
struct digest_algo {
  const char* tag; /* "SHA256", "MD5" */
  size_t size;     /* digest bytes */
  void (*init)(void* ctx);
  void (*update)(void* ctx, const unsigned char* data, size_t len);
  void (*final)(void* ctx, unsigned char* digest);
};
int digest_main(int argc, char** argv, const struct digest_algo* algo, void* ctx);

/* The 64-byte block buffering and length padding MD5 and SHA-256 share (Merkle-Damgard): each
 * algorithm gives its compression function and keeps only its own state words. */
struct md_blocks {
  uint64_t bytes;
  unsigned char block[64];
  size_t used;
};
typedef void (*md_compress)(void* state, const unsigned char* block);
void md_update(struct md_blocks* b, const unsigned char* p, size_t len, md_compress f, void* state);
/* 0x80, zeros, then the length in bits (big-endian for SHA-256, little-endian for MD5). */
void md_finish(struct md_blocks* b, bool big_endian, md_compress f, void* state);

/* GNU's regex dialect on musl's regcomp (grep, sed, nl): a '{' that starts no interval and an
 * unmatched ')' are literal in ERE, a leading '*', '+', '?' or '{' in ERE is literal (grep warns
 * with WARN), {,N} means {0,N}. Answers regcomp's code; ERROR gets GNU's wording of a failure. */
#include <regex.h>
int gnu_regcomp(regex_t* re, const char* pattern, int cflags, bool warn, const char** error);

/* Appends everything FD has left to OUT; 0, or -1 with errno. */
int read_all(int fd, struct bytes* out);
