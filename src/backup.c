/*
** backup.c: povreg_backup(), a consistent copy of a ledger taken while
** other processes keep writing to it.
**
** How: the source connection opens a read transaction and keeps it for
** the whole copy.  In WAL mode that fixes one snapshot (the last commit
** before the copy began) for every step of SQLite's online backup API,
** while writers go on appending to the WAL; without it, any commit by
** another process between two steps would restart the copy from page 1,
** and a busy ledger might never be copied at all.  The copy goes to a
** temporary file (mode 0600) in the target's directory, is switched to
** rollback-journal mode (one self-contained file), checked with PRAGMA
** integrity_check, synced, and only then given its name: link(2) when an
** existing file must not be replaced (atomic: fails if the name exists),
** rename(2) with force.
*/
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "povreg_int.h"

/* Pages copied per step unless the caller says otherwise. */
#define BACKUP_PAGES_PER_STEP 256
/* How long to sleep when a step finds a file busy, and how long at most. */
#define BACKUP_BUSY_SLEEP_MS 50
#define BACKUP_BUSY_MAX_MS 10000

/*
** Write the directory part of path into dir (size n): "." when path has
** no slash, "/" for a file in the root.
*/
static void dir_of(const char *path, char *dir, size_t n)
{
  const char *slash = strrchr(path, '/');

  if (slash == NULL) {
    snprintf(dir, n, ".");
  } else if (slash == path) {
    snprintf(dir, n, "/");
  } else {
    snprintf(dir, n, "%.*s", (int)(slash - path), path);
  }
}

