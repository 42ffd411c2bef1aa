/*
** main.c: the smallest program using an installed libpovreg.  Opens an
** in-memory ledger, closes it, and prints one line.  Exit status 0 on
** success.
*/
#include <povreg.h>
#include <stdio.h>

/* Open and close a ledger through the installed library. */
int main(void)
{
  povreg_db *db = NULL;
  int rc = povreg_open(&db, ":memory:", POVREG_OPEN_CREATE);

  if (rc != POVREG_OK) {
    fprintf(stderr, "consumer: povreg_open: %s (%s)\n", povreg_strerror(rc),
            db ? povreg_errmsg(db) : "no handle");
    povreg_close(db);
    return 1;
  }
  povreg_close(db);
  printf("consumer: povreg_open/povreg_close ok (%s)\n",
         povreg_strerror(POVREG_OK));
  return 0;
}
