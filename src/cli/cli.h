/*
** cli.h: what the files of the povreg command-line tool share.
**
** The tool is a thin layer over the public API (<povreg.h>): it parses
** arguments, calls one library function per command, prints the result
** as a table, CSV or JSON, and picks the exit status.  It holds no SQL
** and no business rules.
*/
#ifndef POVREG_CLI_H
#define POVREG_CLI_H

#include <stddef.h>
#include <stdio.h>

#include <povreg.h>

/* Exit statuses. */
#define CLI_EXIT_OK 0      /* success */
#define CLI_EXIT_FAIL 1    /* the operation failed (not found, I/O, ...) */
#define CLI_EXIT_USAGE 2   /* bad command line */
#define CLI_EXIT_INVALID 3 /* the library refused the data */

/* Returned by cli_parse() when the command should go on. */
#define CLI_CONTINUE (-1)

/* Output formats. */
typedef enum cli_format {
  CLI_FMT_TABLE = 0, /* aligned columns for people */
  CLI_FMT_CSV = 1,   /* RFC 4180, header row first */
  CLI_FMT_JSON = 2,  /* an array of objects (a list) or one object */
  CLI_FMT_HTML = 3   /* one self-contained HTML file (reports only) */
} cli_format;

/* Everything a command needs from the global options. */
typedef struct cli_ctx {
  const char *db_path;       /* ledger file (--db, $POVREG_DB, ./povreg.db) */
  int db_explicit;           /* nonzero if the --db option named it */
  const char *operator_name; /* --operator or $POVREG_OPERATOR, or NULL */
  const char *today;         /* --today or $POVREG_TODAY, or NULL */
  cli_format format;         /* --format */
  int redact;                /* --redact: mask personal data in every list */
  povreg_db *db;             /* the open ledger, or NULL */
  const char *cmd_name;      /* "household add", for messages */
} cli_ctx;

/* Kinds of option. */
#define CLI_OPT_FLAG 0x0u     /* takes no value */
#define CLI_OPT_VALUE 0x1u    /* takes a value; given at most once */
#define CLI_OPT_MULTI 0x3u    /* takes a value; may be repeated */
#define CLI_OPT_REQUIRED 0x4u /* must be given */
#define CLI_OPT_INT 0x8u      /* the value is an integer in [min, max] */
#define CLI_OPT_INTLIST 0x10u /* integers in [min, max] separated by ',' */

/*
** One option a command accepts ("name" for --name).  Integer options are
** checked by cli_parse(), before the ledger is opened, so a malformed
** number is always a usage error.
*/
typedef struct cli_optspec {
  const char *name; /* long name without the dashes; NULL ends a table */
  unsigned kind;    /* CLI_OPT_* bits */
  long min, max;    /* range of CLI_OPT_INT / CLI_OPT_INTLIST values */
} cli_optspec;

/* Most options a single command may declare. */
#define CLI_MAX_OPTS 24

/* A parsed command line.  Values point into argv (borrowed). */
typedef struct cli_args {
  const cli_optspec *spec;       /* the command's options */
  const char *val[CLI_MAX_OPTS]; /* last value of each option, or NULL */
  int count[CLI_MAX_OPTS];       /* how many times each was given */
  char **pos;                    /* positional arguments (allocated) */
  int npos;                      /* how many */
  const char **multi;            /* values of repeatable options (allocated) */
  int *multi_opt;                /* option index of each multi value */
  int nmulti;                    /* how many */
} cli_args;

/* How main() opens the ledger before running a command. */
typedef enum cli_open_mode {
  CLI_OPEN_EXISTING = 0, /* open an existing ledger (not created) */
  CLI_OPEN_CREATE = 1,   /* create it if missing (init) */
  CLI_OPEN_SELF = 2      /* the command opens it itself (demo) */
} cli_open_mode;

/* One command: "household add", or "init" (sub == NULL). */
typedef struct cli_command {
  const char *sub; /* sub-command word, NULL for a single word */
  int (*run)(cli_ctx *ctx, const cli_args *a); /* returns an exit status */
  const cli_optspec *opts;                     /* options, ended by {NULL, 0} */
  int pos_min;                                 /* fewest positional arguments */
  int pos_max;                                 /* most, or -1 for any number */
  unsigned pos_int;    /* bit i set: argument i is a member
                          number (an integer >= 1) */
  cli_open_mode open;  /* how to open the ledger */
  const char *summary; /* one line for the command list */
  const char *usage;   /* full help: synopsis, options, example */
} cli_command;

