/*
 * Unified diffs of two texts, as "diff -u" prints them, for
 * "sync --diff": the reader sees exactly what an edit changes.
 *
 * Lines end at "\n"; a last line without one is followed by
 * "\ No newline at end of file" as diff prints it.  Lines compare as
 * bytes: "\r\n" is not "\n", and NUL and any other byte is text (there
 * is no "Binary files differ").  Hunks have three lines of context,
 * changes at most 2 * UDIFF_CONTEXT lines apart share a hunk, and the
 * "@@ -a,b +c,d @@" headers number lines as diff does (",1" is left
 * out; an empty range is "-N,0" with N the line before it, so "-0,0"
 * for an empty text).  The headers carry the labels only, no times.
 *
 * The diff is a shortest one (Myers) as long as the texts differ by at
 * most UDIFF_MAXD lines.  A change that could sit in several places is
 * slid where GNU diff slides it; still, where several shortest diffs
 * exist, GNU diff (whose heuristics put speed before length) may print
 * another.  Beyond UDIFF_MAXD the differing middle (after the common
 * head and tail) is shown as one hunk, so time stays O((N + M) *
 * UDIFF_MAXD) at worst for texts of N and M lines, and memory O(N + M).
 */
#ifndef UDIFF_H
#define UDIFF_H

#include <stddef.h>

struct buf;

#define UDIFF_CONTEXT	3
#define UDIFF_MAXD	20000

/*
 * Append to out the unified diff from a (alen bytes) to b (blen bytes),
 * headed "--- alabel" and "+++ blabel".  Returns 0 when the texts are
 * equal (nothing appended), 1 when a diff was appended, -1 when out is
 * full (its max reached; out is then left as it was).  a or b may be
 * NULL when its length is 0.
 */
int		 udiff(struct buf *out, const char *a, size_t alen,
		     const char *b, size_t blen, const char *alabel,
		     const char *blabel);

#endif
