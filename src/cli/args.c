/*
** args.c: option parsing for povreg commands.
**
** Long options: "--name value" or "--name=value"; a flag takes no
** value.  The one short option is "-o FILE", for --output (export,
** report).  "--" ends the options.  An argument that starts with '-'
** and a digit is a (negative) number, not an option.  An unknown option, a
** missing value, a repeated single-valued option or a missing required
** option is a usage error; --help anywhere prints the command's help.
*/
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/*
** Split "--name=value" / "--name": store in name_out (size n) the name
** without dashes and return the inline value (after '='), or NULL.
** Returns name_out[0] == '\0' if the name does not fit.
*/
static const char *split_option(const char *arg, char *name_out, size_t n)
{
  const char *start = arg + 2;
  const char *eq = strchr(start, '=');
  size_t len = eq ? (size_t)(eq - start) : strlen(start);

  name_out[0] = '\0';
  if (len + 1 > n) {
    return NULL;
  }
  memcpy(name_out, start, len);
  name_out[len] = '\0';
  return eq ? eq + 1 : NULL;
}

/* Nonzero if arg looks like an option (and not a negative number). */
static int is_option(const char *arg)
{
  if (arg[0] != '-' || arg[1] == '\0') {
    return 0;
  }
  if (arg[1] >= '0' && arg[1] <= '9') {
    return 0;
  }
  return 1;
}

/*
** Handle one global option at argv[*i].  Returns 1 if it was one (and
** advances *i past a separate value), 0 if not, or CLI_EXIT_USAGE.
*/
int cli_global_option(cli_ctx *ctx, int argc, char **argv, int *i)
{
  static const char *const names[] = {"db", "operator", "format", "today",
                                      "redact"};
  char name[32];
  const char *arg = argv[*i];
  const char *value;
  size_t k;

  if (strncmp(arg, "--", 2) != 0) {
    return 0;
  }
  value = split_option(arg, name, sizeof name);
  for (k = 0; k < sizeof names / sizeof names[0]; k++) {
    if (strcmp(name, names[k]) == 0) {
      break;
    }
  }
  if (k == sizeof names / sizeof names[0]) {
    return 0;
  }
  if (k == 4) { /* --redact, a flag */
    if (value != NULL) {
      return cli_usage_error(ctx, "option --redact takes no value");
    }
    ctx->redact = 1;
    return 1;
  }
  if (value == NULL) {
    if (*i + 1 >= argc) {
      return cli_usage_error(ctx, "option --%s needs a value", name);
    }
    *i += 1;
    value = argv[*i];
  }
  if (k == 0) {
    if (value[0] == '\0') {
      return cli_usage_error(ctx, "option --db needs a file name");
    }
    ctx->db_path = value;
    ctx->db_explicit = 1;
  } else if (k == 1) {
    ctx->operator_name = value;
  } else if (k == 2) {
    if (strcmp(value, "table") == 0 || strcmp(value, "text") == 0) {
      ctx->format = CLI_FMT_TABLE;
    } else if (strcmp(value, "csv") == 0) {
      ctx->format = CLI_FMT_CSV;
    } else if (strcmp(value, "json") == 0) {
      ctx->format = CLI_FMT_JSON;
    } else if (strcmp(value, "html") == 0) {
      ctx->format = CLI_FMT_HTML; /* main() admits it for reports only */
    } else {
      return cli_usage_error(ctx,
                             "unknown format '%s' "
                             "(use table, csv or json; html for reports)",
                             value);
    }
  } else {
    ctx->today = value;
  }
  return 1;
}

/* Index of option name in spec, or -1. */
static int find_opt(const cli_optspec *spec, const char *name)
{
  int k;

  for (k = 0; spec && spec[k].name; k++) {
    assert(k < CLI_MAX_OPTS);
    if (strcmp(spec[k].name, name) == 0) {
      return k;
    }
  }
  return -1;
}

