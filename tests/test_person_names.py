"""Which person a name is (issue 17, items 2 and 4): a knowledge-base person needs evidence beyond a
shared word, a person named again in the document is the same actor, offices resolve to whoever
held them on the article's date, and datelines, wire prefixes and possessives make no actors.

The sentences are the project's own, written for these cases; the coder is the real one (spaCy,
the bundled knowledge base)."""
from __future__ import annotations

from datetime import date

import pytest

from kg.extraction.coding import default_coder
from kg.extraction.person_names import DocumentPeople, PersonIndex, active, fold, name_keys, preceded_by_name_word
from kg.kb.actors import Actor, Role


@pytest.fixture(scope="module")
def coder():
    return default_coder()


def mentions(coder, text: str, day: date | None):
    return [(m.surface, m.actor.id, m.actor.label) for m in coder.code_text(text, day).mentions]


def linked(coder, text: str, day: date | None, surface: str) -> list[str]:
    return [actor_id for s, actor_id, _ in mentions(coder, text, day) if s == surface]


# -- the rules on their own --------------------------------------------------------------------
def test_fold_and_name_keys():
    assert fold("Moqtada al-Sadr's") == fold("Moqtada Sadr") == "moqtada sadr"
    assert fold("Zoë Kraus") == "zoe kraus"
    assert name_keys("Robert S. Mueller III") == ("mueller", "robert")
    assert name_keys("Kim Jong Un") == ("un", "kim")  # "Mr. Kim" reaches the family name
    assert name_keys("Madonna") == ()


def test_a_role_long_over_is_not_active():
    person = Actor("person:x", "Person", "Xavier Quell", roles=(Role("USA", "Secretary", "government", "2006-12-18", "2011-07-01"),))
    assert active(person, date(2012, 5, 1)) and not active(person, date(2018, 5, 1))
    assert not active(person, None)


def test_a_capitalised_word_or_the_before_a_surname_makes_it_part_of_another_name():
    text = "Dusty Baker spoke. The Hague ruled. Mr. Baker left. Baker left."
    assert preceded_by_name_word(text, text.index("Baker"))
    assert preceded_by_name_word(text, text.index("Hague"))
    assert not preceded_by_name_word(text, text.index("Baker left"))  # after "Mr."
    assert not preceded_by_name_word(text, text.rindex("Baker"))  # first word of a sentence
    assert not preceded_by_name_word("But Baker left.", 4) and not preceded_by_name_word("On Monday Baker left.", 10)


def test_the_president_is_the_one_the_document_names_most():
    day = date(2020, 3, 1)
    a = Actor("person:a", "Person", "Ann Aster", roles=(Role("USA", "President", "chief of state", "2019-01-01"),))
    b = Actor("person:b", "Person", "Bo Brand", roles=(Role("FRA", "President", "chief of state", "2017-05-14"),))
    people = DocumentPeople(day=day)
    for actor in (a, a, a, b):
        people.add(actor.label, actor)
    assert people.last_holder("president") is a


def test_an_office_holder_by_state_and_date():
    index = PersonIndex([
        Actor("person:a", "Person", "Ann Aster", roles=(Role("USA", "President", "chief of state", "2017-01-20", "2021-01-20"),)),
        Actor("person:b", "Person", "Bo Brand", roles=(Role("USA", "President", "chief of state", "2021-01-20"),)),
        Actor("person:c", "Person", "Cy Crane", roles=(Role("USA", "Vice President", "vice president", "2017-01-20", "2021-01-20"),)),
    ])
    assert index.holder("USA", "president", date(2018, 6, 1)).actor.id == "person:a"
    assert index.holder("USA", "president", date(2022, 6, 1)).actor.id == "person:b"
    assert index.holder("USA", "vice president", date(2018, 6, 1)).actor.id == "person:c"
    assert index.holder("USA", "president", None) is None
    assert index.holder("FRA", "president", date(2018, 6, 1)) is None


# -- on text, with the real coder ------------------------------------------------------------
def test_namesake_a_surname_of_someone_long_out_of_office_is_not_linked(coder):
    """"Gates" in 2018 is not the defence secretary who left office in 2011."""
    text = "Gates told the court that he had lied to investigators."
    assert "person:robert-m-gates" not in linked(coder, text, date(2018, 2, 23), "Gates")


def test_namesake_a_surname_after_a_given_name_is_part_of_that_name(coder):
    text = "Dusty Baker said the team would recover. The Hague tribunal adjourned."
    found = {actor_id for _, actor_id, _ in mentions(coder, text, date(2004, 8, 20))}
    assert "person:james-baker" not in found and not any("hague" in a for a in found)


def test_namesake_a_full_name_earlier_in_the_document_wins_over_the_knowledge_base(coder):
    text = "Rick Gates, a former campaign aide, met prosecutors. Gates agreed to cooperate."
    found = mentions(coder, text, date(2018, 2, 23))
    gates = [actor_id for s, actor_id, _ in found if s == "Gates"]
    full = [actor_id for s, actor_id, _ in found if s == "Rick Gates"]
    assert full and gates == full


