"""Our own short news articles (invented people and places) that make_pages.py dresses in CMS page shapes."""

ARTICLES = [
    {
        "title": "Harbour town votes to keep its last ferry",
        "author": "Priya Raman",
        "date": "2024-03-12",
        "site": "The Coastal Courier",
        "section": "Local news",
        "paragraphs": [
            "Residents of Kellan Bay voted on Tuesday to keep the town's only ferry running through the winter, "
            "overturning a council plan to suspend the crossing from November.",
            "The vote, held in the old fish market, drew more than four hundred people, the largest turnout the "
            "parish has recorded since the harbour wall was rebuilt.",
            "The ferry carries about ninety passengers a day in the cold months, most of them workers heading "
            "to the hospital and the college on the far shore.",
            "The council said it would now look for savings elsewhere and publish a revised budget in April.",
        ],
    },
    {
        "title": "Night trains return to the northern line after six years",
        "author": "Tomasz Wierzbicki",
        "date": "2024-05-02",
        "site": "Rail Weekly",
        "section": "Travel",
        "paragraphs": [
            "The first overnight sleeper in six years left the capital at eleven minutes past ten on Thursday, "
            "with every one of its forty cabins sold.",
            "The operator bought the carriages second hand and spent eighteen months refitting them with wider "
            "berths, new heating and a small dining car.",
            "Fares start at sixty pounds for a seat and rise to two hundred for a cabin with its own washbasin.",
            "Passenger groups welcomed the return but asked for a stop at the junction town of Orrin, which the "
            "new timetable skips.",
        ],
    },
    {
        "title": "Beekeepers count the cost of a wet spring",
        "author": "Hannah Okonkwo-Bell",
        "date": "2024-06-20",
        "site": "Field and Farm",
        "section": "Farming",
        "paragraphs": [
            "Honey yields across the valley are down by almost a third this year after the wettest spring in "
            "local records kept bees in their hives for weeks at a time.",
            "Several keepers reported colonies starving in May, when the blossom came out but the rain never "
            "stopped long enough for the bees to forage.",
            "The regional association has asked members to share sugar syrup and to report any losses so that "
            "it can apply for an emergency grant.",
            "Older keepers said they could remember only two springs as bad, and both were followed by good summers.",
        ],
    },
    {
        "title": "City library lends tools as well as books",
        "author": "Marcus Feld",
        "date": "2024-02-08",
        "site": "Metro Daily",
        "section": "Community",
        "paragraphs": [
            "The central library has started lending drills, ladders, sewing machines and a pressure washer, "
            "alongside its usual shelves of novels and travel guides.",
            "More than three hundred tools were donated in the first month, most of them by residents clearing "
            "out garages and sheds.",
            "Borrowers need a normal library card and can keep a tool for a week, with a small fine for late "
            "returns that goes towards repairs.",
            "Staff say the sewing machines are the most popular item, with a waiting list that already runs to "
            "the end of the season.",
        ],
    },
    {
        "title": "Mountain rescue team gets its first drone",
        "author": "Elin Dahlqvist",
        "date": "2024-01-15",
        "site": "Highland Herald",
        "section": "News",
        "paragraphs": [
            "The volunteer rescue team that covers the western peaks has bought its first thermal camera drone, "
            "paid for by a year of village fundraising.",
            "The drone can search a hillside in twenty minutes that would take a line of volunteers most of an "
            "afternoon, the team leader said.",
            "Its first real call came two days after delivery, when it found a walker with a broken ankle in a "
            "gully below the north ridge.",
            "The team now hopes to train four more pilots before the winter climbing season begins.",
        ],
    },
    {
        "title": "School kitchens switch to local vegetables",
        "author": "Rafael Ocampo",
        "date": "2023-11-03",
        "site": "The Valley Voice",
        "section": "Education",
        "paragraphs": [
            "Twelve primary schools in the district now buy all their vegetables from farms within thirty miles, "
            "under a scheme that started in September.",
            "Cooks say the change meant rewriting almost every menu, since the farms cannot supply tomatoes or "
            "peppers for much of the year.",
            "Parents have noticed more soups, more root vegetables and, according to one head teacher, far fewer "
            "plates coming back full.",
            "The council will decide in the spring whether to extend the scheme to the secondary schools.",
        ],
    },
    {
        "title": "Old cinema reopens as a community theatre",
        "author": "Grace Adebayo",
        "date": "2024-04-18",
        "site": "Northside News",
        "section": "Arts",
        "paragraphs": [
            "The Regal, a cinema that closed its doors in 1998, reopened on Saturday as a theatre run entirely "
            "by volunteers.",
            "Its art deco ceiling was repaired by a team of students from the college, who spent two summers "
            "matching the original plaster patterns.",
            "The first production, a comedy about a lighthouse keeper, sold out all five nights within a day of "
            "tickets going on sale.",
            "The trust that owns the building plans to show films again on Sunday afternoons from June.",
        ],
    },
    {
        "title": "Fishing fleet trials nets that spare young cod",
        "author": "Callum Rennie",
        "date": "2024-07-09",
        "site": "Sea Times",
        "section": "Environment",
        "paragraphs": [
            "Six trawlers from the eastern ports are testing a new net with a wider mesh panel that lets young cod "
            "swim free before the catch is hauled in.",
            "Early results show the number of undersized fish landed has fallen by more than half, with only a "
            "small drop in the catch of adult fish.",
            "Skippers were sceptical at first, one said, but changed their minds when they saw the sorting "
            "tables at the end of a trip.",
            "Scientists will publish a full report on the trial at the end of the year.",
        ],
    },
    {
        "title": "Volunteers map every tree in the old town",
        "author": "Sofia Marchetti",
        "date": "2024-08-22",
        "site": "Green City",
        "section": "Environment",
        "paragraphs": [
            "A group of volunteers has finished measuring and mapping all four thousand trees in the old town, "
            "a project that took three summers.",
            "Each tree now has a record of its species, height, trunk width and health, published on an open "
            "map that anyone can check.",
            "The survey found that almost a fifth of the street trees were planted within the last ten years, "
            "many of them to replace elms lost to disease.",
            "The council has agreed to use the map when it plans road works, so that roots are not cut by accident.",
        ],
    },
    {
        "title": "Bus drivers learn sign language for deaf passengers",
        "author": "Oluwaseun Adeyemi",
        "date": "2024-09-30",
        "site": "Transport Today",
        "section": "Transport",
        "paragraphs": [
            "Forty bus drivers have completed a ten-week course in basic sign language, paid for by the "
            "operator after a campaign by a local deaf club.",
            "The drivers learned how to greet passengers, give directions and explain delays and diversions.",
            "Buses with a trained driver now carry a small blue badge by the door so that passengers know they "
            "can sign.",
            "The club says it would like every driver on the network to take the course within two years.",
        ],
    },
    {
        "title": "Village shop saved by its own customers",
        "author": "Ewan McAllister",
        "date": "2024-10-11",
        "site": "Rural Post",
        "section": "Business",
        "paragraphs": [
            "The only shop in Ashcombe will stay open after two hundred residents each bought a share in it, "
            "raising enough money to buy the building.",
            "The previous owners retired in the summer and had been unable to find a buyer for more than a year.",
            "A manager will be paid, but most shifts will be covered by volunteers, including several teenagers "
            "from the village.",
            "The shop will also host a post office counter two mornings a week.",
        ],
    },
    {
        "title": "Swimmers win fight to keep the lido open",
        "author": "Aisha Rahman",
        "date": "2024-05-27",
        "site": "South Bank Gazette",
        "section": "Sport",
        "paragraphs": [
            "The outdoor pool at Mill Park will open for the summer after all, following a petition signed by "
            "more than eight thousand people.",
            "The council had proposed closing it for good because of the rising cost of heating the water.",
            "Instead, the pool will be heated by solar panels on the changing rooms and will open an hour later "
            "each morning.",
            "Regular swimmers celebrated with a sunrise swim on the first day of the season.",
        ],
    },
]
