/*
 * bench-render: how fast a table renders.  Generates N events in memory
 * (default 100000) over some 50 countries and their cities, builds the
 * view of a table grouped by country and sorted on country and start,
 * and renders etc/templates/by-country.wiki with wikitext escaping.
 * Runs twice (the second pass reuses the memory the first freed, as a
 * daemon rendering again does) and prints the figures, with the md5 of
 * the output (which an optimisation must not change); it is a
 * benchmark, not a test.
 *
 * Usage: bench-render [N [TEMPLATE]]
 */
#include "config.h"

#include <sys/resource.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "event.h"
#include "md5.h"
#include "render.h"
#include "template.h"
#include "view.h"
#include "where.h"
#include "wikilink.h"
#include "wikitext.h"
#include "xmalloc.h"

#define DEFAULT_EVENTS	100000
#define TEMPLATE_PATH	"etc/templates/by-country.wiki"

static const struct {
	const char	*country;
	const char	*cities[3];
	const char	*tz;
	const char	*lang;
} places[] = {
	{ "Kenya", { "Nairobi", "Mombasa", "Kisumu" }, "Africa/Nairobi",
	    "en" },
	{ "Ghana", { "Accra", "Kumasi", "Tamale" }, "Africa/Accra", "en" },
	{ "Nigeria", { "Lagos", "Abuja", "Ibadan" }, "Africa/Lagos", "en" },
	{ "South Africa", { "Johannesburg", "Cape Town", "Durban" },
	    "Africa/Johannesburg", "en" },
	{ "Egypt", { "Cairo", "Alexandria", "Giza" }, "Africa/Cairo", "ar" },
	{ "Morocco", { "Rabat", "Casablanca", "Marrakesh" },
	    "Africa/Casablanca", "fr" },
	{ "Senegal", { "Dakar", "Saint-Louis", "Thiès" }, "Africa/Dakar",
	    "fr" },
	{ "Côte d'Ivoire", { "Abidjan", "Yamoussoukro", "Bouaké" },
	    "Africa/Abidjan", "fr" },
	{ "Cameroon", { "Yaoundé", "Douala", "Bamenda" }, "Africa/Douala",
	    "fr" },
	{ "Uganda", { "Kampala", "Gulu", "Mbarara" }, "Africa/Kampala",
	    "en" },
	{ "Tanzania", { "Dar es Salaam", "Dodoma", "Arusha" },
	    "Africa/Dar_es_Salaam", "sw" },
	{ "Ethiopia", { "Addis Ababa", "Mekelle", "Gondar" },
	    "Africa/Addis_Ababa", "am" },
	{ "Tunisia", { "Tunis", "Sfax", "Sousse" }, "Africa/Tunis", "ar" },
	{ "Sweden", { "Stockholm", "Göteborg", "Umeå" }, "Europe/Stockholm",
	    "sv" },
	{ "Norway", { "Oslo", "Bergen", "Tromsø" }, "Europe/Oslo", "nb" },
	{ "Finland", { "Helsinki", "Tampere", "Oulu" }, "Europe/Helsinki",
	    "fi" },
	{ "Denmark", { "Copenhagen", "Aarhus", "Odense" },
	    "Europe/Copenhagen", "da" },
	{ "Germany", { "Berlin", "München", "Köln" }, "Europe/Berlin", "de" },
	{ "France", { "Paris", "Lyon", "Marseille" }, "Europe/Paris", "fr" },
	{ "Spain", { "Madrid", "Barcelona", "Sevilla" }, "Europe/Madrid",
	    "es" },
	{ "Italy", { "Roma", "Milano", "Napoli" }, "Europe/Rome", "it" },
	{ "Portugal", { "Lisboa", "Porto", "Coimbra" }, "Europe/Lisbon",
	    "pt" },
	{ "Poland", { "Warszawa", "Kraków", "Łódź" }, "Europe/Warsaw", "pl" },
	{ "Ukraine", { "Kyiv", "Lviv", "Odesa" }, "Europe/Kyiv", "uk" },
	{ "Greece", { "Athens", "Thessaloniki", "Patras" }, "Europe/Athens",
	    "el" },
	{ "Turkey", { "İstanbul", "Ankara", "İzmir" }, "Europe/Istanbul",
	    "tr" },
	{ "United Kingdom", { "London", "Edinburgh", "Cardiff" },
	    "Europe/London", "en" },
	{ "Ireland", { "Dublin", "Cork", "Galway" }, "Europe/Dublin", "en" },
	{ "Åland", { "Mariehamn", "Jomala", "Finström" },
	    "Europe/Mariehamn", "sv" },
	{ "Iceland", { "Reykjavík", "Akureyri", "Selfoss" },
	    "Atlantic/Reykjavik", "is" },
	{ "India", { "New Delhi", "Mumbai", "Bengaluru" }, "Asia/Kolkata",
	    "hi" },
	{ "Bangladesh", { "Dhaka", "Chittagong", "Khulna" }, "Asia/Dhaka",
	    "bn" },
	{ "Pakistan", { "Karachi", "Lahore", "Islamabad" }, "Asia/Karachi",
	    "ur" },
	{ "Nepal", { "Kathmandu", "Pokhara", "Lalitpur" },
	    "Asia/Kathmandu", "ne" },
	{ "Indonesia", { "Jakarta", "Bandung", "Yogyakarta" },
	    "Asia/Jakarta", "id" },
	{ "Philippines", { "Manila", "Cebu", "Davao" }, "Asia/Manila",
	    "tl" },
	{ "Viet Nam", { "Hà Nội", "Hồ Chí Minh", "Đà Nẵng" },
	    "Asia/Ho_Chi_Minh", "vi" },
	{ "Japan", { "東京", "大阪", "京都" }, "Asia/Tokyo", "ja" },
	{ "South Korea", { "Seoul", "Busan", "Incheon" }, "Asia/Seoul",
	    "ko" },
	{ "Jordan", { "Amman", "Irbid", "Aqaba" }, "Asia/Amman", "ar" },
	{ "Lebanon", { "Beirut", "Tripoli", "Sidon" }, "Asia/Beirut", "ar" },
	{ "Brazil", { "São Paulo", "Rio de Janeiro", "Brasília" },
	    "America/Sao_Paulo", "pt-br" },
	{ "Argentina", { "Buenos Aires", "Córdoba", "Rosario" },
	    "America/Argentina/Buenos_Aires", "es" },
	{ "Chile", { "Santiago", "Valparaíso", "Concepción" },
	    "America/Santiago", "es" },
	{ "Colombia", { "Bogotá", "Medellín", "Cali" }, "America/Bogota",
	    "es" },
	{ "Mexico", { "Ciudad de México", "Guadalajara", "Monterrey" },
	    "America/Mexico_City", "es" },
	{ "Peru", { "Lima", "Cusco", "Arequipa" }, "America/Lima", "es" },
	{ "Canada", { "Toronto", "Montréal", "Vancouver" },
	    "America/Toronto", "en" },
	{ "United States", { "New York", "Washington", "San Francisco" },
	    "America/New_York", "en" },
	{ "Australia", { "Sydney", "Melbourne", "Brisbane" },
	    "Australia/Sydney", "en" },
};

