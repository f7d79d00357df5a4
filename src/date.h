/*
 * ISO 8601 dates and date-times as event fields hold them, and the
 * relative dates of "where" filters (today, today+30d, today-7d).
 *
 * Accepted forms: YYYY-MM-DD, YYYY-MM-DDThh:mm, YYYY-MM-DDThh:mm:ss, each
 * time optionally followed by Z or +hh:mm / -hh:mm.  Years 1900-9999.
 * Calendar checked (2023-02-30 is refused; leap years honoured).
 */
#ifndef DATE_H
#define DATE_H

#include <stddef.h>

struct isodate {
	int	year, month, day;
	int	has_time;
	int	hour, minute, second;
	int	has_offset;	/* Z or +hh:mm given */
	int	offset_min;	/* minutes east of UTC */
};

/* Parse s; 0 on success, -1 with *why pointing at a static reason. */
int	date_parse(const char *s, struct isodate *d, const char **why);

/*
 * Compare two parsed dates: <0, 0, >0.  When both have times with
 * offsets they are compared in UTC; when either has no time only the
 * calendar days are compared.
 */
int	date_compare(const struct isodate *a, const struct isodate *b);

/*
 * Write today's local date, plus days (may be negative), as YYYY-MM-DD
 * into out (at least 11 bytes).
 */
void	date_today(char *out, int days);

/*
 * Resolve a relative date ("today", "today+30d", "today-7d") into out
 * (YYYY-MM-DD).  Returns 1 if s was one, 0 if s is not a relative date,
 * -1 if it looks like one but is malformed (*why set).
 */
int	date_relative(const char *s, char *out, const char **why);

/* Add days to a calendar date (times and offsets are left as they are). */
void	date_add_days(struct isodate *d, int days);

/* Days since 1970-01-01 of the calendar date in d. */
long	date_days(const struct isodate *d);

#endif
