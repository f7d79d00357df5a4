# Generate N realistic events as CSV (awk -v n=100000 -f gen-events.awk).
BEGIN {
	split("Kenya Nigeria Ghana India Brazil Mexico Sweden Poland Tunisia " \
	    "Indonesia Philippines Canada Germany Argentina Senegal", country, " ")
	split("Nairobi Lagos Accra Delhi São_Paulo Mexico_City Stockholm " \
	    "Kraków Tunis Jakarta Manila Montréal Berlin Córdoba Dakar", city, " ")
	split("planned confirmed cancelled done", status, " ")
	split("in-person online hybrid", mode, " ")
	print "id,campaign,title,start,end,timezone,mode,country,city,venue," \
	    "url,organizer,language,status,participants,articles_created," \
	    "articles_improved,notes"
	for (i = 1; i <= n; i++) {
		c = (i % 15) + 1
		d = (i % 28) + 1
		place = city[c]
		gsub("_", " ", place)
		printf "bench-%06d,WikiGap %d,WikiGap edit-a-thon %d in %s," \
		    "%d-03-%02dT10:00,%d-03-%02dT16:00,UTC,%s,%s,%s," \
		    "\"Library, room %d\",https://meta.wikimedia.org/wiki/" \
		    "WikiGap/%d,Wikimedia user group %d,en,%s,%d,%d,%d," \
		    "Generated event %d\n", i, 2020 + i % 5, i, place,
		    2020 + i % 5, d, 2020 + i % 5, d, mode[(i % 3) + 1],
		    country[c], place, i % 50, i, i % 97, status[(i % 4) + 1],
		    i % 60, i % 20, i % 30, i
	}
}