/* A group of commands sharing a first word, ended by {NULL, ...}. */
extern const cli_command cli_init_cmds[];
extern const cli_command cli_unit_cmds[];
extern const cli_command cli_village_cmds[];
extern const cli_command cli_household_cmds[];
extern const cli_command cli_member_cmds[];
extern const cli_command cli_standard_cmds[];
extern const cli_command cli_survey_cmds[];
extern const cli_command cli_classify_cmds[];
extern const cli_command cli_apply_cmds[];
extern const cli_command cli_review_cmds[];
extern const cli_command cli_search_cmds[];
extern const cli_command cli_import_cmds[];
extern const cli_command cli_export_cmds[];
extern const cli_command cli_demo_cmds[];
extern const cli_command cli_report_cmds[];
extern const cli_command cli_target_cmds[];
extern const cli_command cli_backup_cmds[];
extern const cli_command cli_check_cmds[];
extern const cli_command cli_audit_cmds[];

/* ---- main.c ---- */

/*
** Open ctx->db_path (creating it if create is nonzero), apply the
** operator and today settings, and store the handle in ctx->db.  On
** failure print the message and return the exit status; else CLI_EXIT_OK.
*/
int cli_open(cli_ctx *ctx, int create);

/*
** The same as cli_open() with povreg_open() flags (POVREG_OPEN_READONLY
** for a command that only reads), for commands opened with CLI_OPEN_SELF.
*/
int cli_open_flags(cli_ctx *ctx, unsigned flags);

/*
** Print "povreg: <the library's message>" for a failed call and return the
** exit status for its code (3 for refused data, 1 otherwise).
*/
int cli_fail(const cli_ctx *ctx, int code);