def test_a_person_named_in_full_then_by_honorific_is_one_actor(coder):
    text = ("Marisol Quintero-Vance, the mayor, opened the bridge on Monday. "
            "Ms. Quintero-Vance said the city would pay for it.")
    found = mentions(coder, text, date(2019, 4, 1))
    ids = {actor_id for s, actor_id, _ in found if "Quintero-Vance" in s}
    assert len(ids) == 1


def test_possessive_and_spelling_variants_join(coder):
    text = ("Supporters of Moqtada al-Sadr marched in Kufa. Muqtada al-Sadr's aides said "
            "the cleric would speak on Friday.")
    ids = {actor_id for s, actor_id, _ in mentions(coder, text, date(2004, 8, 20)) if "Sadr" in s}
    assert len(ids) == 1


def test_datelines_and_wire_prefixes_make_no_actor(coder):
    text = "NAJAF, Iraq (Reuters) - AFP - A mortar shell hit the city centre, police said."
    surfaces = {s for s, _, _ in mentions(coder, text, date(2004, 8, 20))}
    assert not surfaces & {"NAJAF", "AFP - A", "AFP"}
    later = ("A long first sentence pushes the dateline of this second story well past its paragraph's start. "
             "GAZA CITY, Gaza Strip (AP) - Crowds gathered. Reuters - A man said the talks failed.")
    surfaces = {s for s, _, _ in mentions(coder, later, date(2004, 8, 20))}
    assert not surfaces & {"GAZA CITY", "Reuters"}


def test_regions_and_corridors_are_no_organisation_or_person(coder):
    text = "Trade through the Caucasus and the Lachin Corridor stopped, Armenian officials said."
    found = {(s, a) for s, a, _ in mentions(coder, text, date(2023, 1, 5))}
    assert not any(a.startswith("local:") for _, a in found), found


def test_a_nationality_in_a_title_is_not_replaced_by_the_sentences_other_state(coder):
    """"Taiwanese President X met Japanese officials": X does not act for Japan."""
    events = coder.code_text("Taiwanese President Lin Wei-ming met Japanese officials in Tokyo.",
                             date(2019, 5, 2)).events
    assert events and all(e.source.part_of is None or e.source.part_of.iso3 != "JPN" for e in events)


def test_an_office_with_a_state_is_whoever_held_it_that_day(coder):
    text = "The American president spoke with North Korean leader Kim Jong Un about a summit."
    assert linked(coder, text, date(2018, 6, 1), "American president") == ["person:donald-j-trump"]
    assert linked(coder, text, date(2018, 6, 1), "North Korean leader") == ["person:kim-jong-un"]
    assert "person:donald-j-trump" not in linked(coder, text, date(2022, 6, 1), "American president")
    assert linked(coder, text, None, "American president") != ["person:donald-j-trump"]  # no date: no holder


def test_an_office_followed_by_someone_elses_name_is_not_the_holder(coder):
    text = "Former Japanese Prime Minister Yukio Hatoyama visited Seoul."
    assert "person:shinzo-abe" not in {a for _, a, _ in mentions(coder, text, date(2018, 6, 1))}


def test_a_leaders_administration_is_the_government_of_their_state(coder):
    text = "President Donald Trump spoke on Monday. The Trump administration later said it would act."
    found = mentions(coder, text, date(2018, 6, 1))
    assert any(s == "Trump administration" and a.startswith("gov:USA") for s, a, _ in found), found


def test_a_title_binds_a_person_to_the_nearest_body_regression(coder):
    """"fired FBI Director Jane Roe, … and his campaign's connections to Russia": the FBI's director,
    not Russia's (the rightmost state in the appositive used to win)."""
    text = ("The questions include Flynn, fired FBI Director Jane Roewick, former aide Tom Bell "
            "and his campaign's connections to Russia.")
    found = [m for m in coder.code_text(text, date(2018, 6, 1)).mentions if m.surface == "Jane Roewick"]
    assert found and found[0].actor.part_of is not None and found[0].actor.part_of.id.startswith("gov:USA")


def test_junior_is_not_his_father_regression(coder):
    text = "The meeting with Donald Trump, Jr. took place in June."
    found = mentions(coder, text, date(2018, 6, 1))
    assert "person:donald-j-trump" not in {a for _, a, _ in found}
    assert not any(s in ("Jr.", "Jr") for s, _, _ in found)  # "Jr." named Joe Biden ("Joseph R. Biden Jr.")


def test_undated_surname_of_two_heads_is_the_one_known_by_it_regression(coder):
    """Issue 16: with no date, "Obama" had two heads of government behind it (Barack Obama and
    Francisco Pascual Obama Asue, known as "Obama Asue") and was refused; the knowledge base lists
    "Obama" itself only for the first. "Bush" stays refused: father and son both go by it."""
    assert linked(coder, "Obama will hold talks in Nairobi.", None, "Obama") == ["person:barack-obama"]
    assert linked(coder, "Bush will hold talks in Nairobi.", None, "Bush") == []
