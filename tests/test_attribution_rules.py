"""One test per attribution habit of news copy, each named after the pattern in narrate.script.attribution."""

from __future__ import annotations

import pytest

from narrate.models import QUOTE
from narrate.read.article import parse_bytes
from narrate.script.segmenter import segment_article


def speakers(text: str) -> list[str | None]:
    script = segment_article(parse_bytes(("Headline\n\n" + text).encode("utf-8"), "case.txt", "text"))
    return [segment.speaker for segment in script.segments if segment.kind == QUOTE]


CASES = {
    # appositive: the speaker is the name, not the role, company or place beside it
    "appositive name, role at org in place": (
        "“Rates will stay where they are,” Ola Berg, head of markets at Fjordbank in Oslo, said.",
        ["Ola Berg"],
    ),
    "appositive role, name, said": (
        "The library's chief archivist, Rui Santos, said: “Every box has been catalogued.”",
        ["Rui Santos"],
    ),
    "appositive said role, name": (
        "“We are open as usual,” said the hotel's general manager, Ines Kowal.",
        ["Ines Kowal"],
    ),
    "appositive name, age, from place": (
        "Dan Hollis, 41, from Crewe, said: “I never win anything. Until now.”",
        ["Dan Hollis"],
    ),
    "appositive hyphenated given name": (
        "“Exports will recover,” said Kim Soo-ah, an analyst at Daebok Securities.",
        ["Kim Soo-ah"],
    ),
    "appositive role at an organisation, then the name": (
        "Her manager at Coastline Foods, Dev Rao, said: “She never missed a shift.”",
        ["Dev Rao"],
    ),
    "appositive one of a group, then the name": (
        "“The water came up to our knees,” said one of the campers, Ruth Ellis, 19.",
        ["Ruth Ellis"],
    ),
    "appositive one of a group, then the titled name": (
        "“The plan is wrong,” said one of the governors, the former headteacher Rosa Lind.",
        ["Rosa Lind"],
    ),
    "appositive hobby epithet": ("Angler Tom Pease, 70, said: “The fish have gone.”", ["Tom Pease"]),
    "appositive job epithet": ("Cellist Ana Frey, 31, said: “We played on.”", ["Ana Frey"]),
    "appositive tabloid epithet": ("Heartbroken Lisa Moore, 29, said: “He was my whole world.”", ["Lisa Moore"]),
    "appositive relation and first name": (
        "Her brother Sam, 22, a student, added: “She would have loved the fuss.”",
        ["Sam"],
    ),
    # role first, name later; or a role standing for a person named anywhere in the article
    "role named earlier in the article": (
        (
            "Pia Lund, the ferry company's captain, has sailed the route for years.\n\n"
            "“The crossing is safe,” the captain said."
        ),
        ["Pia Lund"],
    ),
    "title names the role": (
        "Mayor Carlos Reyes opened the new bridge on Monday.\n\n“It took nine years,” the mayor said.",
        ["Carlos Reyes"],
    ),
    "role named later in the article": (
        (
            "“We will not close the ward,” the trust's medical director said on Monday.\n\n"
            "The medical director, Dr Ayo Bankole, later wrote to staff."
        ),
        ["Ayo Bankole"],
    ),
    "role named right after, with a shorter role": (
        (
            "“The queue is down by half,” the clinic's deputy chief nurse said.\n\n"
            "The nurse, Tola Adeyemi, joined the clinic in May."
        ),
        ["Tola Adeyemi"],
    ),
    "role named right after by the title of the name": (
        (
            "Jan Olsen, the governor of the north, spoke first. Her rival was curt. “No deal,” the governor said. "
            "The challenger, Gov. Ryan Pike of Maine, left early."
        ),
        ["Ryan Pike"],
    ),
    "pronoun for a role named right after": (
        (
            "The band's drummer posted on Sunday.\n\n“We are taking a break,” he wrote.\n\n"
            "The drummer, Kit Hanley, has played with the band since 2011."
        ),
        ["Kit Hanley"],
    ),
    "abbreviated title with a dot names the role": (
        (
            "Sen. Rosa Vance toured the plant on Monday.\n\nIts manager, Ed Cole, showed her the new line.\n\n"
            "“The jobs stay here,” the senator said."
        ),
        ["Rosa Vance"],
    ),
    "role taken on, named later with 'who became'": (
        (
            "“We start again on Monday,” the chairman said.\n\n"
            "Owen Pryce, who became club chairman in 2019, has sold his shares."
        ),
        ["Owen Pryce"],
    ),
    "unnamed role of an acronym body, named later": (
        (
            "A UN official who visited the camp said food was short. “Children eat once a day,” he said. "
            "That official, Tomas Reyes, leads the agency's team."
        ),
        ["Tomas Reyes"],
    ),
    "role introduced earlier in the paragraph is someone new": (
        (
            "Ada Mills, 70, watched from her porch.\n\n"
            "The regional water minister, visiting by boat, said the dam had held. “We were lucky,” the minister said."
        ),
        ["the minister"],
    ),
    "pronoun for a titled person in the paragraph": (
        (
            "Lena Hart, 80, has lived on the farm all her life.\n\n"
            "“It is cheaper to stay,” said a county official, Bill Moss.\n\n"
            "On Friday, neighbours rallied round Mrs Hart. “I won't be moved,” she told them."
        ),
        ["Bill Moss", "Lena Hart"],
    ),
    "tabloid epithet before the name": ("Groom Sam Otto, 30, said: “Best day of my life.”", ["Sam Otto"]),
    "age as role names the person of that age": (
        (
            "Tara Quinn, 52, won the county show.\n\nJudge Ed Marr, 60, praised the cake.\n\n"
            "Asked about the prize, the 52-year-old said: “I am keeping it.”"
        ),
        ["Tara Quinn"],
    ),
    "definite role with a who-clause, named right after": (
        (
            "The club's groundsman, who has tended the pitch since 1998, said the drains had failed. "
            "“It is a lake,” he said. The groundsman, Alf Byrne, wants a new pitch."
        ),
        ["Alf Byrne"],
    ),
    "anonymous role is someone of their own": (
        (
            "Pat Kerr, 40, lost her job in May.\n\n"
            "Her former supervisor, who asked not to be named, said: “The cuts came from head office.”"
        ),
        ["Her former supervisor"],
    ),
    "unnamed role stays one speaker": (
        (
            "A spokesman for the ferry operator said sailings would resume. “Safety comes first,” he said.\n\n"
            "“Refunds are available,” the spokesman said."
        ),
        ["spokesman for the ferry operator", "spokesman for the ferry operator"],
    ),
    "definite role right after a named person": (
        "Rob Neal has baked bread on the high street since 1994.\n\n“Flour costs double,” the baker said.",
        ["Rob Neal"],
    ),
    # no attribution in the quote's own sentence
    "introduced two sentences back": (
        (
            "Nadia Farah has run the shelter for a decade. She was not surprised by the numbers.\n\n"
            "“We saw this coming in the spring. Nobody listened.”"
        ),
        ["Nadia Farah"],
    ),
    "continuation in the same paragraph after the attribution": (
        "“We lost the roof,” said Jo Park, who chairs the board, before leaving. “We will rebuild.”",
        ["Jo Park", "Jo Park"],
    ),
    "continuation paragraph": (
        "“The first year was hard,” Tom Reid said.\n\n“The second was harder.”",
        ["Tom Reid", "Tom Reid"],
    ),
    "wrote on a platform": ("Mira Shah, 33, wrote on Instagram: “Back home at last.”", ["Mira Shah"]),
    "phrasal verb on a platform": ("Councillor Ben Kemp hit back on Facebook: “I have nothing to hide.”", ["Ben Kemp"]),
    "told reporters after an opening clause": (
        "Grace Cole chairs the inquiry.\n\nAsked about the delay, Cole told reporters: “We will report in June.”",
        ["Grace Cole"],
    ),
    "said in a statement, then the statement said": (
        "The Harbour Trust said in a statement that it would appeal.\n\n“The ruling is wrong,” the statement said.",
        ["The Harbour Trust"],
    ),
    "according to a transcript": (
        "According to the court transcript, Eli Ward said: “I never saw the letter.”",
        ["Eli Ward"],
    ),
    # a place, venue, platform or event is never the speaker
    "venue before the name": (
        "At the Corn Exchange on Friday, the poet Amal Idris told the crowd: “This hall made me.”",
        ["Amal Idris"],
    ),
    "broadcast interview before the name": (
        "In a Sky News interview, Tom Fry said: “I would do it again.”",
        ["Tom Fry"],
    ),
    "event before the name": (
        "Speaking at the Northern Summit in Leeds, Nia Cole said: “The north is ready.”",
        ["Nia Cole"],
    ),
    "possessive is an organisation, not a name": (
        "Baker's campaign said in a statement: “The figures speak for themselves.”",
        ["Baker's campaign"],
    ),
    "pronoun after an organisation is the person": (
        (
            "Hannah Baker's campaign said in a statement: “We are confident.”\n\n"
            "Baker herself was blunter at a rally. “They are rattled,” she told supporters."
        ),
        ["Hannah Baker's campaign", "Hannah Baker"],
    ),
    "told a paper is the listener, who is the speaker": (
        "The fee was questioned by a club insider, who told the Evening Post: “Nobody signed off on it.”",
        ["a club insider"],
    ),
    "reported appositive is not the next pronoun": (
        "Nell Avery said her father, Tom Avery, was recovering. “The nurses are wonderful,” she said.",
        ["Nell Avery"],
    ),
    "organisation appositive names the body": (
        "A spokeswoman for the retailer, Brightmart, said: “Stores will open as normal.”",
        ["A spokeswoman for the retailer"],
    ),
    # descriptor by shape: a capitalised word in no list, shaped like a job, before a full name describes it
    "descriptor by shape before a full name": (
        "Beekeeper Nadia Osman, 52, said: “The hives came through the winter.”",
        ["Nadia Osman"],
    ),
    "descriptor by shape, then a pronoun": (
        "Saddler Gwen Pardoe mends tack for half the county. “Nobody else does it now,” she said.",
        ["Gwen Pardoe"],
    ),
    "a first name shaped like a job stays part of the name": (
        "Julian Ross Baxter, 47, said: “The road floods every spring.”",
        ["Julian Ross Baxter"],
    ),
    # role first, name later
    "a conjunction before the role, a pronoun, the name a paragraph later": (
        "The minister, Joe Adair, welcomed the figures. “This is progress,” he said.\n\n"
        "But the director of the Rivers Trust said the cuts were deep. “Half our staff have gone,” she said.\n\n"
        "The trust's director, Amy Cole, wrote to the minister on Friday.",
        ["Joe Adair", "Amy Cole"],
    ),
    "named right after with lowercase title words before the name": (
        "“We need more volunteers,” said the secretary of the allotment society.\n\n"
        "Plots are let for £30 a year.\n\n"
        "The secretary, former nurse Ivy Lamb, said the waiting list had doubled.",
        ["Ivy Lamb"],
    ),
    "unnamed role with a who clause is its own speaker": (
        "Pia Lund, the mayor, opened the session.\n\n"
        "A teacher at a local primary school, who asked not to be named, said the roof leaked. "
        "“Buckets in every classroom,” the teacher said.",
        ["teacher at a local primary school"],
    ),
    "its role is the organisation's person, not the last one named": (
        "“Bookings are up,” said Rosa Quint, a travel agent.\n\n"
        "The airline apologised. “We are sorry for the delays,” its operations director said.",
        ["Rosa Quint", "its operations director"],
    ),
    "an unnamed role after 'An' keeps its first letter": (
        "Nell Ford, the mayor, spoke first.\n\n"
        "An engineer at the water works said the pipes were old. “Some are older than the town hall,” the engineer said.",
        ["engineer at the water works"],
    ),
    "their role is not the last one person named": (
        "Carer Iris Dent, 44, said: “We were never told.”\n\nTheir manager said: “Rotas are changing next month.”",
        ["Iris Dent", "Their manager"],
    ),
    "named right after with a job-shaped lowercase word before the name": (
        "“We open on Sundays now,” the museum's keeper said.\n\n"
        "The keeper, retired glazier Aled Price, took over in 2019.",
        ["Aled Price"],
    ),
    "owner leads: the body's leader names a role of that body": (
        "The president of the Farmers Guild said prices were too low. “We sell below cost,” he said.\n\n"
        "The guild's leader, Tom Ashby, met ministers on Monday.",
        ["Tom Ashby"],
    ),
    "descriptor by shape: a mason, a party member": (
        "Stonemason Efe Lawal said: “The lime mortar lasts.”\n\nRepublican Dale Ortiz said: “Not with my vote.”",
        ["Efe Lawal", "Dale Ortiz"],
    ),
    "titled owner's role, then the first name": (
        "Dr Olu Bamidele, the surgeon, spoke first.\n\nMr Crane's daughter, Ada, 12, said: “He is a good patient.”",
        ["Ada"],
    ),
    "one <role> with a description is its own speaker": (
        "Pilot Sam Reyes, 50, landed safely.\n\nOne passenger sitting in the front row said: “Nobody screamed.”",
        ["One passenger sitting in the front row"],
    ),
    # organisations and publications speak too
    "publication wrote": (
        "“The council has lost the trust of the town,” the Herald wrote in an editorial.",
        ["the Herald"],
    ),
    "organisation named with 'of'": (
        "The National Union of Students met on Monday.\n\n“Fees must fall,” the union said.",
        ["The National Union of Students"],
    ),
    "report owner": (
        "The Harbour Trust said in a report that dredging had slowed. “Silt is the main threat,” the report said.",
        ["The Harbour Trust"],
    ),
    "organisation named earlier": (
        "Marsh District Council owns the site.\n\n“No decision has been made,” the council said.",
        ["Marsh District Council"],
    ),
    "one of a group": ("Three nurses spoke to us after their shift. “We are exhausted,” said one.", ["nurse"]),
    "a name inside a quote is not the speaker": (
        "Ivo Tan walked the flooded street.\n\n“Monday was the worst day,” he said.",
        ["Ivo Tan"],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_attribution_habit(name):
    text, expected = CASES[name]
    assert speakers(text) == expected