#define NPLACES	(sizeof places / sizeof places[0])

static const char *const kinds[] = {
	"Edit-a-thon", "Workshop", "Translate-a-thon", "Photo walk",
	"Training for new editors", "Women in Red writing session",
	"Wiki Loves Women meetup", "Online edit-a-thon",
};
static const char *const topics[] = {
	"women in science", "women artists", "women in politics",
	"women writers", "women in sport", "women in medicine",
	"women human rights defenders", "women in technology",
};
static const char *const organizers[] = {
	"Embassy of Sweden", "UN Women", "Wikimedia Sverige",
	"Wikimedians of Kenya User Group", "Art+Feminism", "AfroCROWD",
	"Whose Knowledge?", "Wikimedia Deutschland", "WikiDonne",
	"Les sans pagEs", "Wikimujeres", "[[User:Example|Example]]",
};
static const char *const modes[] = { "in-person", "online", "hybrid" };

static unsigned long	seed = 2023;

static unsigned long
rnd(unsigned long n)
{
	seed = seed * 6364136223846793005UL + 1442695040888963407UL;
	return ((seed >> 33) % n);
}

static double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec * 1e3 + ts.tv_nsec / 1e6);
}

/* Set a field without checks (the data is known good), or an extra. */
static void
put(struct event *ev, int field, const char *value)
{
	free(ev->v[field]);
	ev->v[field] = xstrdup(value);
}

