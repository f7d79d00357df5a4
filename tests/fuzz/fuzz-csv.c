/*
 * Fuzz the CSV reader and the import: the input is a CSV file, imported
 * into a registry in memory with extra fields hashtag and partner
 * declared (as etc/wikisync.ini does).
 *
 * Asserted:
 *  - csvread: every record has a field, each NUL-terminated at its
 *    length, records start on increasing lines, and a rewind reads the
 *    very same records and ending again;
 *  - a dry run and a real import of the same file agree (success and
 *    counts);
 *  - a file that imports round-trips exactly, as the README says:
 *    its export imports again into the same registry with nothing added
 *    or changed, and into a new registry whose export is byte for byte
 *    the first export.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "csvread.h"
#include "export.h"
#include "fuzz.h"
#include "import.h"
#include "registry.h"
#include "strv.h"
#include "xmalloc.h"

static struct fuzz_file	 in, out1, out2;
static struct registry	*dry;
static struct config	 cf;

static struct registry *
open_memory(void)
{
	struct registry	*reg;
	char		*cause = NULL;

	if ((reg = registry_open(":memory:", NULL, &cause)) == NULL)
		fuzz_fail("registry_open: %s", cause);
	return (reg);
}

/* Read the whole file: a fingerprint of its records and how it ended. */
static unsigned long long
read_all(struct csvread *cr, int *end, long *nrec)
{
	const struct csvrecord	*rec;
	unsigned long long	 h = 1469598103934665603ULL;
	char			*cause = NULL;
	long			 last = 0;
	size_t			 i, k;

	*nrec = 0;
	while ((*end = csvread_next(cr, &rec, &cause)) == 1) {
		FUZZ_ASSERT(rec->n >= 1);
		FUZZ_ASSERT(rec->line > last);
		last = rec->line;
		h = (h ^ (unsigned long long)rec->line) * 1099511628211ULL;
		for (i = 0; i < rec->n; i++) {
			FUZZ_ASSERT(rec->fields[i][rec->lens[i]] == '\0');
			for (k = 0; k < rec->lens[i]; k++)
				h = (h ^ (unsigned char)rec->fields[i][k]) *
				    1099511628211ULL;
			h = (h ^ 0x100 ^ rec->lens[i]) * 1099511628211ULL;
		}
		h = (h ^ 0x200) * 1099511628211ULL;
		(*nrec)++;
	}
	if (*end == -1) {
		FUZZ_ASSERT(cause != NULL);
		free(cause);
	}
	return (h);
}

static void
check_reader(const char *path)
{
	struct csvread		*cr;
	char			*cause = NULL;
	unsigned long long	 h1, h2;
	int			 end1, end2;
	long			 n1, n2;

	if ((cr = csvread_open(path, IMPORT_MAX_RECORD, &cause)) == NULL)
		fuzz_fail("csvread_open: %s", cause);
	h1 = read_all(cr, &end1, &n1);
	if (csvread_rewind(cr, &cause) == -1)
		fuzz_fail("csvread_rewind: %s", cause);
	h2 = read_all(cr, &end2, &n2);
	FUZZ_ASSERT(h1 == h2 && end1 == end2 && n1 == n2);
	csvread_close(cr);
}

static int
export_one(const struct event *ev, void *arg)
{
	char	*cause = NULL;

	if (exporter_add(arg, ev, &cause) == -1)
		fuzz_fail("export: %s", cause);
	return (0);
}

/* Export reg as CSV into f; returns its path. */
static const char *
export_csv(struct registry *reg, struct fuzz_file *f)
{
	struct exporter	 *x;
	FILE		 *fp;
	char		**extras, *cause = NULL;
	size_t		  n, i;
	const char	 *path;

	path = fuzz_file_write(f, "", 0);
	if ((fp = fopen(path, "w")) == NULL)
		fuzz_fail("fopen %s", path);
	if (registry_extra_names(reg, &extras, &n, &cause) == -1)
		fuzz_fail("registry_extra_names: %s", cause);
	x = exporter_new(EXPORT_CSV, fp, extras, n, "2023-03-08T00:00:00Z");
	if (registry_foreach(reg, export_one, x, &cause) == -1)
		fuzz_fail("registry_foreach: %s", cause);
	if (exporter_finish(x, &cause) == -1)
		fuzz_fail("exporter_finish: %s", cause);
	fclose(fp);
	for (i = 0; i < n; i++)
		free(extras[i]);
	free(extras);
	return (path);
}

static int
import(struct registry *reg, const char *path, int dry_run,
    struct import_stats *st)
{
	struct strv	errors = STRV_INITIALIZER;
	int		rv;

	memset(st, 0, sizeof *st);
	rv = import_csv(reg, &cf, path, "import:fuzz",
	    dry_run ? IMPORT_DRY_RUN : 0, st, &errors);
	if (rv == 0)
		FUZZ_ASSERT(errors.n == 0);
	else
		FUZZ_ASSERT(errors.n > 0);
	strv_free(&errors);
	return (rv);
}

static void
fail_file(const char *what, struct fuzz_file *f)
{
	char	*s;
	size_t	 len;

	s = fuzz_file_read(f, &len);
	fuzz_fail("%s:\n%s", what, s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct registry		*reg, *reg2;
	struct import_stats	 st, st2;
	const char		*path, *p1;
	char			*a, *b, *cause = NULL;
	size_t			 alen, blen;
	long long		 n;

	if (dry == NULL) {
		dry = open_memory();
		strv_push(&cf.extra_fields, xstrdup("hashtag"));
		strv_push(&cf.extra_fields, xstrdup("partner"));
	}
	path = fuzz_file_write(&in, data, size);
	check_reader(path);
	if (import(dry, path, 1, &st) == -1)
		return (0);

	reg = open_memory();
	if (import(reg, path, 0, &st2) == -1)
		fuzz_fail("dry run passed, import failed");
	FUZZ_ASSERT(st.rows == st2.rows && st.added == st2.added &&
	    st.changed == st2.changed && st.unchanged == st2.unchanged);
	if ((n = registry_count(reg, &cause)) == -1)
		fuzz_fail("registry_count: %s", cause);

	/* The export imports again with nothing to do... */
	p1 = export_csv(reg, &out1);
	if (import(reg, p1, 0, &st) == -1)
		fail_file("the export does not import back", &out1);
	if (st.added != 0 || st.changed != 0 || st.unchanged != n)
		fail_file("the export changes the registry it came from",
		    &out1);

	/* ...and into a new registry exports the same bytes. */
	reg2 = open_memory();
	if (import(reg2, p1, 0, &st) == -1)
		fail_file("the export does not import anew", &out1);
	(void)export_csv(reg2, &out2);
	a = fuzz_file_read(&out1, &alen);
	b = fuzz_file_read(&out2, &blen);
	if (alen != blen || memcmp(a, b, alen) != 0)
		fuzz_fail("export, import, export differs:\n%s\n----\n%s", a,
		    b);
	free(a);
	free(b);
	registry_close(reg2);
	registry_close(reg);
	return (0);
}
