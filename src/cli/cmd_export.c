/*
** cmd_export.c: "povreg export bhyt|posting|poor|near-poor|escaped|ledger":
** the health-insurance list, the posting list, the recognised lists of a
** year and the ledger in the import formats, as CSV.
**
** A file named by -o/--output is written atomically: into a temporary
** file of mode 0600 in the same directory, flushed to disk, then renamed
** over FILE; on any failure the temporary file is removed and an existing
** FILE is left as it was.  Without -o the list goes to standard output.
**
** The counts (rows per group or class, checksums) go to stdout when the
** list goes to a file, else to stderr, in the --format chosen.
*/
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "cli.h"

/* Print "out of memory" and return the failure status. */
static int oom_fail(void)
{
  cli_error("out of memory");
  return CLI_EXIT_FAIL;
}

/* ---- files written atomically ---- */

/* A file being written: a temporary file renamed to path at the end. */
typedef struct out_file {
  const char *path; /* final name (borrowed), NULL: standard output */
  char *tmp;        /* the temporary file's name (allocated), or NULL */
  FILE *fp;         /* where to write */
} out_file;

/* Nonzero if name means standard output (absent or "-"). */
static int is_stdout(const char *name)
{
  return name == NULL || strcmp(name, "-") == 0;
}

/*
** Start writing o->path (standard output when is_stdout(path)): create
** "PATH.tmpXXXXXX", mode 0600, next to it.  On failure print "PATH:
** problem" and return CLI_EXIT_FAIL; else CLI_EXIT_OK.  Allocates the
** temporary name; release with out_abort() or out_finish().
*/
static int out_open(out_file *o, const char *path)
{
  static const char suffix[] = ".tmpXXXXXX";
  struct stat st;
  size_t len;
  int fd;

  memset(o, 0, sizeof *o);
  if (is_stdout(path)) {
    o->fp = stdout;
    return CLI_EXIT_OK;
  }
  o->path = path;
  /* caught now, not when renaming after the export was audited */
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
    cli_error("%s: %s", path, strerror(EISDIR));
    return CLI_EXIT_FAIL;
  }
  len = strlen(path);
  if ((o->tmp = malloc(len + sizeof suffix)) == NULL) {
    return oom_fail();
  }
  memcpy(o->tmp, path, len);
  memcpy(o->tmp + len, suffix, sizeof suffix);
  /* mkstemp creates the file with mode 0600 whatever the umask */
  if ((fd = mkstemp(o->tmp)) < 0) {
    cli_error("%s: cannot create: %s", path, strerror(errno));
    free(o->tmp);
    o->tmp = NULL;
    return CLI_EXIT_FAIL;
  }
  if ((o->fp = fdopen(fd, "wb")) == NULL) {
    cli_error("%s: cannot create: %s", path, strerror(errno));
    close(fd);
    unlink(o->tmp);
    free(o->tmp);
    o->tmp = NULL;
    return CLI_EXIT_FAIL;
  }
  return CLI_EXIT_OK;
}

/* Give up a file: close and remove the temporary file.  NULL-safe. */
static void out_abort(out_file *o)
{
  if (o->fp != NULL && o->fp != stdout) {
    fclose(o->fp);
  }
  if (o->tmp != NULL) {
    unlink(o->tmp);
    free(o->tmp);
  }
  memset(o, 0, sizeof *o);
}