/* Fill ev as the i-th generated event. */
static void
generate(struct event *ev, size_t i)
{
	char		 s[256], *cause;
	size_t		 p = rnd(NPLACES), c = rnd(3);
	unsigned long	 day = 1 + rnd(28), hour = 9 + rnd(9);

	event_init(ev);
	snprintf(s, sizeof s, "wikigap-2023-%zu", i);
	put(ev, F_ID, s);
	put(ev, F_CAMPAIGN, "WikiGap 2023");
	snprintf(s, sizeof s, "WikiGap %s: %s on %s", places[p].cities[c],
	    kinds[rnd(8)], topics[rnd(8)]);
	put(ev, F_TITLE, s);
	if (rnd(3) == 0)
		snprintf(s, sizeof s, "2023-03-%02lu", day);
	else
		snprintf(s, sizeof s, "2023-03-%02luT%02lu:00", day, hour);
	put(ev, F_START, s);
	put(ev, F_TIMEZONE, places[p].tz);
	put(ev, F_MODE, modes[rnd(3)]);
	put(ev, F_COUNTRY, places[p].country);
	put(ev, F_CITY, places[p].cities[c]);
	if (rnd(2) == 0) {
		snprintf(s, sizeof s, "%s Public Library, room %lu",
		    places[p].cities[c], 1 + rnd(20));
		put(ev, F_VENUE, s);
	}
	if (rnd(4) != 0) {
		snprintf(s, sizeof s, "https://meta.wikimedia.org/wiki/"
		    "Event:WikiGap_2023/%zu", i);
		put(ev, F_URL, s);
	}
	put(ev, F_ORGANIZER, organizers[rnd(12)]);
	put(ev, F_LANGUAGE, places[p].lang);
	put(ev, F_STATUS, rnd(2) == 0 ? "planned" : "confirmed");
	if (rnd(3) == 0) {
		snprintf(s, sizeof s, "%lu", 5 + rnd(60));
		put(ev, F_PARTICIPANTS, s);
	}
	if (rnd(5) == 0 && event_set(ev, "partner", "UN Women", &cause) == -1)
		free(cause);
}

/* A where line, or exit. */
static struct where *
where(const char *expr)
{
	struct where	*w;
	char		*cause;

	if ((w = where_parse(expr, &cause)) == NULL) {
		fprintf(stderr, "bench-render: %s\n", cause);
		exit(1);
	}
	return (w);
}

/* The template: argv's, else under TEST_SRCDIR, else relative. */
static struct template *
load(const char *arg, const char **path)
{
	static char	 buf[4096];
	struct template	*tp;
	const char	*dir;
	char		*cause;

	if (arg != NULL)
		*path = arg;
	else if ((dir = getenv("TEST_SRCDIR")) != NULL) {
		snprintf(buf, sizeof buf, "%s/%s", dir, TEMPLATE_PATH);
		*path = buf;
	} else if (access(TEMPLATE_PATH, R_OK) == 0)
		*path = TEMPLATE_PATH;
	else
		*path = "../" TEMPLATE_PATH;
	/* As render.c: with each value's context (text or link target). */
	if ((tp = render_template(*path, &cause)) == NULL) {
		fprintf(stderr, "bench-render: %s\n", cause);
		exit(1);
	}
	return (tp);
}