/*
** Check a comma-separated list of integers in [min, max] given to
** option name.  Returns CLI_CONTINUE or CLI_EXIT_USAGE.
*/
static int check_int_list(const cli_ctx *ctx, const char *name,
                          const char *list, long min, long max)
{
  char what[48], item[24];
  const char *p = list;
  long v;

  snprintf(what, sizeof what, "--%s", name);
  for (;;) {
    size_t len = strcspn(p, ",");

    if (len == 0 || len >= sizeof item) {
      return cli_usage_error(ctx,
                             "%s: expected numbers separated by "
                             "commas, e.g. 3,4",
                             what);
    }
    memcpy(item, p, len);
    item[len] = '\0';
    if (cli_parse_int(ctx, what, item, min, max, &v) != CLI_CONTINUE) {
      return CLI_EXIT_USAGE;
    }
    if (p[len] == '\0') {
      return CLI_CONTINUE;
    }
    p += len + 1;
  }
}

/*
** Check every integer option and every member-number argument of a
** parsed command line.  Returns CLI_CONTINUE or CLI_EXIT_USAGE.
*/
static int check_numbers(const cli_ctx *ctx, const cli_command *cmd,
                         const cli_args *a)
{
  char what[48];
  long v;
  int i, k;

  for (k = 0; cmd->opts && cmd->opts[k].name; k++) {
    const cli_optspec *o = &cmd->opts[k];

    if (a->count[k] == 0 || !(o->kind & (CLI_OPT_INT | CLI_OPT_INTLIST))) {
      continue;
    }
    for (i = -1; i < a->nmulti; i++) {
      const char *value = i < 0 ? a->val[k] : a->multi[i];

      if (i >= 0 && a->multi_opt[i] != k) {
        continue;
      }
      if (i < 0 && (o->kind & CLI_OPT_MULTI) == CLI_OPT_MULTI) {
        continue; /* every value is in a->multi */
      }
      if (o->kind & CLI_OPT_INTLIST) {
        if (check_int_list(ctx, o->name, value, o->min, o->max) !=
            CLI_CONTINUE) {
          return CLI_EXIT_USAGE;
        }
        continue;
      }
      snprintf(what, sizeof what, "--%s", o->name);
      if (cli_parse_int(ctx, what, value, o->min, o->max, &v) != CLI_CONTINUE) {
        return CLI_EXIT_USAGE;
      }
    }
  }
  for (i = 0; i < a->npos && i < 32; i++) {
    if ((cmd->pos_int & (1u << i)) &&
        cli_parse_int(ctx, "member number", a->pos[i], 1, INT_MAX, &v) !=
            CLI_CONTINUE) {
      return CLI_EXIT_USAGE;
    }
  }
  return CLI_CONTINUE;
}

