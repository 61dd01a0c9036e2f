"""Figures said like a newsreader: the spoken text, one table per habit (issue 13, part 2)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from narrate.voice.spoken import normalise

CASES = {
    "regnal and war numbers": [
        ("Henry VIII had six wives.", "Henry the Eighth had six wives."),
        ("Queen Elizabeth II spoke.", "Queen Elizabeth the Second spoke."),
        ("Elizabeth I of England", "Elizabeth the First of England"),
        ("Queen Mary I died.", "Queen Mary the First died."),
        ("A letter from Charles I.", "A letter from Charles the First."),
        ("Henry VIII's wives", "Henry the Eighth's wives"),
        ("World War II ended.", "World War two ended."),
        ("He fought in World War I.", "He fought in World War one."),
        ("Super Bowl LVIII drew fans.", "Super Bowl fifty-eight drew fans."),
        ("Pope John Paul II visited.", "Pope John Paul the Second visited."),
        ("Louis XIV built it.", "Louis the Fourteenth built it."),
        ("Type II diabetes", "Type two diabetes"),
        ("Chapter IV begins.", "Chapter four begins."),
    ],
    "the pronoun and Roman-numeral lookalikes stay": [
        ("Then I asked him.", "Then I asked him."),
        ("Henry and I left.", "Henry and I left."),
        ("Henry I said no.", "Henry I said no."),  # "I" after a name is the pronoun unless it ends there
        ("Tell James I am here.", "Tell James I am here."),
        ("Did I say that?", "Did I say that?"),
        ("I, Claudius", "I, Claudius"),
        ("Malcolm X spoke.", "Malcolm X spoke."),
        ("The MIX and CIVIL words", "The MIX and CIVIL words"),
        ("Washington DC", "Washington DC"),
        ("An IV drip", "An IV drip"),
    ],
    "units, with and without a space": [
        ("He is 6ft 2in tall.", "He is six feet two inches tall."),
        ("They ran 42km.", "They ran forty-two kilometers."),
        ("It weighs 3 kg.", "It weighs three kilograms."),
        ("It weighs 1kg.", "It weighs one kilogram."),
        ("The wall is 5m high.", "The wall is five meters high."),
        ("Some 5m people watched.", "Some five million people watched."),
        ("It fell to -5C.", "It fell to minus five degrees Celsius."),
        ("It hit 38°C.", "It hit thirty-eight degrees Celsius."),
        ("Set it to 350°F.", "Set it to three hundred and fifty degrees Fahrenheit."),
        ("Gusts of 70mph", "Gusts of seventy miles per hour"),
        ("A 30 mph limit", "A thirty miles per hour limit"),
        ("Winds of 100km/h", "Winds of one hundred kilometers per hour"),
        ("It has 128GB.", "It has one hundred and twenty-eight gigabytes."),
        ("A 500MW plant", "A five hundred megawatts plant"),
        ("It uses 40kWh.", "It uses forty kilowatt hours."),
        ("It weighed 7lb 4oz.", "It weighed seven pounds four ounces."),
        ("It covers 5km².", "It covers five square kilometers."),
        ("A 2 sq km plot", "A two square kilometers plot"),
        ("Runs of 5-10km", "Runs of five to ten kilometers"),
        ("Not 5 in a row", "Not five in a row"),
        ("The 5G mast", "The five G mast"),
    ],
    "fractions and 24/7": [
        ("Open 24/7.", "Open twenty-four seven."),
        ("About 2/3 of members", "About two thirds of members"),
        ("Only 1/4 of homes", "Only one quarter of homes"),
        ("Nearly 3/4 of it", "Nearly three quarters of it"),
        ("It fell by 1/3.", "It fell by one third."),
        ("It takes 1 1/2 hours.", "It takes one and a half hours."),
        ("It takes 2½ hours.", "It takes two and a half hours."),
        ("She scored 18/20.", "She scored eighteen out of twenty."),
        ("After 9/11 it changed.", "After nine eleven it changed."),
    ],
    "ranges and scores": [
        ("Profits fell in 2015-16.", "Profits fell in twenty fifteen to twenty sixteen."),
        ("The 2024/25 season", "The twenty twenty-four to twenty twenty-five season"),
        ("Prices rose 10-12 per cent.", "Prices rose ten to twelve percent."),
        ("From 2010–2014 it ran.", "From twenty ten to twenty fourteen it ran."),
        ("Members serve 4-6 years.", "Members serve four to six years."),
        ("United won 3-1 at home.", "United won three one at home."),
        ("They lost 2-0 on Saturday.", "They lost two nil on Saturday."),
        ("Chelsea beat Spurs 4-2 in the final.", "Chelsea beat Spurs four two in the final."),
        ("The game ended 1-1.", "The game ended one one."),
        ("A 2-2 draw", "A two two draw"),
        ("A 15-year-old boy", "A fifteen-year-old boy"),
        ("COVID-19 cases", "COVID-nineteen cases"),
    ],
    "times": [
        ("It leaves at 9.30am.", "It leaves at nine thirty a.m."),
        ("It rang at 07:45.", "It rang at seven forty-five."),
        ("Polls close at 10pm.", "Polls close at ten p.m."),
        ("At 2.15pm on Monday", "At two fifteen p.m. on Monday"),
        ("At 8:05am sharp", "At eight oh five a.m. sharp"),
        ("It left at 18:20.", "It left at eighteen twenty."),
        ("It shuts at 17:00.", "It shuts at seventeen hundred."),
        ("At 10 p.m. Then he left.", "At ten p.m. Then he left."),
        ("At 10 p.m. on Friday", "At ten p.m. on Friday"),
        ("Open 9am-5pm", "Open nine a.m. to five p.m."),
    ],
    "dates, British and American, abbreviated months": [
        ("On 1 Jan 2025 it starts.", "On the first of January twenty twenty-five it starts."),
        ("By Jan 31, 2025.", "By January thirty-first, twenty twenty-five."),
        ("The vote is on 3 Sept.", "The vote is on the third of September."),
        ("The vote is on 3 Sept. Then", "The vote is on the third of September. Then"),
        ("Out on Feb. 14.", "Out on February fourteenth."),
        ("On 12 March", "On the twelfth of March"),
        ("Until Oct 9", "Until October ninth"),
        ("Born 25 Dec 1990", "Born the twenty-fifth of December nineteen ninety"),
        ("In Aug 2021", "In August twenty twenty-one"),
        ("On 4th July", "On the fourth of July"),
        ("On July 4th, 1776", "On July fourth, seventeen seventy-six"),
        ("Dated 2024-03-01", "Dated March first, twenty twenty-four"),
        ("Dated 25/12/2024", "Dated the twenty-fifth of December twenty twenty-four"),
        ("Dated 12/25/2024", "Dated December twenty-fifth, twenty twenty-four"),
        ("Jan Novak met Mar Ruiz.", "Jan Novak met Mar Ruiz."),
    ],
    "ordinals": [
        ("She came 2nd.", "She came second."),
        ("The 21st century", "The twenty-first century"),
        ("The 3rd floor", "The third floor"),
        ("His 40th birthday", "His fortieth birthday"),
        ("Their 22nd win", "Their twenty-second win"),
        ("The 100th season", "The one hundredth season"),
    ],
    "currency with magnitudes, in the article's order": [
        ("It costs £2.5m.", "It costs two point five million pounds."),
        ("Sold for $4.2bn", "Sold for four point two billion dollars"),
        ("A ticket is €15.", "A ticket is fifteen euros."),
        ("It costs US$4.99 a month.", "It costs four U S dollars ninety-nine a month."),
        ("A pint is 7.50 pounds.", "A pint is seven pounds fifty."),
        ("A pint is 7.50 euros.", "A pint is seven euros fifty."),
        ("It costs 15€.", "It costs fifteen euros."),
        ("It costs 15 EUR.", "It costs fifteen euros."),
        ("It costs USD 20.", "It costs twenty U S dollars."),
        ("A fine of £250", "A fine of two hundred and fifty pounds"),
        ("Stamps are 85p.", "Stamps are eighty-five pence."),
        ("Bread is £1.10.", "Bread is one pound ten."),
        ("A $3.50 coffee", "A three dollars fifty coffee"),
        ("It raised £30,000.", "It raised thirty thousand pounds."),
        ("Worth $1m", "Worth one million dollars"),
        ("Worth £10-12m", "Worth ten to twelve million pounds"),
        ("Worth $2 trillion", "Worth two trillion dollars"),
        ("Worth £5M", "Worth five million pounds"),
    ],
    "percentages": [
        ("It fell to 3.2%.", "It fell to three point two percent."),
        ("Turnout was 67 per cent.", "Turnout was sixty-seven percent."),
        ("Only 0.5% of claims", "Only zero point five percent of claims"),
        ("Up 5pc", "Up five percent"),
        ("Attendance was 5-10% lower.", "Attendance was five to ten percent lower."),
    ],
    "multipliers": [
        ("It is 3x faster.", "It is three times faster."),
        ("Demand grew 10x.", "Demand grew ten times."),
        ("A 4x4 on the farm", "A four by four on the farm"),
        ("It is 2.5x bigger.", "It is two point five times bigger."),
    ],
    "quarters and fiscal years": [
        ("Sales jumped in Q3.", "Sales jumped in the third quarter."),
        ("Its Q1 results", "Its first quarter results"),
        ("Costs rose in Q4 2023.", "Costs rose in the fourth quarter of twenty twenty-three."),
        ("The FY2024 budget", "The fiscal year twenty twenty-four budget"),
        ("In FY24", "In fiscal year twenty-four"),
        ("Revenue fell in H1 2024.", "Revenue fell in the first half of twenty twenty-four."),
    ],
    "phone numbers, digit by digit": [
        ("Call 020 7946 0958 now.", "Call zero two zero, seven nine four six, zero nine five eight now."),
        ("Call 0800 555 0199.", "Call zero eight zero zero, five five five, zero one nine nine."),
        ("Ring 555-123-4567 after six.", "Ring five five five, one two three, four five six seven after six."),
        ("Ring (555) 123-4567.", "Ring five five five, one two three, four five six seven."),
        ("Call +44 20 7946 0958.", "Call plus four four, two zero, seven nine four six, zero nine five eight."),
    ],
    "news abbreviations": [
        ("No 10 declined to comment.", "Number ten declined to comment."),
        ("The PM visited.", "The Prime Minister visited."),
        ("The local MP objected.", "The local M P objected."),
        ("MPs will vote.", "M P's will vote."),
        ("The NHS is short of staff.", "The N H S is short of staff."),
        ("The UN called for calm.", "The U N called for calm."),
        ("Dr Patel led it.", "Doctor Patel led it."),
        ("The church of St Mary", "The church of Saint Mary"),
        ("Mr and Mrs Reyes", "Mister and Missus Reyes"),
        ("Ms Okafor chairs it.", "Miz Okafor chairs it."),
        ("Martin Hale Jr. took over.", "Martin Hale Junior took over."),
        ("It went to Martin Hale Jr.", "It went to Martin Hale Junior."),
        ("Gov. Alvarez signed it.", "Governor Alvarez signed it."),
        ("Sen. Whitfield voted no.", "Senator Whitfield voted no."),
        ("Rep. Castillo asked.", "Representative Castillo asked."),
        ("Lt. Brennan led it.", "Lieutenant Brennan led it."),
    ],
    "plain numbers and years": [
        ("A village of 1,200 people", "A village of one thousand two hundred people"),
        ("It opened in 1998.", "It opened in nineteen ninety-eight."),
        ("It was built in 2004.", "It was built in two thousand and four."),
        ("By 2030 it will be done.", "By twenty thirty it will be done."),
        ("Around 2000 people came.", "Around two thousand people came."),
        ("The year 1066", "The year ten sixty-six"),
        ("In the 1990s", "In the nineteen nineties"),
        ("Music from the 80s", "Music from the eighties"),
        ("Since the 2010s", "Since the twenty tens"),
        ("It fell -3 points.", "It fell minus three points."),
        ("Section 5.2 applies.", "Section five point two applies."),
        ("The M25 was shut.", "The M twenty-five was shut."),
        ("In threes and 4s", "In threes and fours"),
    ],
}


@pytest.mark.parametrize(
    "written, spoken",
    [case for cases in CASES.values() for case in cases],
    ids=[f"{habit}: {written}" for habit, cases in CASES.items() for written, _ in cases],
)
def test_said_like_a_newsreader(written, spoken):
    assert normalise(written) == spoken


def test_no_figure_is_left_for_the_engine_to_guess():
    """Every sentence of the listening corpus comes out in words: no digit, symbol or Roman numeral."""
    corpus = Path(__file__).parent / "corpus" / "numbers.tsv"
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            written = line.split("\t")[0]
            heard = normalise(written)
            assert not re.search(r"[\d%£$€°/]|\b(?:II|III|IV|VI|VII|VIII|IX|XI|XIV|LVIII)\b", heard), (written, heard)


figures = st.one_of(
    st.integers(0, 10**12).map(str),
    st.integers(1000, 10**9).map("{:,}".format),
    st.decimals(0, 10**6, places=2, allow_nan=False, allow_infinity=False).map(str),
)
shapes = st.sampled_from(
    [
        "{}",
        "£{}",
        "${}",
        "€{}",
        "{}%",
        "{} per cent",
        "{}km",
        "{} kg",
        "{}m",
        "£{}bn",
        "{}x",
        "-{}C",
        "{}th",
        "{}-{}",
        "{}/{}",
        "No {}",
        "{}s",
        "Q{}",
        "FY{}",
        "{}:{}",
    ]
)


@given(
    shape=shapes,
    first=figures,
    second=figures,
    before=st.sampled_from(["It was", "In", "The", "won"]),
    after=st.sampled_from([".", " people.", " on Monday.", ", he said."]),
)
def test_figures_of_any_size_and_shape_come_out_in_words(shape, first, second, before, after):
    text = f"{before} {shape.format(first, second)}{after}"
    heard = normalise(text)
    assert not re.search(r"\d", heard), (text, heard)