/*
** Flush a file to disk and close it (the temporary file stays until
** out_rename()).  Standard output is only flushed.  On failure print
** "PATH: write error: ..." and return CLI_EXIT_FAIL.
*/
static int out_close(out_file *o)
{
  int bad;

  if (o->fp == stdout) {
    o->fp = NULL;
    return CLI_EXIT_OK; /* main() checks stdout once everything is out */
  }
  bad = fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0;
  if (bad) {
    cli_error("%s: write error: %s", o->path, strerror(errno));
  }
  if (fclose(o->fp) != 0 && !bad) {
    cli_error("%s: write error: %s", o->path, strerror(errno));
    bad = 1;
  }
  o->fp = NULL;
  return bad ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

/* Flush the directory holding path, so a rename in it is durable. */
static void sync_dir(const char *path)
{
  const char *slash = strrchr(path, '/');
  char *dir;
  size_t len;
  int fd;

  if (slash == NULL) {
    dir = malloc(2);
    if (dir != NULL) {
      memcpy(dir, ".", 2);
    }
  } else {
    len = slash == path ? 1 : (size_t)(slash - path);
    if ((dir = malloc(len + 1)) != NULL) {
      memcpy(dir, path, len);
      dir[len] = '\0';
    }
  }
  if (dir == NULL) {
    return; /* durability is best effort here */
  }
  if ((fd = open(dir, O_RDONLY)) >= 0) {
    fsync(fd);
    close(fd);
  }
  free(dir);
}

/*
** Move a closed temporary file to its final name.  On failure print
** "PATH: problem", remove the temporary file and return CLI_EXIT_FAIL.
*/
static int out_rename(out_file *o)
{
  int status = CLI_EXIT_OK;

  if (o->tmp == NULL) {
    return CLI_EXIT_OK;
  }
  if (rename(o->tmp, o->path) != 0) {
    cli_error("%s: cannot write: %s", o->path, strerror(errno));
    unlink(o->tmp);
    status = CLI_EXIT_FAIL;
  } else {
    sync_dir(o->path);
  }
  free(o->tmp);
  o->tmp = NULL;
  return status;
}

/*
** Finish n files together: close them all, then rename them all; if
** any close fails, every temporary file is removed and nothing is
** renamed.  Returns CLI_EXIT_OK or CLI_EXIT_FAIL (printed).
*/
static int out_finish(out_file *o, size_t n)
{
  int status = CLI_EXIT_OK;
  size_t k;

  for (k = 0; k < n; k++) {
    if (out_close(&o[k]) != CLI_EXIT_OK) {
      status = CLI_EXIT_FAIL;
    }
  }
  for (k = 0; k < n; k++) {
    if (status != CLI_EXIT_OK) {
      out_abort(&o[k]);
    } else if (out_rename(&o[k]) != CLI_EXIT_OK) {
      status = CLI_EXIT_FAIL;
    }
  }
  return status;
}

/* ---- the counts ---- */

/*
** Where the counts go: stderr when the list or the fix list (fix, NULL
** if none) is on stdout, else stdout.
*/
static FILE *counts_stream(const char *output, const char *fix)
{
  return is_stdout(output) || (fix != NULL && strcmp(fix, "-") == 0) ? stderr
                                                                     : stdout;
}

/* Name of an output for the counts: the path, or "-" for stdout. */
static const char *shown_name(const char *path)
{
  return is_stdout(path) ? "-" : path;
}

/* Numbers of an export as text, for its record. */
typedef struct report_text {
  char year[16], month[16], rows[24], fix_rows[24];
} report_text;

/*
** Print the counts of a list export (posting, poor, near-poor, escaped):
** the export's record, then its rows per class.
*/
static int print_list_counts(const cli_ctx *ctx, FILE *fp, const char *kind,
                             const cli_args *a, const char *output,
                             const povreg_export_report *r)
{
  static const cli_col cols[] = {
      {"class", "CLASS", CLI_TEXT},
      {"rows", "ROWS", CLI_INT},
  };
  report_text t;
  cli_field f[8];
  cli_list *list;
  size_t n = 0, k;

  snprintf(t.year, sizeof t.year, "%ld", cli_get_long(a, "year", 0));
  snprintf(t.month, sizeof t.month, "%ld", cli_get_long(a, "month", 0));
  snprintf(t.rows, sizeof t.rows, "%ld", r->rows);
  f[n++] = (cli_field){"kind", "list", kind, CLI_TEXT};
  f[n++] = (cli_field){"year", "year", t.year, CLI_INT};
  if (cli_has(a, "month")) {
    f[n++] = (cli_field){"month", "month", t.month, CLI_INT};
  }
  f[n++] = (cli_field){"commune", "commune", cli_get(a, "commune"), CLI_TEXT};
  f[n++] = (cli_field){"file", "file", shown_name(output), CLI_TEXT};
  f[n++] = (cli_field){"rows", "rows", t.rows, CLI_INT};
  f[n++] = (cli_field){"sha256", "sha256", r->sha256, CLI_TEXT};
  cli_record(fp, ctx->format, f, n, 1);
  cli_record_nested(fp, ctx->format, "classes", "Rows per class");
  if ((list = cli_list_begin(fp, ctx->format, cols, 2, 1)) == NULL) {
    return oom_fail();
  }
  for (k = 0; k < r->n_counts && k < sizeof r->counts / sizeof r->counts[0];
       k++) {
    char rows[24];
    const char *cells[2];

    snprintf(rows, sizeof rows, "%ld", r->counts[k].rows);
    cells[0] = r->counts[k].key;
    cells[1] = rows;
    if (cli_list_row(list, cells) != 0) {
      cli_list_abort(list);
      return oom_fail();
    }
  }
  cli_list_end(list);
  cli_record_close(fp, ctx->format);
  return CLI_EXIT_OK;
}

/* Nonzero if a group's counts reconcile: eligible = listed + fix + better. */
static int group_reconciles(const povreg_export_count *c)
{
  return c->eligible == c->rows + c->fix + c->better;
}

/* Cells of a counts row: up to 5 numbers as text. */
typedef struct count_cells {
  char num[5][24];
  const char *cells[6];
} count_cells;

/* Set cell k of a counts row to the number v. */
static void set_num(count_cells *cc, size_t k, long v)
{
  snprintf(cc->num[k - 1], sizeof cc->num[k - 1], "%ld", v);
  cc->cells[k] = cc->num[k - 1];
}

/*
** Add the entitlement rows of the BHYT counts (one per group, then the
** totals) to list; *ok says whether every group reconciles.  Returns 0,
** or -1 when memory ran out.
*/
static int bhyt_on_rows(cli_list *list, const povreg_export_report *r,
                        size_t n_counts, int *ok)
{
  povreg_export_count total;
  count_cells cc;
  size_t k;

  memset(&total, 0, sizeof total);
  *ok = 1;
  for (k = 0; k <= n_counts; k++) {
    const povreg_export_count *c = k < n_counts ? &r->counts[k] : &total;

    if (k < n_counts) {
      *ok = *ok && group_reconciles(c);
      total.rows += c->rows;
      total.fix += c->fix;
      total.eligible += c->eligible;
      total.better += c->better;
    }
    cc.cells[0] = k < n_counts ? c->key : "total";
    set_num(&cc, 1, c->rows);
    set_num(&cc, 2, c->fix);
    set_num(&cc, 3, c->eligible);
    set_num(&cc, 4, c->better);
    cc.cells[5] = group_reconciles(c) ? "ok" : "MISMATCH";
    if (cli_list_row(list, cc.cells) != 0) {
      return -1;
    }
  }
  return 0;
}

/*
** Add the change rows of the BHYT counts to list: one per group (keys
** "TE+" and "TE-": increases, decreases and their fix-list rows), then
** the totals (keys "increase" and "decrease").  Returns 0, or -1 when
** memory ran out.
*/
static int bhyt_changes_rows(cli_list *list, const povreg_export_report *r,
                             size_t n_counts)
{
  povreg_export_count inc, dec;
  count_cells cc;
  size_t k, j;

  memset(&inc, 0, sizeof inc);
  memset(&dec, 0, sizeof dec);
  for (k = 0; k < n_counts; k++) {
    const povreg_export_count *c = &r->counts[k];
    size_t len = strlen(c->key);

    if (strcmp(c->key, "increase") == 0) {
      inc = *c;
    } else if (strcmp(c->key, "decrease") == 0) {
      dec = *c;
    }
    if (len < 2 || c->key[len - 1] != '+') {
      continue;
    }
    /* a group: its "+" entry, and the "-" entry with the same code */
    memset(&cc, 0, sizeof cc);
    set_num(&cc, 1, c->rows);
    set_num(&cc, 2, 0);
    set_num(&cc, 3, c->fix);
    for (j = 0; j < n_counts; j++) {
      const povreg_export_count *d = &r->counts[j];

      if (strlen(d->key) == len && strncmp(d->key, c->key, len - 1) == 0 &&
          d->key[len - 1] == '-') {
        set_num(&cc, 2, d->rows);
        set_num(&cc, 3, c->fix + d->fix);
      }
    }
    snprintf(cc.num[4], sizeof cc.num[4], "%.*s", (int)(len - 1), c->key);
    cc.cells[0] = cc.num[4];
    if (cli_list_row(list, cc.cells) != 0) {
      return -1;
    }
  }
  set_num(&cc, 1, inc.rows);
  set_num(&cc, 2, dec.rows);
  set_num(&cc, 3, inc.fix + dec.fix);
  cc.cells[0] = "total";
  return cli_list_row(list, cc.cells);
}

/*
** Print the counts of the BHYT export: its record (files, rows,
** checksums and, for the list of a date, whether every group
** reconciles), then one row per group and the totals: listed, fix list,
** eligible, in a better group (the list of a date) or increases,
** decreases, fix list (--changes-since).
*/
static int print_bhyt_counts(const cli_ctx *ctx, FILE *fp,
                             const povreg_export_spec *spec, const char *output,
                             const char *fix, const povreg_export_report *r)
{
  static const cli_col on_cols[] = {
      {"group", "GROUP", CLI_TEXT},
      {"listed", "LISTED", CLI_INT},
      {"fix", "FIX LIST", CLI_INT},
      {"eligible", "ELIGIBLE", CLI_INT},
      {"better", "IN A BETTER GROUP", CLI_INT},
      {"check", "CHECK", CLI_TEXT},
  };
  static const cli_col changes_cols[] = {
      {"group", "GROUP", CLI_TEXT},
      {"increases", "INCREASES", CLI_INT},
      {"decreases", "DECREASES", CLI_INT},
      {"fix", "FIX LIST", CLI_INT},
  };
  int changes = spec->changes_since != NULL, ok = 1, bad;
  report_text t;
  cli_field f[12];
  cli_list *list;
  size_t n = 0, n_counts = r->n_counts;

  if (n_counts > sizeof r->counts / sizeof r->counts[0]) {
    n_counts = sizeof r->counts / sizeof r->counts[0];
  }
  if (!changes) {
    size_t k;

    for (k = 0; k < n_counts; k++) {
      ok = ok && group_reconciles(&r->counts[k]);
    }
  }
  snprintf(t.rows, sizeof t.rows, "%ld", r->rows);
  snprintf(t.fix_rows, sizeof t.fix_rows, "%ld", r->fix_rows);
  f[n++] = (cli_field){"kind", "list", "bhyt", CLI_TEXT};
  f[n++] = (cli_field){"date", "date", spec->date, CLI_TEXT};
  if (changes) {
    f[n++] = (cli_field){"changes_since", "changes since", spec->changes_since,
                         CLI_TEXT};
  }
  f[n++] = (cli_field){"commune", "commune", spec->commune_code, CLI_TEXT};
  f[n++] = (cli_field){"file", "file", shown_name(output), CLI_TEXT};
  f[n++] = (cli_field){"rows", "rows", t.rows, CLI_INT};
  f[n++] = (cli_field){"sha256", "sha256", r->sha256, CLI_TEXT};
  f[n++] = (cli_field){"fix_list", "fix list", shown_name(fix), CLI_TEXT};
  f[n++] = (cli_field){"fix_rows", "fix list rows", t.fix_rows, CLI_INT};
  f[n++] = (cli_field){"fix_sha256", "fix list sha256",
                       r->fix_sha256[0] ? r->fix_sha256 : NULL, CLI_TEXT};
  if (!changes) {
    f[n++] =
        (cli_field){"reconciles", "reconciles", ok ? "yes" : "no", CLI_TEXT};
  }
  cli_record(fp, ctx->format, f, n, 1);
  cli_record_nested(fp, ctx->format, "groups",
                    changes ? "Changes per group" : "Rows per group");
  list = changes ? cli_list_begin(fp, ctx->format, changes_cols, 4, 1)
                 : cli_list_begin(fp, ctx->format, on_cols, 6, 1);
  if (list == NULL) {
    return oom_fail();
  }
  bad = changes ? bhyt_changes_rows(list, r, n_counts)
                : bhyt_on_rows(list, r, n_counts, &ok);
  if (bad != 0) {
    cli_list_abort(list);
    return oom_fail();
  }
  cli_list_end(list);
  cli_record_close(fp, ctx->format);
  return CLI_EXIT_OK;
}

/* ---- export bhyt ---- */

/*
** The fix list's name: --fix-list, else OUTPUT.fix.csv when the list
** goes to a file.  Writes into buf (allocated, or NULL) what the caller
** frees.  Returns NULL when neither applies.
*/
static const char *fix_list_name(const cli_args *a, const char *output,
                                 char **buf)
{
  const char *fix = cli_get(a, "fix-list");
  size_t len;

  *buf = NULL;
  if (fix != NULL || is_stdout(output)) {
    return fix;
  }
  len = strlen(output);
  if ((*buf = malloc(len + sizeof ".fix.csv")) == NULL) {
    return NULL;
  }
  memcpy(*buf, output, len);
  memcpy(*buf + len, ".fix.csv", sizeof ".fix.csv");
  return *buf;
}

/* export bhyt [--date D] [--changes-since D] [--commune C] [-o F] ... */
static int cmd_export_bhyt(cli_ctx *ctx, const cli_args *a)
{
  povreg_export_spec spec;
  povreg_export_report r;
  out_file files[2];
  const char *output = cli_get(a, "output"), *fix;
  char today[11], *fix_buf = NULL;
  int rc, status;

  memset(files, 0, sizeof files);
  fix = fix_list_name(a, output, &fix_buf);
  if (fix == NULL && !is_stdout(output)) {
    return oom_fail();
  }
  if (fix == NULL) {
    return cli_usage_error(ctx, "--fix-list FILE is required when the list "
                                "goes to standard output");
  }
  if (is_stdout(output) && is_stdout(fix)) {
    free(fix_buf);
    return cli_usage_error(ctx, "the list and the fix list cannot both go "
                                "to standard output");
  }
  if (!is_stdout(output) && strcmp(output, fix) == 0) {
    free(fix_buf);
    return cli_usage_error(ctx, "the list and the fix list must be two "
                                "files");
  }
  if ((status = cli_open_flags(ctx, 0)) != CLI_EXIT_OK) {
    free(fix_buf);
    return status;
  }
  memset(&spec, 0, sizeof spec);
  memset(&r, 0, sizeof r);
  spec.kind = "bhyt";
  spec.date = cli_get(a, "date");
  if (spec.date == NULL) {
    cli_today(ctx, today);
    spec.date = today;
  }
  spec.changes_since = cli_get(a, "changes-since");
  spec.commune_code = cli_get(a, "commune");
  spec.bom = cli_has(a, "bom");
  spec.redact = ctx->redact; /* the global --redact */
  if ((status = out_open(&files[0], output)) != CLI_EXIT_OK ||
      (status = out_open(&files[1], fix)) != CLI_EXIT_OK) {
    goto done;
  }
  rc = povreg_export(&r, ctx->db, &spec, files[0].fp, files[1].fp);
  if (rc != POVREG_OK) {
    status = cli_fail(ctx, rc);
    goto done;
  }
  if ((status = out_finish(files, 2)) != CLI_EXIT_OK) {
    goto done;
  }
  status = print_bhyt_counts(ctx, counts_stream(output, fix), &spec, output,
                             fix, &r);
done:
  out_abort(&files[0]);
  out_abort(&files[1]);
  free(fix_buf);
  return status;
}

/* ---- the lists: posting, poor, near-poor, escaped ---- */

/*
** Export one list kind (library name lib_kind, shown as name) to -o or
** stdout and print its counts.
*/
static int run_list(cli_ctx *ctx, const cli_args *a, const char *lib_kind,
                    const char *name)
{
  povreg_export_spec spec;
  povreg_export_report r;
  out_file file;
  const char *output = cli_get(a, "output");
  int rc, status;

  memset(&file, 0, sizeof file);
  if ((status = cli_open_flags(ctx, 0)) != CLI_EXIT_OK) {
    return status;
  }
  memset(&spec, 0, sizeof spec);
  memset(&r, 0, sizeof r);
  spec.kind = lib_kind;
  spec.year = (int)cli_get_long(a, "year", 0);
  spec.month = (int)cli_get_long(a, "month", 0);
  spec.commune_code = cli_get(a, "commune");
  spec.bom = cli_has(a, "bom");
  spec.redact = ctx->redact; /* accepted; these lists hold no personal data */
  if ((status = out_open(&file, output)) != CLI_EXIT_OK) {
    goto done;
  }
  rc = povreg_export(&r, ctx->db, &spec, file.fp, NULL);
  if (rc != POVREG_OK) {
    status = cli_fail(ctx, rc);
    goto done;
  }
  if ((status = out_finish(&file, 1)) != CLI_EXIT_OK) {
    goto done;
  }
  status =
      print_list_counts(ctx, counts_stream(output, NULL), name, a, output, &r);
done:
  out_abort(&file);
  return status;
}

/* export posting --year Y [--month M] [--commune C] [-o F] [--bom] */
static int cmd_export_posting(cli_ctx *ctx, const cli_args *a)
{
  return run_list(ctx, a, "posting", "posting");
}

/* export poor --year STATUS_YEAR [--commune C] [-o F] ... */
static int cmd_export_poor(cli_ctx *ctx, const cli_args *a)
{
  return run_list(ctx, a, "poor", "poor");
}

/* export near-poor --year STATUS_YEAR [--commune C] [-o F] ... */
static int cmd_export_near_poor(cli_ctx *ctx, const cli_args *a)
{
  return run_list(ctx, a, "near_poor", "near-poor");
}

/* export escaped --year STATUS_YEAR [--commune C] [-o F] ... */
static int cmd_export_escaped(cli_ctx *ctx, const cli_args *a)
{
  return run_list(ctx, a, "escaped", "escaped");
}

/* ---- export ledger ---- */

/* The files of a ledger export, in the order they are imported. */
static const char *const ledger_kinds[3] = {"households", "members", "survey"};

/*
** Create directory dir and its missing parents, mode 0700 (it holds
** personal data).  Returns 0, or -1 with errno set.
*/
static int make_dirs(const char *dir)
{
  char *path;
  size_t len = strlen(dir), k;
  int rc = 0;

  if ((path = malloc(len + 1)) == NULL) {
    return -1;
  }
  memcpy(path, dir, len + 1);
  for (k = 1; k <= len && rc == 0; k++) {
    if (path[k] == '/' || path[k] == '\0') {
      char c = path[k];

      path[k] = '\0';
      if (mkdir(path, 0700) != 0 && errno != EEXIST) {
        rc = -1;
      }
      path[k] = c;
    }
  }
  free(path);
  return rc;
}

/*
** export ledger -o DIR [--year Y] [--commune C] [--bom]: DIR/households.csv,
** DIR/members.csv and DIR/survey.csv, all written or none.
*/
static int cmd_export_ledger(cli_ctx *ctx, const cli_args *a)
{
  static const cli_col cols[] = {
      {"file", "FILE", CLI_TEXT},
      {"rows", "ROWS", CLI_INT},
      {"sha256", "SHA256", CLI_TEXT},
  };
  povreg_export_spec spec;
  povreg_export_report r[3];
  out_file files[3];
  const char *dir = cli_get(a, "output");
  char *path[3] = {NULL, NULL, NULL};
  cli_list *list = NULL;
  size_t k;
  int rc, status;

  memset(files, 0, sizeof files);
  memset(r, 0, sizeof r);
  if (strcmp(dir, "-") == 0 || dir[0] == '\0') {
    return cli_usage_error(ctx, "-o DIR: the ledger is three files; name a "
                                "directory");
  }
  if ((status = cli_open_flags(ctx, 0)) != CLI_EXIT_OK) {
    return status;
  }
  if (make_dirs(dir) != 0) {
    cli_error("%s: cannot create: %s", dir, strerror(errno));
    return CLI_EXIT_FAIL;
  }
  memset(&spec, 0, sizeof spec);
  spec.year = (int)cli_get_long(a, "year", 0);
  spec.commune_code = cli_get(a, "commune");
  spec.bom = cli_has(a, "bom");
  spec.redact = ctx->redact; /* a copy to look at, no longer to restore */
  for (k = 0; k < 3; k++) {
    size_t len = strlen(dir) + strlen(ledger_kinds[k]) + 6;

    if ((path[k] = malloc(len)) == NULL) {
      status = oom_fail();
      goto done;
    }
    snprintf(path[k], len, "%s/%s.csv", dir, ledger_kinds[k]);
    if ((status = out_open(&files[k], path[k])) != CLI_EXIT_OK) {
      goto done;
    }
    spec.kind = ledger_kinds[k];
    rc = povreg_export(&r[k], ctx->db, &spec, files[k].fp, NULL);
    if (rc != POVREG_OK) {
      status = cli_fail(ctx, rc);
      goto done;
    }
  }
  if ((status = out_finish(files, 3)) != CLI_EXIT_OK) {
    goto done;
  }
  if ((list = cli_list_begin(stdout, ctx->format, cols, 3, 0)) == NULL) {
    status = oom_fail();
    goto done;
  }
  for (k = 0; k < 3; k++) {
    char rows[24];
    const char *cells[3];

    snprintf(rows, sizeof rows, "%ld", r[k].rows);
    cells[0] = path[k];
    cells[1] = rows;
    cells[2] = r[k].sha256;
    if (cli_list_row(list, cells) != 0) {
      cli_list_abort(list);
      status = oom_fail();
      goto done;
    }
  }
  cli_list_end(list);
done:
  for (k = 0; k < 3; k++) {
    out_abort(&files[k]);
    free(path[k]);
  }
  return status;
}

/* ---- option tables and help ---- */

/* Help shared by the exports. */
#define EXPORT_OUTPUT_HELP                                                     \
  "  -o, --output FILE the file to write (default: standard output);\n"        \
  "                    written to a temporary file (mode 0600) that\n"         \
  "                    replaces FILE only when the export succeeded\n"         \
  "  --bom             start with a UTF-8 byte-order mark, so that\n"          \
  "                    Excel opens the file as UTF-8\n"

#define EXPORT_NO_PD_HELP                                                      \
  "The list holds no citizen ID, BHXH number or birth date (the global\n"      \
  "--redact is accepted and changes nothing).\n"

#define EXPORT_COUNTS_HELP                                                     \
  "The counts are printed on stdout when the list goes to a file, on\n"        \
  "stderr when it goes to standard output.  The export is audited with\n"      \
  "its kind, filters, rows and SHA-256.\n"

/* clang-format off */
static const cli_optspec export_bhyt_opts[] = {
    {"date", CLI_OPT_VALUE, 0, 0},
    {"changes-since", CLI_OPT_VALUE, 0, 0},
    {"commune", CLI_OPT_VALUE, 0, 0},
    {"output", CLI_OPT_VALUE, 0, 0},
    {"fix-list", CLI_OPT_VALUE, 0, 0},
    {"bom", CLI_OPT_FLAG, 0, 0},
    {NULL, 0, 0, 0},
};
/* clang-format on */

static const char export_bhyt_usage[] =
    "Usage: povreg export bhyt [--date D] [--changes-since D]\n"
    "         [--commune CODE] [-o FILE] [--fix-list FILE] [--bom]\n"
    "         [--redact]\n"
    "\n"
    "The health-insurance (BHYT) list: one row per person whose card the\n"
    "State pays or supports on D, through the registry (children under\n"
    "6 TE, poor households HN, ethnic minorities in difficult areas DT,\n"
    "especially difficult communes DK, island communes XD, near-poor\n"
    "households CN), in the most favourable group only; columns after\n"
    "form D03-TS.  A person missing a mandatory field (name, sex, birth\n"
    "date, and a BHXH number or citizen ID) goes to the fix list instead,\n"
    "with what is missing.  Then the counts per group: listed, fix list,\n"
    "eligible, listed in a better group; they reconcile when eligible =\n"
    "listed + fix list + better for every group.\n"
    "\n"
    "  --date D          entitled on D (default: today)\n"
    "  --changes-since D only the increases and decreases between D and\n"
    "                    --date (the quarterly revision)\n"
    "  --commune CODE    one commune (default: all)\n" EXPORT_OUTPUT_HELP
    "  --fix-list FILE   where the fix list goes (default: FILE.fix.csv;\n"
    "                    required when the list goes to standard output)\n"
    "  --redact          mask citizen IDs, BHXH numbers and birth dates\n"
    "                    (all but the year), e.g. for a test or a report\n"
    "\n" EXPORT_COUNTS_HELP "\n"
    "Example:\n"
    "  povreg export bhyt --date 2026-01-01 --commune 23536 -o bhyt.csv\n";

static const cli_optspec export_posting_opts[] = {
    {"year", CLI_OPT_VALUE | CLI_OPT_INT | CLI_OPT_REQUIRED, 1, INT_MAX},
    {"commune", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"month", CLI_OPT_VALUE | CLI_OPT_INT, 1, 12},
    {"output", CLI_OPT_VALUE, 0, 0},
    {"bom", CLI_OPT_FLAG, 0, 0},
    {NULL, 0, 0, 0},
};

static const char export_posting_usage[] =
    "Usage: povreg export posting --year Y --commune CODE [--month M]\n"
    "         [-o FILE] [--bom]\n"
    "\n"
    "The list posted at the village and the commune office for public\n"
    "review: each household of the review with its head, village and\n"
    "proposed class.  It never holds citizen IDs, birth dates or\n"
    "insurance numbers.  Then the rows per proposed class.\n"
    "\n"
    "  --year Y          the year the review is held\n"
    "  --commune CODE    the commune reviewed\n"
    "  --month M         the ad-hoc review of month M (default: the\n"
    "                    periodic review)\n" EXPORT_OUTPUT_HELP
    "\n" EXPORT_COUNTS_HELP EXPORT_NO_PD_HELP "\n"
    "Example:\n"
    "  povreg export posting --year 2025 --commune 23536 -o posting.csv\n";

static const cli_optspec export_list_opts[] = {
    {"year", CLI_OPT_VALUE | CLI_OPT_INT | CLI_OPT_REQUIRED, 1, INT_MAX},
    {"commune", CLI_OPT_VALUE, 0, 0},
    {"output", CLI_OPT_VALUE, 0, 0},
    {"bom", CLI_OPT_FLAG, 0, 0},
    {NULL, 0, 0, 0},
};

/* Help shared by the recognised lists. */
#define EXPORT_LIST_HELP                                                       \
  "  --year STATUS_YEAR  the year the statuses hold for (NOT the year the\n"   \
  "                    review was held: the review held in 2025 sets the\n"    \
  "                    2026 lists)\n"                                          \
  "  --commune CODE    one commune (default: all)\n" EXPORT_OUTPUT_HELP        \
  "\n" EXPORT_COUNTS_HELP EXPORT_NO_PD_HELP

static const char export_poor_usage[] =
    "Usage: povreg export poor --year STATUS_YEAR [--commune CODE]\n"
    "         [-o FILE] [--bom]\n"
    "\n"
    "The recognised list of poor households of a status year, as approved\n"
    "(and amended).  Then the rows per class.\n"
    "\n" EXPORT_LIST_HELP "\n"
    "Example:\n"
    "  povreg export poor --year 2026 --commune 23536 -o poor-2026.csv\n";

static const char export_near_poor_usage[] =
    "Usage: povreg export near-poor --year STATUS_YEAR [--commune CODE]\n"
    "         [-o FILE] [--bom]\n"
    "\n"
    "The recognised list of near-poor households of a status year, as\n"
    "approved (and amended).  Then the rows per class.\n"
    "\n" EXPORT_LIST_HELP "\n"
    "Example:\n"
    "  povreg export near-poor --year 2026 -o near-poor-2026.csv\n";

static const char export_escaped_usage[] =
    "Usage: povreg export escaped --year STATUS_YEAR [--commune CODE]\n"
    "         [-o FILE] [--bom]\n"
    "\n"
    "The households that left poverty or near-poverty for a better class\n"
    "in a status year, with what changed between their two surveys.\n"
    "Then the rows per class.\n"
    "\n" EXPORT_LIST_HELP "\n"
    "Example:\n"
    "  povreg export escaped --year 2026 --commune 23536 -o escaped.csv\n";

static const cli_optspec export_ledger_opts[] = {
    {"output", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"year", CLI_OPT_VALUE | CLI_OPT_INT, 1, INT_MAX},
    {"commune", CLI_OPT_VALUE, 0, 0},
    {"bom", CLI_OPT_FLAG, 0, 0},
    {NULL, 0, 0, 0},
};

static const char export_ledger_usage[] =
    "Usage: povreg export ledger -o DIR [--year Y] [--commune CODE] [--bom]\n"
    "         [--redact]\n"
    "\n"
    "The ledger in the import formats: DIR/households.csv,\n"
    "DIR/members.csv and DIR/survey.csv (DIR is created if missing).\n"
    "Exporting, importing the three files into an empty ledger (in that\n"
    "order, households with --new-villages) and exporting again gives the\n"
    "same files.  The three files are written together: if one fails,\n"
    "none is replaced.  Prints each file with its rows and SHA-256.\n"
    "\n"
    "  -o, --output DIR  the directory (required)\n"
    "  --year Y          surveys of review year Y only (default: all)\n"
    "  --commune CODE    one commune (default: all)\n"
    "  --bom             start each file with a UTF-8 byte-order mark\n"
    "  --redact          mask citizen IDs, BHXH numbers and birth dates\n"
    "                    (all but the year); such files cannot be\n"
    "                    imported back\n"
    "\n"
    "The files hold personal data in full (citizen IDs, birth dates);\n"
    "they are created readable by their owner only.\n"
    "\n"
    "Example:\n"
    "  povreg export ledger -o backup-2026\n"
    "  povreg --db new.db init\n"
    "  povreg --db new.db import households backup-2026/households.csv "
    "--new-villages\n";

const cli_command cli_export_cmds[] = {
    {"bhyt", cmd_export_bhyt, export_bhyt_opts, 0, 0, 0, CLI_OPEN_SELF,
     "the health-insurance list of a date (D03-TS)", export_bhyt_usage},
    {"posting", cmd_export_posting, export_posting_opts, 0, 0, 0, CLI_OPEN_SELF,
     "a review's list for public posting", export_posting_usage},
    {"poor", cmd_export_poor, export_list_opts, 0, 0, 0, CLI_OPEN_SELF,
     "the recognised poor households of a year", export_poor_usage},
    {"near-poor", cmd_export_near_poor, export_list_opts, 0, 0, 0,
     CLI_OPEN_SELF, "the recognised near-poor households of a year",
     export_near_poor_usage},
    {"escaped", cmd_export_escaped, export_list_opts, 0, 0, 0, CLI_OPEN_SELF,
     "the households that escaped in a year", export_escaped_usage},
    {"ledger", cmd_export_ledger, export_ledger_opts, 0, 0, 0, CLI_OPEN_SELF,
     "the ledger as households, members and survey CSV files",
     export_ledger_usage},
    {NULL, NULL, NULL, 0, 0, 0, CLI_OPEN_EXISTING, NULL, NULL},
};
