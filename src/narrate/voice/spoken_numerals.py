"""Roman numerals after names, said like a newsreader: "Henry VIII" is "Henry the Eighth",
"World War II" is "World War Two"; a lone "I" stays the pronoun unless a monarch's name and the
words around it say it is a number.
"""

from __future__ import annotations

import re

from narrate.voice.number_words import n2w, ordinal

ROMAN = re.compile(r"(?=[IVXL])(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
COUNTED = {  # after these a Roman numeral is a plain number: "World War Two", "Super Bowl fifty-eight"
    "War",
    "Bowl",
    "Phase",
    "Part",
    "Chapter",
    "Act",
    "Scene",
    "Volume",
    "Vol",
    "Book",
    "Episode",
    "Apollo",
    "Vatican",
    "Title",
    "Type",
    "Class",
    "Category",
    "Grade",
    "Stage",
    "Article",
    "Schedule",
    "Section",
    "Level",
    "Tier",
    "Mark",
    "Mk",
    "Series",
    "Appendix",
    "Annex",
    "Round",
    "Division",
    "Formula",
    "Gemini",
    "Saturn",
}
MONARCHS = {  # names a single "I" may follow as a regnal number ("Elizabeth I"); otherwise "I" is the pronoun
    "Elizabeth",
    "Charles",
    "James",
    "Henry",
    "Edward",
    "George",
    "William",
    "Mary",
    "Richard",
    "John",
    "Louis",
    "Peter",
    "Catherine",
    "Napoleon",
    "Philip",
    "Alexander",
    "Nicholas",
    "Frederick",
    "Francis",
    "Leo",
    "Pius",
    "Benedict",
    "Gregory",
    "Paul",
    "Victor",
    "Wilhelm",
    "Ferdinand",
    "Isabella",
    "Juan",
    "Carlos",
    "Felipe",
    "Harald",
    "Olav",
    "Gustav",
    "Haakon",
    "Constantine",
    "Justinian",
    "Robert",
    "David",
    "Anne",
}
NOT_NAMES = {  # capitalised at the start of a sentence, but never the name a numeral belongs to ("An IV drip")
    "A",
    "An",
    "The",
    "This",
    "That",
    "These",
    "Those",
    "Then",
    "When",
    "If",
    "And",
    "But",
    "Or",
    "So",
    "Did",
    "Do",
    "Was",
    "Is",
    "Are",
    "As",
    "At",
    "In",
    "On",
    "Of",
    "For",
    "To",
    "By",
    "With",
    "My",
    "His",
    "Her",
    "Its",
    "Our",
    "Their",
    "Your",
    "Each",
    "Every",
    "No",
    "One",
    "Some",
    "Any",
    "Had",
    "Has",
    "Have",
    "Can",
    "Could",
    "Would",
}
TITLED = r"(?:King|Queen|Pope|Emperor|Empress|Tsar|Czar|Kaiser|Pharaoh|Prince|Princess|Sultan)"


def roman_value(numeral: str) -> int:
    values = [ROMAN_VALUES[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def read_regnal_numerals(text: str) -> str:
    def say(match: re.Match) -> str:
        name, numeral = match.group(1), match.group(2)
        if not ROMAN.fullmatch(numeral) or name in NOT_NAMES:
            return match.group(0)
        if len(numeral) == 1 and name not in MONARCHS | COUNTED:
            return match.group(0)  # "Malcolm X", "Model X", "Vitamin ..." : a letter, not a number
        if numeral == "I" and not (
            name in COUNTED
            or (
                name in MONARCHS
                and (
                    re.search(rf"{TITLED}\s+{name}\s+I$", text[: match.end()])
                    or re.match(
                        r"(?:'s\b|\s+(?:of|was|died|reigned|ruled|became|and|who)\b|\s*[,.;:)!?]|\s*$)",
                        text[match.end() :],
                    )
                )
            )
        ):
            return match.group(0)  # the pronoun: "Then I went", "Henry I said"
        value = roman_value(numeral)
        if name in COUNTED:
            return f"{name} {n2w(value)}"
        return f"{name} the {ordinal(value).capitalize()}"

    return re.sub(r"\b([A-Z][a-z]+)\s([IVXL]{1,7})(?![\w-])", say, text)