/*
** fsync a file (dir 0) or a directory (dir 1) by name, so that its data
** or the names in it survive a power cut.  Returns 0 or an errno value.
*/
static int sync_path(const char *path, int dir)
{
  int fd = open(path, dir ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
  int e = 0;

  if (fd < 0) {
    return errno;
  }
  if (fsync(fd) != 0) {
    e = errno;
  }
  close(fd);
  return e;
}

/* 1 if the files a and b exist and are the same file. */
static int same_file(const char *a, const char *b)
{
  struct stat sa, sb;

  return a != NULL && b != NULL && stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
         sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/*
** Refuse a target that must not be written: the ledger itself, a
** directory, an existing file without force, or (with force) a ledger
** that has a -wal file beside it, i.e. one that is open or was not
** closed cleanly: replacing it would let SQLite apply that stale WAL to
** the new file.
*/
static int check_target(povreg_db *db, const char *path, const char *src,
                        int force)
{
  struct stat sb;
  char wal[4096];

  if (stat(path, &sb) != 0) {
    return POVREG_OK;
  }
  if (same_file(path, src)) {
    return povreg__err(db, POVREG_EINVALID,
                       "%s: is the ledger itself; back up to another file",
                       path);
  }
  if (S_ISDIR(sb.st_mode)) {
    return povreg__err(db, POVREG_EINVALID,
                       "%s: is a directory; name the backup file", path);
  }
  if (!force) {
    return povreg__err(db, POVREG_EEXISTS,
                       "%s: already exists; a backup replaces a file only "
                       "when forced (--force)",
                       path);
  }
  snprintf(wal, sizeof wal, "%s-wal", path);
  if (stat(wal, &sb) == 0) {
    return povreg__err(db, POVREG_EBUSY,
                       "%s: a ledger there is in use or was not closed "
                       "cleanly (%s exists); close it first",
                       path, wal);
  }
  return POVREG_OK;
}

/*
** Copy every page of the source's snapshot into dst in steps of n pages,
** waiting when a step finds a file busy; reports progress.  Fills the
** page counts of rep.
*/
static int copy_pages(povreg_db *db, sqlite3 *dst, int n,
                      const povreg_backup_opts *o, povreg_backup_report *rep)
{
  sqlite3_backup *bk = sqlite3_backup_init(dst, "main", db->sq, "main");
  int r, rc = POVREG_OK, waited = 0, stop;

  if (bk == NULL) {
    return povreg__err(db, POVREG_ERROR, "backup: %s", sqlite3_errmsg(dst));
  }
  for (;;) {
    r = sqlite3_backup_step(bk, n);
    rep->steps++;
    if ((r & 0xff) == SQLITE_BUSY || (r & 0xff) == SQLITE_LOCKED) {
      rep->busy_waits++;
      if (waited >= BACKUP_BUSY_MAX_MS) {
        rc = povreg__err(db, POVREG_EBUSY,
                         "backup: the ledger stayed busy for %d s; try again",
                         BACKUP_BUSY_MAX_MS / 1000);
        goto done;
      }
      sqlite3_sleep(BACKUP_BUSY_SLEEP_MS);
      waited += BACKUP_BUSY_SLEEP_MS;
      continue;
    }
    if (r != SQLITE_OK && r != SQLITE_DONE) {
      rc = povreg__err(db, POVREG_ERROR, "backup: %s", sqlite3_errstr(r));
      goto done;
    }
    rep->pages = sqlite3_backup_pagecount(bk);
    if (o->progress != NULL &&
        (stop = o->progress(sqlite3_backup_remaining(bk), rep->pages,
                            o->payload)) != 0) {
      rc = povreg__err(db, stop, "backup: stopped before the end");
      goto done;
    }
    if (r == SQLITE_DONE) {
      break;
    }
  }
done:
  r = sqlite3_backup_finish(bk);
  if (rc == POVREG_OK && r != SQLITE_OK) {
    rc = povreg__err(db, POVREG_ERROR, "backup: %s", sqlite3_errstr(r));
  }
  return rc;
}

/*
** Copy the first line of an integrity_check row into out (size n),
** skipping its "*** in database main ***" heading.
*/
static void first_line(char *out, size_t n, const char *row)
{
  const char *nl;

  if (row == NULL) {
    snprintf(out, n, "?");
    return;
  }
  if (strncmp(row, "*** in database", 15) == 0 &&
      (nl = strchr(row, '\n')) != NULL) {
    row = nl + 1;
  }
  nl = strchr(row, '\n');
  snprintf(out, n, "%.*s", nl ? (int)(nl - row) : (int)strlen(row), row);
}

/*
** Make the finished copy a self-contained file (rollback journal, no
** -wal) and run PRAGMA integrity_check on it, filling rep.
*/
static int seal_copy(povreg_db *db, sqlite3 *dst, povreg_backup_report *rep)
{
  sqlite3_stmt *st = NULL;
  int rc = POVREG_OK, r;

  if (sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) !=
      SQLITE_OK) {
    return povreg__err(db, POVREG_ERROR, "backup: %s", sqlite3_errmsg(dst));
  }
  if (sqlite3_prepare_v2(dst, "PRAGMA page_size", -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    rep->page_size = sqlite3_column_int(st, 0);
  }
  sqlite3_finalize(st);
  st = NULL;
  if (sqlite3_prepare_v2(dst, "PRAGMA integrity_check", -1, &st, NULL) !=
      SQLITE_OK) {
    rc = povreg__err(db, POVREG_ERROR, "backup: integrity check: %s",
                     sqlite3_errmsg(dst));
    goto done;
  }
  rep->integrity_ok = 1;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    const char *line = (const char *)sqlite3_column_text(st, 0);
    if (line == NULL || strcmp(line, "ok") != 0) {
      if (rep->integrity_ok) {
        first_line(rep->integrity, sizeof rep->integrity, line);
      }
      rep->integrity_ok = 0;
    }
  }
  if (r != SQLITE_DONE && rep->integrity_ok) {
    rep->integrity_ok = 0;
    snprintf(rep->integrity, sizeof rep->integrity, "%s", sqlite3_errmsg(dst));
  }
  if (rep->integrity_ok) {
    snprintf(rep->integrity, sizeof rep->integrity, "ok");
  }
done:
  sqlite3_finalize(st);
  return rc;
}

/*
** Give the synced temporary file tmp its name path: rename(2) with
** force; else link(2), which fails if path exists, then unlink(tmp).  A
** file system without hard links falls back to a check and rename.
*/
static int install(povreg_db *db, const char *tmp, const char *path, int force)
{
  struct stat sb;

  if (!force) {
    if (link(tmp, path) == 0) {
      unlink(tmp);
      return POVREG_OK;
    }
    if (errno == EEXIST) {
      return povreg__err(db, POVREG_EEXISTS,
                         "%s: already exists; a backup replaces a file only "
                         "when forced (--force)",
                         path);
    }
    if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP &&
        errno != EMLINK) {
      return povreg__err(db, POVREG_ERROR, "%s: cannot create: %s", path,
                         strerror(errno));
    }
    if (lstat(path, &sb) == 0) {
      return povreg__err(db, POVREG_EEXISTS, "%s: already exists", path);
    }
  }
  if (rename(tmp, path) != 0) {
    return povreg__err(db, POVREG_ERROR, "%s: cannot create: %s", path,
                       strerror(errno));
  }
  return POVREG_OK;
}

