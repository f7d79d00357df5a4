/*
 * wikisync status --history PAGE [ENTRY]: the texts wikisync saved in
 * the registry before replacing a region it had not written (a hand
 * edit overwritten, a region adopted, an intake's report region), listed
 * with the revision they came from, who saved that revision and when
 * wikisync kept them; or one of them, whole, to copy back.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cmd.h"
#include "log.h"
#include "registry.h"
#include "strv.h"
#include "sync.h"
#include "text.h"
#include "xmalloc.h"

#define HISTORY_COLUMNS	6

struct history_list {
	const char	*page;
	long long	 entry;		/* the one to print, or 0: list */
	struct strv	 cells;		/* HISTORY_COLUMNS per entry */
	char		*text;		/* entry's text, once found */
};

/* A cell for the terminal: the wiki's text may hold controls. */
static void
history_cell(struct history_list *hl, const char *s)
{
	char	*copy = xstrdup(*s != '\0' ? s : "-");

	text_printable(copy, "");
	strv_push(&hl->cells, copy);
}

/* Is the entry one of the page's?  The page, or its table's name. */
static int
history_of(const struct history_list *hl,
    const struct region_history_entry *h)
{
	return (sync_same_title(h->title, hl->page) ||
	    strcmp(h->region, hl->page) == 0);
}

static int
history_one(const struct region_history_entry *h, void *arg)
{
	struct history_list	*hl = arg;
	char			*s;

	if (!history_of(hl, h))
		return (0);
	if (hl->entry != 0) {
		if (h->seq == hl->entry)
			hl->text = xstrdup(h->text);
		return (0);
	}
	strv_pushf(&hl->cells, "%lld", h->seq);
	if (*h->wiki != '\0') {
		s = xasprintf("%s ([wiki %s])", h->region, h->wiki);
		history_cell(hl, s);
		free(s);
	} else
		history_cell(hl, h->region);
	strv_pushf(&hl->cells, "%lld", h->revid);
	history_cell(hl, h->user);
	history_cell(hl, h->at);
	history_cell(hl, h->source);
	return (0);
}

/*
 * The text exactly as saved, to copy back onto the wiki; on a terminal
 * its control characters (MediaWiki keeps C1 controls) as '?'.
 */
static void
history_text(char *text)
{
	size_t	len;

	if (isatty(STDOUT_FILENO))
		text_printable(text, "\n\t");
	len = strlen(text);
	fputs(text, stdout);
	if (len > 0 && text[len - 1] != '\n')
		putchar('\n');
}

/* ENTRY as typed: a positive number. */
static int
history_entry(const char *s, long long *entry)
{
	char	*end;

	errno = 0;
	*entry = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || *entry <= 0) {
		log_error("status --history: '%s' is not an entry number (the "
		    "ENTRY column of the list)", s);
		return (-1);
	}
	return (0);
}

int
cmd_status_history(struct cmd_ctx *ctx, const char *page, const char *entry)
{
	static const char *const head[HISTORY_COLUMNS] = {
		"ENTRY", "REGION", "FROM REV", "BY", "SAVED", "WHY"
	};
	struct history_list	 hl;
	char			*cause = NULL;
	int			 status = 0;

	memset(&hl, 0, sizeof hl);
	hl.page = page;
	if (entry != NULL && history_entry(entry, &hl.entry) != 0)
		return (EX_USAGE);
	if (registry_region_foreach(ctx->reg, history_one, &hl, &cause) != 0) {
		strv_free(&hl.cells);
		free(hl.text);
		return (cmd_registry_fail(ctx->reg, cause));
	}
	if (hl.entry != 0 && hl.text == NULL) {
		log_error("page '%s': no saved text %lld (wikisync status "
		    "--history lists them)", page, hl.entry);
		status = EX_DATAERR;
	} else if (hl.entry != 0)
		history_text(hl.text);
	else if (hl.cells.n == 0)
		printf("page '%s': no text saved (wikisync keeps the text of a "
		    "region it replaces without having written it)\n", page);
	else
		cmd_status_columns(&hl.cells, head, HISTORY_COLUMNS);
	strv_free(&hl.cells);
	free(hl.text);
	return (status);
}