/* Print "povreg: <message>" on stderr (printf-style); one line. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/*
** Print a usage problem, "povreg: <problem>" then "Try 'povreg CMD
** --help'.", and return CLI_EXIT_USAGE.
*/
int cli_usage_error(const cli_ctx *ctx, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/*
** "Today" for defaults: --today / $POVREG_TODAY if set, else the local
** date.  Writes 'YYYY-MM-DD' into out.
*/
void cli_today(const cli_ctx *ctx, char out[11]);

/* What a listing callback writes into. */
typedef struct cli_rows {
  struct cli_list *list; /* where rows go */
  int oom;               /* set when memory ran out */
} cli_rows;

/*
** Add a row from a listing callback: returns 0 to go on, or 1 (and sets
** st->oom) when memory ran out, which stops the listing.
*/
int cli_rows_add(cli_rows *st, const char *const *cells);

/*
** Finish a listing: on success write the list and return CLI_EXIT_OK;
** after running out of memory or a library failure rc, drop it, print
** the error and return the exit status.  Frees the list.
*/
int cli_list_finish(const cli_ctx *ctx, struct cli_list *list, int oom, int rc);

/* ---- args.c ---- */

/*
** Parse a command's arguments (argv[0] is the first word after the
** command name) into *a, which the caller releases with cli_args_free().
** Global options (--db, --operator, --format, --today) are accepted here
** too and stored in ctx.  Returns CLI_CONTINUE, or the exit status to
** stop with: CLI_EXIT_OK after printing --help, CLI_EXIT_USAGE after
** printing a usage error.
*/
int cli_parse(cli_ctx *ctx, const cli_command *cmd, int argc, char **argv,
              cli_args *a);

/* Release what cli_parse() allocated.  NULL-safe. */
void cli_args_free(cli_args *a);

/*
** Handle one global option at argv[*i] (forms "--name value" and
** "--name=value").  Returns 1 if it was a global option (advancing *i
** past its value), 0 if not, or CLI_EXIT_USAGE after printing an error.
*/
int cli_global_option(cli_ctx *ctx, int argc, char **argv, int *i);

/* Value of option `name` (last one given), or NULL.  Borrowed. */
const char *cli_get(const cli_args *a, const char *name);

/* Nonzero if option `name` was given. */
int cli_has(const cli_args *a, const char *name);

/*
** Integer value of option name (checked by cli_parse()), or dflt when
** the option was not given.
*/
long cli_get_long(const cli_args *a, const char *name, long dflt);

/* Integer value of positional argument i (checked by cli_parse()). */
int cli_pos_int(const cli_args *a, int i);

/*
** Parse a decimal integer in [min, max] from option `what`'s value s.
** On error print a usage error and return CLI_EXIT_USAGE; else store it
** in *out and return CLI_CONTINUE.
*/
int cli_parse_int(const cli_ctx *ctx, const char *what, const char *s, long min,
                  long max, long *out);

/* ---- output.c ---- */

/* Types of a value (for JSON). */
typedef enum cli_type {
  CLI_TEXT = 0, /* a string */
  CLI_INT = 1,  /* a number, printed bare in JSON */
  CLI_NUM = 2   /* a decimal number ("40.30"), printed bare in JSON */
} cli_type;

/* A column of a list. */
typedef struct cli_col {
  const char *key;   /* JSON key and CSV header */
  const char *label; /* table header */
  cli_type type;     /* how JSON prints it */
} cli_col;

/* A field of a record (one object). */
typedef struct cli_field {
  const char *key;   /* JSON key and CSV header */
  const char *label; /* table label */
  const char *value; /* the value, or NULL */
  cli_type type;     /* how JSON prints it */
} cli_field;

/* A list being written. */
typedef struct cli_list cli_list;

/*
** Start a list of rows with the given columns (borrowed, must outlive
** the list).  indent is the JSON nesting depth (0 at top level).
** Allocates; returns NULL when memory runs out.  End with cli_list_end().
*/
cli_list *cli_list_begin(FILE *fp, cli_format fmt, const cli_col *cols,
                         size_t ncols, int indent);

/*
** Add a row: ncols values (NULL allowed), copied when the table format
** needs to buffer them.  Returns 0, or -1 when memory runs out.
*/
int cli_list_row(cli_list *l, const char *const *cells);

/* Write what is buffered, close the list and free it.  NULL-safe. */
void cli_list_end(cli_list *l);

/*
** Free a list after a failure without finishing it: buffered table rows
** are dropped (what a streamed format wrote stays written).  NULL-safe.
*/
void cli_list_abort(cli_list *l);

/* Rows added so far. */
size_t cli_list_count(const cli_list *l);

/*
** Print one record.  With open != 0 a JSON object is left open so that
** cli_record_nested() can add a list to it; close it with
** cli_record_close().
*/
void cli_record(FILE *fp, cli_format fmt, const cli_field *f, size_t n,
                int open);

/*
** Start a nested list named key/label inside an open record; the list
** itself then follows with cli_list_begin(..., indent 1).
*/
void cli_record_nested(FILE *fp, cli_format fmt, const char *key,
                       const char *label);

/* Close a record left open by cli_record(). */
void cli_record_close(FILE *fp, cli_format fmt);

/*
** Print a single result (a new code, a member number): the bare value
** in the table format, else a one-field record named key.
*/
void cli_value(FILE *fp, cli_format fmt, const char *key, const char *value,
               cli_type type);

/* Display width of UTF-8 text: code points, combining marks count 0. */
size_t cli_utf8_width(const char *s);

/*
** Mask personal data: keep the last 4 characters and replace the rest
** with '*'.  Writes into buf (size n) and returns buf; NULL gives NULL.
*/
const char *cli_mask(const char *s, char *buf, size_t n);

/* ---- cmd_classify.c ---- */

/*
** Read an amount option (--income, --score-a): digits only, no sign or
** blanks, at most 18 digits.  Sets *given to whether it was given and
** *out to its value.  Returns CLI_CONTINUE, or CLI_EXIT_USAGE after
** printing the problem.
*/
int cli_get_amount(const cli_ctx *ctx, const cli_args *a, const char *name,
                   int64_t *out, int *given);

/* ---- cmd_report.c ---- */

/* What a report covers and how it is written.  Borrowed strings. */
typedef struct cli_report_opts {
  int year;              /* status year; 0: targets of every year */
  const char *unit;      /* unit code, or NULL: every commune */
  const char *as_of;     /* grouping date, or NULL: Y-01-01 */
  const char *class_key; /* "poor", "near_poor", or NULL */
  long above_bp;         /* summary: flag rates above this (basis points);
                            0: no flag */
  int compare;           /* mpi: the year to compare with, or 0 */
  int through;           /* plan: the changes of year+1 .. through */
  int vi;                /* 1: Vietnamese labels and numbers */
} cli_report_opts;

/*
** Write report `kind` ("summary", "deprivation", "transitions",
** "targets", "mpi", "all"; "target-list": the targets as set; "plan":
** the demo's tables: summary, deprivation, the unit's changes of each
** year year+1..through, targets) in
** format fmt (CLI_FMT_TABLE is the text format; CLI_FMT_HTML a whole
** page) to path, or to stdout when path is NULL.  The report is built in
** memory first: a failure writes nothing, and path is replaced only by a
** complete report.  Prints any error; returns the exit status.
*/
int cli_report(cli_ctx *ctx, const char *kind, const cli_report_opts *o,
               cli_format fmt, const char *path);

/*
** Read the report options (--year, --unit, --as-of, --class, --above,
** --compare, --locale) of a parsed command line into *o.  Returns
** CLI_CONTINUE, or CLI_EXIT_USAGE after printing the problem.
*/
int cli_report_opts_parse(const cli_ctx *ctx, const cli_args *a,
                          cli_report_opts *o);

#endif /* POVREG_CLI_H */