/* Back up a ledger (see povreg/backup.h). */
int povreg_backup(povreg_backup_report *out, povreg_db *db, const char *path,
                  const povreg_backup_opts *opts)
{
  static const povreg_backup_opts defaults = {0, 0, NULL, NULL};
  const povreg_backup_opts *o = opts != NULL ? opts : &defaults;
  povreg_backup_report rep;
  sqlite3 *dst = NULL;
  sqlite3_stmt *st = NULL;
  const char *src;
  char *tmp = NULL, *side = NULL, dir[4096];
  size_t len;
  int rc, fd, made = 0, in_read = 0, e;

  memset(&rep, 0, sizeof rep);
  if (db == NULL || db->sq == NULL) {
    return POVREG_EINVALID;
  }
  if (path == NULL || path[0] == '\0') {
    rc = povreg__err(db, POVREG_EINVALID, "path: missing");
    goto done;
  }
  if (db->tx_depth > 0 || !sqlite3_get_autocommit(db->sq)) {
    rc = povreg__err(db, POVREG_EINVALID,
                     "backup: not possible inside a transaction");
    goto done;
  }
  src = sqlite3_db_filename(db->sq, "main");
  if ((rc = check_target(db, path, src, o->force)) < 0) {
    goto done;
  }
  len = strlen(path);
  tmp = malloc(len + 16);
  side = malloc(len + 32);
  if (tmp == NULL || side == NULL) {
    rc = povreg__err(db, POVREG_ENOMEM, "out of memory");
    goto done;
  }
  snprintf(tmp, len + 16, "%s.tmp-XXXXXX", path);
  if ((fd = mkstemp(tmp)) < 0) {
    rc = povreg__err(db, POVREG_ERROR, "%s: cannot create: %s", path,
                     strerror(errno));
    goto done;
  }
  made = 1;
  e = fchmod(fd, 0600) != 0 ? errno : 0;
  close(fd);
  if (e != 0) {
    rc = povreg__err(db, POVREG_ERROR, "%s: %s", tmp, strerror(e));
    goto done;
  }
  if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
    rc = dst == NULL ? povreg__err(db, POVREG_ENOMEM, "out of memory")
                     : povreg__err(db, POVREG_ERROR, "%s: %s", tmp,
                                   sqlite3_errmsg(dst));
    goto done;
  }
  /* the snapshot: a read transaction kept open through every step */
  if (sqlite3_exec(db->sq, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
    rc = povreg__sqlite_err(db, "backup");
    goto done;
  }
  in_read = 1;
  if (sqlite3_prepare_v2(db->sq, "SELECT count(*) FROM sqlite_schema", -1, &st,
                         NULL) != SQLITE_OK ||
      sqlite3_step(st) != SQLITE_ROW) {
    rc = povreg__sqlite_err(db, "backup");
    goto done;
  }
  sqlite3_finalize(st);
  st = NULL;
  if ((rc = copy_pages(db, dst,
                       o->pages_per_step > 0 ? o->pages_per_step
                                             : BACKUP_PAGES_PER_STEP,
                       o, &rep)) != POVREG_OK) {
    goto done;
  }
  sqlite3_exec(db->sq, "COMMIT", NULL, NULL, NULL);
  in_read = 0;
  if ((rc = seal_copy(db, dst, &rep)) < 0) {
    goto done;
  }
  if (sqlite3_close(dst) != SQLITE_OK) {
    rc = povreg__err(db, POVREG_ERROR, "backup: %s", sqlite3_errmsg(dst));
    goto done;
  }
  dst = NULL;
  if (!rep.integrity_ok) {
    rc = povreg__err(db, POVREG_ERROR,
                     "backup: the copy fails the integrity check (%s), so "
                     "nothing was written; the ledger itself is probably "
                     "damaged: run 'povreg check'",
                     rep.integrity);
    goto done;
  }
  if ((e = sync_path(tmp, 0)) != 0) {
    rc = povreg__err(db, POVREG_ERROR, "%s: %s", tmp, strerror(e));
    goto done;
  }
  if ((rc = install(db, tmp, path, o->force)) < 0) {
    goto done;
  }
  made = 0;
  dir_of(path, dir, sizeof dir);
  if ((e = sync_path(dir, 1)) != 0) {
    rc = povreg__err(db, POVREG_ERROR, "%s: %s", dir, strerror(e));
    goto done;
  }
  rc = POVREG_OK;
done:
  sqlite3_finalize(st);
  if (in_read) {
    sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
  }
  sqlite3_close_v2(dst);
  if (made) {
    unlink(tmp);
    snprintf(side, len + 32, "%s-journal", tmp);
    unlink(side);
    snprintf(side, len + 32, "%s-wal", tmp);
    unlink(side);
    snprintf(side, len + 32, "%s-shm", tmp);
    unlink(side);
  }
  free(tmp);
  free(side);
  if (out != NULL) {
    *out = rep;
  }
  return rc;
}