/* One pass: view, context, render; prints its figures. */
static void
run(const char *label, const struct conf_table *t, const struct event *evs,
    size_t n, const struct template *tp)
{
	struct template_escaper	 esc = { wikitext_escape, wikilink_escape,
				    NULL, NULL };
	struct view	*vw;
	struct tvalue	*ctx;
	struct rusage	 ru;
	char		*out, *cause, hex[MD5_HEX_LEN + 1];
	size_t		 i, len, kept;
	double		 t0, t1, t2, t3, t4, t5;

	t0 = now_ms();
	vw = view_new(t);
	for (i = 0; i < n; i++)
		view_add(vw, &evs[i]);
	view_finish(vw);
	/* As render.c: totals only for a template that shows them. */
	view_no_sums(vw, !template_uses(tp, "sum"));
	t1 = now_ms();
	ctx = view_context(vw, "2023-03-01T00:00:00Z");
	t2 = now_ms();
	out = template_render_esc(tp, ctx, &esc, BUF_UNLIMITED, &len, &cause);
	t3 = now_ms();
	if (out == NULL) {
		fprintf(stderr, "bench-render: %s\n", cause);
		exit(1);
	}
	md5_hex(out, len, hex);
	free(out);
	/* The engine alone, to tell it from wikitext_escape. */
	out = template_render(tp, ctx, NULL, BUF_UNLIMITED, NULL, &cause);
	t4 = now_ms();
	free(out);
	kept = view_count(vw);
	tv_free(ctx);
	view_free(vw);
	t5 = now_ms();

	getrusage(RUSAGE_SELF, &ru);
	printf("render: %zu events, %zu bytes, %.0f ms (view %.0f ms, "
	    "context %.0f ms, template %.0f ms), %.0f events/s, "
	    "peak RSS %ld MiB\n", kept, len, t3 - t0, t1 - t0, t2 - t1,
	    t3 - t2, n / ((t3 - t0) / 1e3), ru.ru_maxrss / 1024);
	printf("  %s; template without escaping %.0f ms; "
	    "freeing %.0f ms; output md5 %s\n", label, t4 - t3, t5 - t4, hex);
}

int
main(int argc, char **argv)
{
	struct conf_table	 t;
	struct where		*w[2];
	struct sort_key		 sk[2];
	struct event		*evs;
	struct template		*tp;
	const char		*path;
	char			*end;
	size_t			 n = DEFAULT_EVENTS, i;

	if (argc > 3) {
		fprintf(stderr, "usage: bench-render [events [template]]\n");
		return (64);
	}
	if (argc > 1) {
		errno = 0;
		n = strtoul(argv[1], &end, 10);
		if (errno != 0 || *end != '\0' || n == 0) {
			fprintf(stderr, "bench-render: bad count '%s'\n",
			    argv[1]);
			return (64);
		}
	}
	tp = load(argc > 2 ? argv[2] : NULL, &path);

	memset(&t, 0, sizeof t);
	t.name = "wikigap-2023";
	t.page = "WikiGap/2023/Events";
	w[0] = where("campaign = WikiGap 2023");
	w[1] = where("status != cancelled");
	t.where.v = w;
	t.where.n = 2;
	sk[0].field = "country";
	sk[0].descending = 0;
	sk[1].field = "start";
	sk[1].descending = 0;
	t.sort.v = sk;
	t.sort.n = 2;
	t.group = "country";

	evs = xreallocarray(NULL, n, sizeof *evs);
	for (i = 0; i < n; i++)
		generate(&evs[i], i);

	printf("template %s\n", path);
	run("first pass, fresh memory", &t, evs, n, tp);
	run("second pass, memory the first freed", &t, evs, n, tp);

	for (i = 0; i < n; i++)
		event_free(&evs[i]);
	free(evs);
	where_free(w[0]);
	where_free(w[1]);
	template_free(tp);
	return (0);
}