/*
** Parse a command's arguments into *a (see cli.h).  The arrays in *a are
** allocated here; release them with cli_args_free().
*/
int cli_parse(cli_ctx *ctx, const cli_command *cmd, int argc, char **argv,
              cli_args *a)
{
  char problem[160] = "";
  int help = 0, only_pos = 0, i, k, rc;

  memset(a, 0, sizeof *a);
  a->spec = cmd->opts;
  a->pos = calloc((size_t)argc + 1, sizeof *a->pos);
  a->multi = calloc((size_t)argc + 1, sizeof *a->multi);
  a->multi_opt = calloc((size_t)argc + 1, sizeof *a->multi_opt);
  if (!a->pos || !a->multi || !a->multi_opt) {
    cli_error("out of memory");
    return CLI_EXIT_FAIL;
  }
  for (i = 0; i < argc; i++) {
    const char *arg = argv[i];
    const char *value;
    char name[64];

    if (only_pos || !is_option(arg)) {
      a->pos[a->npos++] = argv[i];
      continue;
    }
    if (strcmp(arg, "--") == 0) {
      only_pos = 1;
      continue;
    }
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
      help = 1;
      continue;
    }
    if (problem[0]) {
      continue; /* keep scanning only for --help */
    }
    if (strcmp(arg, "-o") == 0 && find_opt(cmd->opts, "output") >= 0) {
      arg = "--output"; /* the one short option: -o FILE */
    }
    rc = cli_global_option(ctx, argc, argv, &i);
    if (rc == CLI_EXIT_USAGE) {
      return rc;
    }
    if (rc == 1) {
      continue;
    }
    if (strncmp(arg, "--", 2) != 0) {
      snprintf(problem, sizeof problem, "unknown option '%.40s'", arg);
      continue;
    }
    value = split_option(arg, name, sizeof name);
    k = find_opt(cmd->opts, name);
    if (k < 0) {
      snprintf(problem, sizeof problem, "unknown option '--%.40s'",
               name[0] ? name : arg + 2);
      continue;
    }
    if (!(cmd->opts[k].kind & CLI_OPT_VALUE)) {
      if (value) {
        snprintf(problem, sizeof problem, "option --%s takes no value", name);
        continue;
      }
      a->val[k] = "1";
      a->count[k]++;
      continue;
    }
    if (value == NULL) {
      if (i + 1 >= argc) {
        snprintf(problem, sizeof problem, "option --%s needs a value", name);
        continue;
      }
      value = argv[++i];
    }
    if ((cmd->opts[k].kind & CLI_OPT_MULTI) == CLI_OPT_MULTI) {
      a->multi[a->nmulti] = value;
      a->multi_opt[a->nmulti++] = k;
    } else if (a->count[k] > 0) {
      snprintf(problem, sizeof problem, "option --%s given more than once",
               name);
      continue;
    }
    a->val[k] = value;
    a->count[k]++;
  }
  if (help) {
    fputs(cmd->usage, stdout);
    return CLI_EXIT_OK;
  }
  if (problem[0]) {
    return cli_usage_error(ctx, "%s", problem);
  }
  for (k = 0; cmd->opts && cmd->opts[k].name; k++) {
    if ((cmd->opts[k].kind & CLI_OPT_REQUIRED) && a->count[k] == 0) {
      return cli_usage_error(ctx, "missing required option --%s",
                             cmd->opts[k].name);
    }
  }
  if (a->npos < cmd->pos_min) {
    return cli_usage_error(ctx, "missing argument");
  }
  if (cmd->pos_max >= 0 && a->npos > cmd->pos_max) {
    return cli_usage_error(ctx, "unexpected argument '%.40s'",
                           a->pos[cmd->pos_max]);
  }
  return check_numbers(ctx, cmd, a);
}

/* Release what cli_parse() allocated.  NULL-safe. */
void cli_args_free(cli_args *a)
{
  if (a == NULL) {
    return;
  }
  free(a->pos);
  free(a->multi);
  free(a->multi_opt);
  a->pos = NULL;
  a->multi = NULL;
  a->multi_opt = NULL;
}

/* Value of option name (last one given), or NULL.  Borrowed. */
const char *cli_get(const cli_args *a, const char *name)
{
  int k = find_opt(a->spec, name);

  return k < 0 ? NULL : a->val[k];
}

/* Nonzero if option name was given. */
int cli_has(const cli_args *a, const char *name)
{
  int k = find_opt(a->spec, name);

  return k >= 0 && a->count[k] > 0;
}

/* Integer value of option name, or dflt (see cli.h). */
long cli_get_long(const cli_args *a, const char *name, long dflt)
{
  const char *s = cli_get(a, name);

  return s ? strtol(s, NULL, 10) : dflt;
}

/* Integer value of positional argument i (see cli.h). */
int cli_pos_int(const cli_args *a, int i)
{
  return (int)strtol(a->pos[i], NULL, 10);
}

/*
** Parse a decimal integer in [min, max] (see cli.h).  Leading blanks and
** a sign are accepted as strtol does; trailing text is not.
*/
int cli_parse_int(const cli_ctx *ctx, const char *what, const char *s, long min,
                  long max, long *out)
{
  char *end = NULL;
  long v;

  errno = 0;
  v = strtol(s, &end, 10);
  if (end == s || *end != '\0' || errno == ERANGE) {
    return cli_usage_error(ctx, "%s: '%.40s' is not a number", what, s);
  }
  if (v < min || v > max) {
    if (max == INT_MAX || max == LONG_MAX) {
      return cli_usage_error(ctx, "%s: must be %ld or more", what, min);
    }
    return cli_usage_error(ctx, "%s: %ld is out of range (%ld..%ld)", what, v,
                           min, max);
  }
  *out = v;
  return CLI_CONTINUE;
}
