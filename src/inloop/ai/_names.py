"""People's names in free text (English and German), for :mod:`inloop.ai.extract`.

A name is one to four capitalised words ("Jane", "Mary-Jane O'Neill", "Hans-Peter
Müller-Lüdenscheidt", "W. de Vries"), found only where the text says it is a name: after an
introduction ("my name is", "I'm", "Name:"), a title ("Mrs", "Herr"), a role ("the other
driver, X", "my son X", "account holder X"), in a greeting ("Dear Sarah,") or a signature (a
name after "Kind regards," or "Thanks,", after a dash, or alone at the end); with no cue,
only a given name of the shipped list (``resources/given_names.txt``). These are heuristics:
the confidence (0.4 to 0.7) says how strong the cue is.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from importlib import resources

from inloop.ai import _when
from inloop.ai._address import RE_EN_STREET_WORD, STREET

Found = tuple[int, int, str, float]

# the letters of the Latin scripts (Vietnamese "Nguyễn", Serbian "Milošević", Polish "Wiśniewski")
_LATIN = [chr(c) for c in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)) if chr(c).isalpha()]
_UPPER = "A-Z" + "".join(c for c in _LATIN if c.isupper())
_LOWER = "a-z" + "".join(c for c in _LATIN if c.islower())  # with the Turkish dotless i
_TITLE = (
    r"(?:Mr|Mrs|Ms|Mx|Miss|Master|Dr|Prof|Professor|Doktor|Herr|Herrn|Frau|Hr|Fr|Sr|Sra|"
    r"Dipl\.-Ing|Dipl\.-Kfm|Ing|DI|Mag(?=\.a\b)\.a|Mag|Cllr|Councillor|POK|PHK|KHK|"
    r"Rechtsanwalt|Rechtsanwältin|RA|Fam|PC|PCSO|DC|DS|Sgt|Sergeant|Constable|Inspector|KOK|"
    r"Schwester|Polizeikommissar|Polizeikommissarin|Kommissar|Kommissarin|Shri|Smt|Sri|Shrimati|"
    r"Oberkommissar|Oberkommissarin|Hauptkommissar|Hauptkommissarin|Kriminalkommissar|"
    r"Kriminalkommissarin|Polizeiobermeister|Polizeiobermeisterin|Polizeihauptmeister|"
    r"Polizeihauptmeisterin|Polizeimeister|Polizeimeisterin|"
    r"Officer|Ofc|Detective|Insp|Coach|Garda|Inspektor|Inspektorin|Mdm|Puan|Encik|Alhaji|Engr|"
    # "Mme Gagnon", "Madame Élise Berthoud-Gerber", "Frau Notar Mag. Karin Hametner",
    # "Herr Kommerzialrat Ing. Friedrich Pölzl", "MLaw Seraina Flütsch"
    r"Mme|Madame|Monsieur|Mlle|Notar|Notarin|Kommerzialrat|Kommerzialrätin|Hofrat|Hofrätin|MLaw)"
)
_WORD = (
    rf"(?!{_TITLE}\b)"
    # Jane, Mary-Jane, O'Neill, D'Angelo (also with a typographic apostrophe), McDonald, MacLeod
    # DeShawn, LaToya, DiMaggio, LeBlanc
    rf"(?:[ae]l-|[A-Z]['\u2019]|Ma?c(?=[A-Z])|Nic(?=[A-Z])|(?:De|Di|Da|La|Le|Du)(?=[A-Z][a-z]))?"
    # "Ji-woo", "Seo-yeon", "Min-jun": a Korean given name's two syllables
    rf"(?:[{_UPPER}][{_LOWER}]{{1,3}}-[{_LOWER}]{{2,4}}(?![\w-])|"
    rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)*)"
)
_PARTICLE = (
    # (Malay "binti", "a/l", Tamil "s/o", "d/o": son or daughter of)
    r"(?:von|van|de|der|den|zu|du|da|di|la|le|del|della|dos|das|ter|ten|bin|binti|ibn|ap|Ó|Ní|"
    r"Van(?=[ ]+(?:der|den|de)\b)|Von(?=[ ]+(?:der|dem)\b)|"  # "Lucy Van der Merwe"
    r"Nic|Uí|Mac|a/l|a/p|s/o|d/o|"
    r"i(?=[ ][A-Z]))"
)
# German articles join a name only after another particle ("van der Berg", "von der Heide";
# not "bei den Nachbarn Kowalczyk das Tablet")
_PARTICLES = rf"(?:(?!(?:der|den|das)\b){_PARTICLE}[ ](?:{_PARTICLE}[ ])*)?"
_INITIAL = rf"[{_UPPER}]\.(?:-[{_UPPER}]\.)?[ ]?"  # "K. Trepte", "K.-H. Trepte"
# the words of a name stay on one line, apart by spaces (not a table's tabs)
_NAME = (
    rf"(?:(?:{_INITIAL}){{1,3}}{_PARTICLES}{_WORD}|(?:(?:Ó|Ní|Mac|Mc)[ ])?{_WORD})"
    # "Jordan M. Reyes": an initial between the words
    rf"(?:[ ](?:{_INITIAL})?{_PARTICLES}{_WORD}){{0,3}}"
)
_PHONE_DIGITS = r"\+?\d[\d ()/-]{6,}\d"  # a number to call as written: "+44 (0)7700 900 781"
# the name ends the clause, or a form's column ("Signature: B. Entwistle      Date: 20-1-24")
_ENDS = r"(?=[ \t]*(?:[,.;:!?()|\n\u00b7]|$)|[ ]{2,}|\t)"
# two or three words, first name and surname ("Jane Doe", "Gerrit van Dijk")
_FULL_NAME = rf"{_WORD}(?:[ ](?:{_INITIAL})?{_PARTICLES}{_WORD}){{1,2}}"
# one or two words in lower case, as some write their name ("maria lopez", "eileen o'connor")
_LOWER_WORD = rf"[{_LOWER}][{_LOWER}'-]+"
# "markus von der heide"
_LOWER_NAME = rf"{_LOWER_WORD}(?:[ ]{_PARTICLES}{_LOWER_WORD})?"

# as forms and mail headers write names: "MÜLLER, HANS", "Becker, Lukas", "ROSS MCALLISTER"
_CAPS_WORD = rf"(?:[A-Z]['\u2019])?[{_UPPER}]{{2,}}(?:-[{_UPPER}]{{2,}})*"
_CAPS_NAME = rf"{_CAPS_WORD}(?:[ ]{_CAPS_WORD}){{0,2}}"
_SURNAME_FIRST = (
    rf"(?:(?:Ó|Ní|Nic|Mac|Mc|Uí)[ ]|(?:van|von|de|di|da|du|le|la)[ ](?:(?:der|den|de|la)[ ])?)?"
    rf"(?:{_WORD}|{_CAPS_WORD}),[ ](?:{_WORD}|{_CAPS_WORD})(?:[ ](?:{_WORD}|{_CAPS_WORD}))?"
    r"(?:[ ][A-Z]\.)?"  # "Whitfield, Linda K."
)
# "NAME: MÜLLER, HANS", "Kontoinhaber: Fuchs, Tobias", "SURNAME: O'BRIEN", "Kunde: SCHMIDT, ANNA |"
_RE_FORM_NAME = re.compile(
    r"(?i:\b(?<!\bpet['\u2019]s\s)(?<!\bpet\s)"  # "Pet's name: Biscuit"
    r"(?:(?:full|customer|account|passenger|guest|your|patient)\s+)?(?:name|names)|forename|"
    r"first\s+name|given\s+name|surname|last\s+name|family\s+name|vorname|nachname|"
    r"(?:surname|last\s+name|family\s+name),\s*(?:first|given)\s+name|passengers|"
    r"karteninhaber(?:in)?|card\s*holder|unfallgegner(?:in)?|employee|student|resident|"
    r"bevollmächtigte[r]?(?:\s+person)?|im\s+pass\s+steht|(?:passport|licen[cs]e)\s+(?:says|reads)|"
    r"(?:nach)?name,\s*vorname|kunde|kundin|customer|passagier|passenger|versicherungsnehmer(?:in)?|"
    r"mitversicherte\s+person|kontoinhaber(?:in)?|account\s+holder|intestatario|taken\s+by|"
    r"empfänger(?:in)?|recipient|policy\s*holder|applicant|antragsteller(?:in)?|mieter(?:in)?|"
    r"tenant|vermieter(?:in)?|landlord|versicherte[r]?|insured|patient(?:in)?|caller|"
    r"anrufer(?:in)?|renter|driver\s+name|mitglied|versicherte/r|deliver\s+to|bill\s+to|"
    r"sold\s+to|ship\s+to|owner|ehefrau|ehemann|ehegatt(?:e|in)|kind|lebenspartner(?:in)?|"
    r"versicherungsnehmer/in|name,\s*vorname\s+des\s+\w+|personen|persons|subscriber|"
    r"taxpayer(?:\s+name)?|shipper|consignee|"
    r"(?:borrower|applicant|guest|person|driver)\s+\d)(?:\(s\))?\)?"
    # "Driver name (from receipt): Harjit"
    r"(?:[ \t]*\([^()\n]{1,30}\))?[ \t]*:[ \t]*"
    rf"(?:(?:{_TITLE})\.?[ \t]+)?({_SURNAME_FIRST}|{_CAPS_NAME}|{_CAPS_WORD}[ ]{_WORD})"
    r"(?=[ \t]*(?:[|(;\n]|\.(?:\s|$)|$)|[ \t]+\(|[ \t]+[\u2013-][ \t]|[ ]{2,}|\t|"
    r",[ \t]*(?i:tel|phone|mob|handy|geb|date|dob|born)\b|[ \t]+(?:&|and|und)[ \t])"
)
# "Passenger(s): Tran, Minh Anh; Tran, Bao": more people on the form's line
# ("Owner: CHEN, WEI & PATEL-CHEN, ANJALI")
# ("Personen (Name, Vorname): Karaca, Selin     Karaca, Emre     Wolf, Benjamin": in columns)
_RE_MORE_SURNAME_FIRST = re.compile(
    rf"(?:[ \t]*(?:;|&|and|und)[ \t]*|[ ]{{2,}}|\t+)({_SURNAME_FIRST})"
    rf"(?=[ \t]*(?:[|;\n]|$)|[ ]{{2,}}|\t)"
)
# a form's fields without colons, a surname's and a given name's on one line: "Name Petersen
# Vorname Matti", "Surname NAKAMURA-REID    Forenames Hana Elise", "VN: Name Eder  Vorname
# Christoph, Nonntaler Hauptstraße 40"
_FIELD_SURNAME = r"(?:Name|Nachname|Familienname|Surname|SURNAME|Last(?:[ ]name)?|Family[ ]name)"
_FIELD_GIVEN = (
    r"(?:Vornamen?|Vorname\(n\)|Forenames?|FORENAMES?|First(?:[ ]names?)?|Given[ ]names?)"
)
_RE_FIELDS_WITHOUT_COLON = re.compile(
    rf"(?<![\w:])(?:{_FIELD_SURNAME}[ \t]+(?P<surname>{_CAPS_WORD}|{_WORD})(?:[ ]{{2,}}|\t+)"
    rf"{_FIELD_GIVEN}[ \t]+(?P<given>{_WORD}(?:[ ]{_WORD})?)"
    rf"|{_FIELD_GIVEN}[ \t]+(?P<given2>{_WORD}(?:[ ]{_WORD})?)(?:[ ]{{2,}}|\t+)"
    rf"{_FIELD_SURNAME}[ \t]+(?P<surname2>{_CAPS_WORD}|{_WORD}))"
    r"(?=[ \t]*(?:[,;|\n]|$)|[ ]{2,}|\t)",
    re.M,
)
# a table of people, surname first in capitals, then the next column: "KOWALCZYK, Marta   Polish"
_RE_SURNAME_FIRST_ROW = re.compile(
    rf"^[ \t]*(?:\d{{1,2}}[.)][ \t]*)?({_CAPS_WORD},[ ](?:{_WORD}|{_CAPS_WORD})"
    rf"(?:[ ](?:{_WORD}|{_CAPS_WORD}))?)(?=[ ]{{2,}}|\t)",
    re.M,
)
# chat transcripts: "[19:02] Agent Priya:", "12:06 Kevin (Sonnenstrom):", "Carlos (Agent):",
# "[15/02/2023, 21:14] Olu Bankole:", "Pannenhilfe \u2013 Mareike:", "Agent Marcus (15:58):"
_AGENT = r"(?:agent|agentin|mitarbeiter(?:in)?|berater(?:in)?|advis[eo]r|rep|operator|support)"
# (and WhatsApp's export on Android: "02/06/2022, 08:12 - Siobhán Geraghty:")
_STAMP = (
    r"(?:\[[^\]\n]{1,25}\]|\(?\d{1,2}[:.]\d{2}(?::\d{2})?(?:[ \t]*[AaPp][Mm])?\)?|"
    rf"{_when.EXPORT_STAMP}[ \t]*[-\u2013])[ \t]*"
)
_RE_SPEAKER = re.compile(
    # "[10:22] Service (Melanie):"
    # (also quoted in a reply: "> Mitarbeiterin Jana: Wie lautet …?", "> Chloe (Live Chat):")
    rf"^[ \t]*(?:>[ \t]*)?(?:{_STAMP}(?i:service|kundenservice|kundendienst|team|hotline|{_AGENT})"
    rf"[ \t]*\(({_NAME})\)|{_STAMP}"
    # ("[10:22] Service - Melanie:"; "[15:15] Aoife - Greenlane Books:" is left to the turns)
    rf"(?:(?i:{_AGENT})[ \t]+)?({_NAME})(?![ \t]+[-\u2013\u2014@][ \t]+)"
    rf"|(?i:{_AGENT})[ \t]+({_NAME})|({_NAME})[ \t]*\((?i:agent|customer|kunde|kundin|"
    rf"{_AGENT}|live[ \t]*chat|chat|kundenservice|customer[ \t]+service)\))"
    r"[ \t]*(?:\([^()\n]{1,30}\))?[ \t]*:",
    re.M,
)
# an exported chat's turn: "[agent: Kwame]", "Nadia (Skyvale) · 4:40 PM" above the words
_RE_TURN_HEAD = re.compile(
    # "AGENT LEWIS:", "[14:02:11] AGENT CHLOE:", "BERATERIN KOCH:": a role and a name in capitals
    rf"^[ \t>]*(?:{_STAMP})?(?:AGENT|AGENTIN|BERATER|BERATERIN|MITARBEITER|MITARBEITERIN|ADVISOR|"
    rf"ADVISER|OPERATOR|CSR|REP)[ \t]+([{_UPPER}]{{2,}}(?:-[{_UPPER}]{{2,}})?)[ \t]*:|"
    rf"\[(?i:agent|agentin|mitarbeiter(?:in)?|berater(?:in)?|advis[eo]r|rep)[ \t]*:[ \t]*"
    rf"({_NAME})\]|^[ \t]*({_NAME})(?:[ \t]*\([^()\n]{{1,40}}\))?[ \t]*[\u00b7\u2022|][ \t]*"
    rf"\d{{1,2}}[:.]\d\d(?:[ \t]*[AaPp][Mm])?[ \t]*$",
    re.M,
)
_RE_INTRO = re.compile(
    rf"(?i:\b(?:my\s+name\s+is|my\s+name's|(?:his|her|their)\s+name\s+is|mein\s+name\s+ist|"
    rf"(?:my|his|her|their)\s+full\s+name(?:'s|\s+is)|"
    rf"ich\s+heiße|ich\s+heisse|this\s+is|hier\s+ist|hier\s+spricht|da\s+spricht(?:\s+die|\s+der)?|"
    rf"(?:my\s+|mein\s+|full\s+|member\s+|(?<!\bpet['\u2019]s\s)(?<!\bpet\s))name\s*:|"
    rf"(?:vor)?name\s+nachname\s*:|"  # (not "Pet's name: Biscuit")
    rf"(?<!for\s)contact\s*:|kontakt\s*:|ansprechpartner(?:in)?\s*:|"
    rf"account\s+holder\s*:?|kontoinhaber(?:in)?\s*:?|lautend\s+auf|lautet\s+auf|"
    rf"zugunsten\s+von|"
    rf"(?:booked|booking|booking\s+is|reservation|reserved)\s+under|familie|in\s+my\s+name,|"
    rf"ask\s+for|fragen\s+sie\s+nach|attn\.?:?|attention:|z\.\s?hd\.?(?:\s+v(?:on|\.))?|"
    rf"name\s+on\s+(?:the\s+)?(?:account|card|booking|ticket)\s*:?|(?:vorname|nachname|first\s+name|last\s+name|"
    rf"surname|family\s+name)\s*:|(?:their|our|the)\s+names\s+are|in\s+the\s+names?\s+of|"
    rf"auf\s+den\s+namen|auf\s+(?:den\s+)?nachnamen?|hei(?:ss|ß)t(?:\s+laut\s+\w+)?|namens|"
    # "his name was David Marsh", "hieß angeblich Michael Schmidt", "stellte sich als Herr X vor",
    # "he only gave his first name, Connor,"
    rf"(?:his|her|their|the|my)\s+name\s+was|hie(?:ß|ss)(?:\s+(?:angeblich|wohl|vermutlich))?|"
    rf"stellte\s+sich\s+(?:\w+\s+)?als|gave\s+(?:his|her|their)\s+(?:first\s+|full\s+)?name,?|"
    # "name is Kapoor", "Name on booking is Ava Lindström", "auf Name Hartwig", "her name badge
    # said Kerry", "you're through to Priya"
    rf"(?<!my\s)(?<!my\s\s)(?:the\s+)?name\s+is|name\s+on\s+(?:the\s+)?(?:booking|reservation|"
    rf"account|card|ticket|order)\s+is|auf\s+name|name\s*(?:badge|tag)\s+(?:said|says|read|reads)|"
    rf"(?:you're|you\s+are)\s+through\s+to|"
    # "(his badge said Marek)", "auf dem Namensschild stand Marek", "Sie sprechen mit Aylin.",
    # "You are now chatting with Agent Priya."
    rf"badge\s+(?:said|says|read|reads)|namensschild\s+(?:stand|steht)|sie\s+sprechen\s+mit|"
    rf"(?:you're|you\s+are)\s+(?:now\s+)?(?:chatting|speaking|talking)\s+(?:with|to)"
    rf"(?:\s+(?:agent|advis[eo]r))?|"
    # "Account name R Chaudhry", "(booking 44817-KH, name Ó Súilleabháin)"
    rf"account\s+name(?:\s+is)?\s*:?|(?<=,\s)name|(?<=\()name|"
    # "Name on his licence: Tomasz Wójcik-Nowak", "a man rang saying he was Will", "someone
    # calling himself Hendrik de Vries", "driver gave name as X", "my maiden name, X", "My legal
    # name is now X", "The new tenants are X and Y", "on-site contact is X", "heiße jetzt X",
    # "in der Buchung steht \u201eKwame Asanti\u201c", "her passport reads X"
    rf"name\s+on\s+(?:his|her|their|my|the)\s+(?:licen[cs]e|passport|card|account|booking|"
    rf"ticket|id)\s*(?::|is)|(?:said|saying|claimed|claiming)\s+(?:he|she)\s+(?:was|is)|"
    rf"(?:calling|called)\s+(?:himself|herself)|(?:nannte|nennt)\s+sich|"
    rf"gave\s+(?:(?:his|her|their)\s+)?name\s+as|"
    rf"(?:maiden|legal|married|birth)\s+name(?:\s+is(?:\s+now)?|\s+was)?\s*[,:]?|"
    rf"(?:new\s+)?(?:tenants?|owners?|occupiers?|residents?)\s+(?:are|is|will\s+be)|"
    rf"contact\s+is|hei(?:ß|ss)e\s+(?:jetzt|nun|seit\s+\w+)|"
    rf"(?:buchung|pass|ausweis|vertrag|ticket|booking|passport|licen[cs]e)\s+(?:steht(?:\s+aber)?|"
    rf"says|reads|shows)\s*:?))"
    rf"[ \t]+[\"\u201e\u201c'\u2018]?(?:{_TITLE}\.?[ \t]+)?"
    rf"((?:{_INITIAL}|[{_UPPER}][ ](?=[{_UPPER}][{_LOWER}]))?{_NAME})"
)
# "Konto lautet auf Pereira, Inês", "mein Name ist Berger, Anna.": surname first after a cue
_RE_INTRO_SURNAME_FIRST = re.compile(
    rf"(?i:\b(?:lautet|lautend|läuft)\s+auf|\bname(?:\s+on\s+(?:the|my|your)\s+\w+)?\s+(?:is|ist)|"
    rf"account\s+holder\s*:?|"
    rf"kontoinhaber(?:in)?\s*:?|(?:booking|reservation|buchung)\s+(?:is\s+)?under)[ \t]+"
    # "Her name is Al-Hassan, Lina, date of birth …"
    rf"({_SURNAME_FIRST})(?=[ \t]*(?:[.;|\n]|$|,[ \t]*(?i:date|dob|geb|born|tel|phone)\b))"
)
# "I'm Fatima Al-Sayed.", "it's Siobhan Murphy", "Emma Fitzgerald here"
_RE_INTRO_SHORT = re.compile(
    rf"(?i:\b(?:I'm|I\s+am|it's|its|it\s+is|ich\s+bin|ich\s+bin['\u2019]?s(?:\s+nochmal)?,?|"
    # "yes that's right, Daniel Okafor."
    rf"that['\u2019]?s\s+(?:right|correct),|"
    # "Hallo, hier Olga Petrenko,", "Hi, hier Marco (der blaue Passat)"
    rf"hier\s+ist|hier\s+spricht|(?:hallo|hi|hey|moin|servus|guten\s+tag)[ \t,]+hier)"
    # "it's er Shauna Gallagher", "hier ist der Dieter Klöckner ähm"
    rf"(?:\s+(?:der|die|er|erm|um|uh|äh|ähm))?)[ \t]+({_NAME})"
    rf"(?=[ \t]*[,.;!?(\n]|[ \t]*$|[ \t]+(?i:and|here|calling|speaking|ringing|again|btw|from|my|"
    rf"with|by\s+the\s+way|policy|reference|ref|account|about|regarding|"
    rf"i|i'm|i've|"
    rf"und|hier|wegen|mein|meine|aus|ähm|äh|erm|um|wir|ich)\b)"
)
# "Emma Fitzgerald here", "ja guten Abend Thomas Reinhardt hier"
_RE_HERE = re.compile(
    rf"(?:^|[,.!?:][ \t]+|\n|(?i:\b(?:ja|yeah|hallo|hello|hi|hiya|moin|servus|guten[ \t]+"
    rf"(?:tag|abend|morgen)|grüß[ \t]+gott|grüezi)[ \t,]+))({_NAME})[ \t]+(?:here|hier)\b"
    # "Aer Linnea, Siobhán speaking", "Council tax, Jodie speaking.": who answers a call
    rf"|(?:^|[,.!?:][ \t]+|\n)({_NAME})[ \t]+(?i:speaking|am[ \t]+apparat)\b"
    # "Guten Morgen, hier Kathrin Leitner.", "Guten Morgen, hier Meier, Jürgen."
    rf"|(?i:\b(?:hallo|servus|grüß[ \t]+gott|grüezi|guten[ \t]+(?:tag|abend|morgen)|moin))"
    rf"[ \t]*,?[ \t]+hier[ \t]+(?:ist[ \t]+)?({_SURNAME_FIRST}|{_FULL_NAME})(?=[ \t]*[.,;!]|$)"
    # "Servus, da is der Florian Mayrhofer."
    rf"|(?i:\bda[ \t]+is(?:t|ch)?[ \t]+(?:der|die|d))[ \t]+({_FULL_NAME})(?=[ \t]*[.,;!]|$)"
    # "Grüß Gott, Ferdinand Haslinger da, Polizzennummer …": a caller says who is on the line
    rf"|(?i:\b(?:hallo|servus|grüß[ \t]+gott|grüezi|guten[ \t]+(?:tag|abend|morgen)|moin))"
    rf"[ \t]*,?[ \t]+({_FULL_NAME})[ \t]+(?:da|am[ \t]+(?i:apparat))\b"
    # a voice message, surname first as said in Austria and Bavaria: "Guten Morgen Kerstin,
    # Aigner Sabine da", "Servus, Hackl Martin, mir san …", "Servas Alexander, Pichler Gernot, jo"
    rf"|(?:^|[,.!?:\"\u201e\u201c][ \t]*)({_FULL_NAME})[ \t]+da\b(?![ \t]+(?:ist|sind|war))"
    # (not a firm answering the phone: "Guten Tag, Möbelhaus Brandt, was kann ich …")
    rf"|(?i:\b(?:servus|servas|grüß[ \t]+gott|griaß[ \t]+di))"
    rf"(?:[ \t]+{_WORD})?[ \t]*,[ \t]+({_FULL_NAME})(?=[ \t]*,|[ \t]+(?:nomal|nochmal|aus|vo)\b)"
    rf"|(?i:\bguten[ \t]+(?:tag|abend|morgen))[ \t]*,[ \t]+({_FULL_NAME})"
    rf"(?=[ \t]+(?:nomal|nochmal|aus|vo)\b)"
)
# "hi its Ben Carter my sim stopped": an introduction right after a greeting
_RE_GREETING_INTRO = re.compile(
    rf"(?i:\b(?:hi|hey|hello|hiya|hallo)\b[ \t,!]*(?:yeah[ \t,]+)?(?:it's|its|it\s+is))"
    # (a whole word, and not before another capital, but "… Mo Farouk I'm meant to")
    rf"[ \t]+({_NAME})(?![\w'])(?![ \t]*(?!I\b)[{_UPPER}\d])"
)
# "From: Tom Baxter <tom.baxter@example.com>": a mail header whose address holds the name
# "*Von:* Nguyen, Minh <minh.nguyen@…>", "Cc: 'Svenja Paulsen' <svenja.paulsen@…>"
# "On Wed, Oct 12, 2022 at 11:47 AM Sanjay Verma <…> wrote:", "Von: Ostermann, Klaus
# (Bürgerdienste) <…>", "On Fri, 2 Apr 2021 at 09:12, Chloe from StyleWrap <…> wrote:"
_RE_HEADER = re.compile(
    rf"^[ \t>]*(?:\*?(?:From|To|Cc|Von|An|Absender):\*?|"
    rf"On\b[^\n<]{{0,80}}(?:,|\d[:.]\d\d(?:[ \t]*[AaPp]\.?[Mm]\.?)?)|"
    rf"Am\b[^\n<]{{0,80}}\sschrieb)[ \t]*[\"']?({_SURNAME_FIRST}|{_NAME})[\"']?"
    rf"(?:[ \t]+(?:from|von|at)[ \t]+[^<\n]{{1,40}}?|[ \t]*\([^()\n]{{1,40}}\))?"
    rf"[ \t]*<([^@<>\s]+)@",
    re.M,
)
# "To: Rory Gallagher-Wynn": a header line with a name and no address ("From:" lines: below)
_RE_HEADER_NAME = re.compile(
    rf"^[ \t>]*\*?(?:To|Cc|An):\*?[ \t]*({_SURNAME_FIRST}|{_FULL_NAME})[ \t]*$", re.M
)
_ROLES = (
    r"son|daughter|wife|husband|partner|mother|father|brother|sister|friend|neighbou?r|"
    r"freund|freundin|"
    r"colleague|landlord|landlady|tenant|driver|contractor|technician|engineer|plumber|agent|"
    r"advis[eo]r|manager|sohn|tochter|frau|mann|bruder|schwester|partnerin|mutter|vater|"
    r"nachbar(?:in)?|kollege|kollegin|vermieter(?:in)?|techniker(?:in)?|berater(?:in)?|"
    r"verursacher(?:in)?|fahrer(?:in)?|flatmate|roommate|housemate|mitbewohner(?:in)?|"
    r"gentleman|lady|installer|vet|doctor|dentist|nurse|hygienist|solicitor|lawyer|"
    r"anwalt|anwältin|arzt|ärztin|vermieterin|mieterin|nachbarin|niece|nephew|cousin|aunt|uncle|"
    r"grandmother|grandfather|grandma|grandpa|granny|grandson|granddaughter|dad|mum|mom|"
    r"(?:mother|father|brother|sister|son|daughter)-in-law|daughters|sons|children|kids|carer|"
    r"kinder|söhne|töchter|"
    r"instructor|trainer|teacher|cashier|receptionist|supervisor|assessor|adjuster|surveyor|"
    r"secretary|mate|chap|guy|bloke|man|woman|person|someone|somebody|accountant|builder|"
    r"electrician|courier|coach|tutor|therapist|officer|contact|mitarbeiter(?:in)?|"
    r"trainer(?:n|in|innen)?|kumpel|enkel(?:in)?|onkel|tante|oma|opa|schwieger(?:mutter|vater|sohn|"
    r"tochter)|betreuer(?:in)?|nachmieter(?:in)?|sachbearbeiter(?:in)?|kundenberater(?:in)?|"
    r"monteur|handwerker|hausmeister(?:in)?|zeuge|zeugin|lehrer(?:in)?|pfleger(?:in)?|"
    r"director|rep|representative|owner|nachbarn|sohnes|mannes|bruders|vaters|"
    r"lebensgefährte[n]?|lebensgefährtin|vormieter(?:in)?|inhaber(?:in)?|chef(?:in)?|"
    r"girl|boy|lad|lass|fella|fellow|concierge|porter|caretaker|cleaner|clerk|warden|midwife|"
    r"paramedic|pharmacist|physio|physiotherapist|housekeeper|doorman|pförtner(?:in)?|"
    r"couple|passenger|neffen|enkelin|kollegen|payee|beneficiary|roofer|locksmith|gardener|painter|decorator|joiner|carpenter|mechanic|handyman|glazier|"
    r"tiler|witness|cyclist|pedestrian|dachdecker(?:in)?|schlüsseldienst|maler(?:in)?|"
    r"gärtner(?:in)?|tischler(?:in)?|schreiner(?:in)?|mechaniker(?:in)?|radfahrer(?:in)?|"
    r"schwager|schwägerin|cousine|nichte|neffe|[a-zäöü]*leiter(?:in)?|salesman|saleswoman|"
    r"salesperson|shop\s+assistant|sales\s+assistant|verkäufer(?:in)?|polizist(?:in)?|"
    r"associate|tech|rider|pal|buddy|verlobte[rn]?|fiancée?|fiancee?|"
    r"polizeibeamte[r]?|polizeibeamtin|nurse|midwife"
)
# "my son, Conor McAllister", "the other driver, Daniel Porter, drove", "an agent called
# Jamie", "mein Sohn Lukas Meyer (geb. …)"
_RE_ROLE = re.compile(
    rf"(?i:\b(?:my|our|the|your|his|her|their|an?|mein|meine[mnrs]?|unser|unsere[mnrs]?|der|die|"
    rf"den|dem|des|ihr|ihre[mnrs]?|eure[mnrs]?|euer|sein|seine[mnrs]?|beim|vom|zum|"
    # "Dr. Feldman's nurse, Tamika,"
    rf"(?-i:{_WORD})['\u2019]s)[ \t]+"
    # "the gate agent", "our other director", "your smart meter installer"
    rf"(?:[a-z]+(?:['\u2019]s)?[ \t]+){{0,2}}(?:ex-|former[ \t]+|late[ \t]+)?(?:{_ROLES})"
    rf"(?:[ \t]+(?:called|named|by\s+the\s+name\s+of|is|(?:there[ \t]+|here[ \t]+)?was))?)[,:]?"
    rf"[ \t]+(?:(?i:der|die)[ \t]+)?[\u201e\u201c\"']?"
    rf"(?:(?:{_TITLE})\.?[ \t]+)*({_NAME})"
    rf"(?=[ \t]*(?:[,.;:!?()\u201c\u201d\"'\n]|$)|[ \t]+(?:is|was|will|has|had|can|drove|that|who|"
    rf"and|ist|war|wird|hat|kann|dass|und|mit(?:bringen|nehmen)?|die|der|noch)\b|"
    rf"[ \t]+[{_LOWER}\d])"
)
# "The electrician your office sent, Kevin, said": a role, a clause, then the name between commas
_RE_ROLE_APPOSITION = re.compile(
    rf"(?i:\b(?:my|our|the|your|his|her|their|an?)[ \t]+(?:[a-z]+[ \t]+)?(?:{_ROLES})"
    # "the new tenant for flat 3B, Ines Castellano," (not "Our tenant at Unit 7, Riverside …")
    rf"(?-i:(?:[ \t]+(?:[a-z'][\w']*|\d+[A-Za-z]?|(?<=\bin[ ])[A-Z][\w'-]+|"
    rf"(?<=\bfrom[ ])[A-Z][\w'-]+)){{1,4}})),[ \t]+({_NAME}),"
)
# "The receptionist who checked us out was called Bogdan"
_RE_CALLED = re.compile(
    rf"(?i:\b(?:{_ROLES})\b[^.!?\n]{{0,60}}?\b(?:was|is|were)\s+(?:called|named))[ \t]+({_NAME})"
    rf"(?=[ \t]*(?:[,.;!?()]|$)|[ \t]+(?:if|and|but|who)\b)"
)
# "The plumber who isolated it was Stuart Dunlop of Dunlop Plumbing"
_RE_ROLE_WAS = re.compile(
    rf"(?i:\b(?:the|our|your|my|other)\s+(?:{_ROLES})\b[^.!?\n,]{{0,40}}?\b(?:was|is))[ \t]+"
    rf"({_FULL_NAME})(?=[ \t]+(?:of|from|at|who|von|vom)\b|[ \t]*[,.;])"
    # "Driver was Gerry, reg 191-D-22817.", "driver was Thabo in a white Corolla"
    rf"|(?:^|[.!?:,][ \t]+|\n)(?i:(?:the[ \t]+)?(?:driver|rider|courier|engineer|technician|tech|"
    rf"agent|plumber|installer)[ \t]+was)[ \t]+({_NAME})(?=[ \t]*[,.;]|[ \t]+(?:in|from|at|who)\b)"
)
# "Groom: Callum Reid", "Zusatzfahrer: Marco Koch": a form's label for a person
_RE_LABEL = re.compile(
    rf"(?i:\b(?:groom|bride|(?:additional\s+|second\s+)?driver|passenger|guest|tenant|patient|"
    rf"recipient|beneficiary|policy\s*holder|card\s*holder|applicant|traveller|"
    rf"(?:zusatz|bei)?fahrer(?:in|/in)?|mieter(?:in)?|patient(?:in)?|empfänger(?:in)?|"
    rf"versicherungsnehmer(?:in)?|antragsteller(?:in)?|reisende[r]?|teilnehmer(?:in)?|"
    rf"ordered\s+by|deliver(?:ed)?\s+to|bestellt\s+von|lieferung\s+an|zeuge|zeugin|"
    rf"main\s+driver|geschäftsführ(?:er|erin|ung)|vorstand|inhaber(?:in)?|gesellschafter(?:in)?|"
    rf"managing\s+directors?|directors?|others|other\s+travell?ers|mitreisende|"
    rf"weitere\s+(?:personen|reisende)|versicherte\s+personen?|insured\s+persons?|passengers|"
    rf"klingelschild|klingel|briefkasten|doorbell|name\s+on\s+the\s+(?:door|bell|doorbell)|"
    rf"(?:sach)?bearbeiter(?:in)?|handled\s+by|processed\s+by|intestatario|titular|"
    rf"payee|beneficiary|begünstigte[r]?|partner(?:in)?|partners|parent(?:/guardian)?|guardian|"
    rf"guarantor|bürge|bürgin|witness(?:es)?|signed|unterschrift|submitted\s+by|eingereicht\s+von|"
    rf"landlord|landlady|vermieter(?:in)?|bearb\.|employee|student|resident|bevollmächtigte[r]?|"
    # "Mitglied: Kübra Çelik", "Name on account: Samuel Okonjo"
    rf"mitglied|member|name\s+on\s+(?:the\s+)?(?:account|card)|account\s+name|"
    rf"vertragsinhaber(?:in)?|vertragspartner(?:in)?|anschlussinhaber(?:in)?|renter|hirer|"
    rf"notiert|aufgenommen\s+von|sender|insured|policy\s+owner|consumer\s+name|customer\s+name|"
    # a form's people: "Subscriber:", "Lead name:", "Next of kin:", "Occupants:", "Installer:"
    rf"subscriber|taxpayer(?:\s+name)?|shipper|consignee|occupants?|lead\s+name|next\s+of\s+kin|"
    rf"names\s+of\s+all\s+guests|counter\s+agent|installer|account\s+holder(?:\(s\))?|"
    rf"parent/guardian(?:\s+present)?|plan\s+member|participant|teilnehmer/in|"
    # a vet's invoice: "Besitzerin: Sandra Häfliger" (not "Client:", a chat's speaker too)
    rf"besitzer(?:in)?|tierhalter(?:in)?"
    rf"(?:\s+person)?))(?:[ \t]+\d{{1,2}})?"
    rf"[ \t]*:[ \t]*(?:(?:{_TITLE})\.?[ \t]+)*({_NAME})(?:{_ENDS}|(?=[ \t]+[-\u2013][ \t])"
    # "Renter: Lachlan & Ruby O'Connell": the second name follows (_RE_MORE_NAMES)
    rf"|(?=[ \t]+(?:&|and|und)[ \t]+{_FULL_NAME}{_ENDS}))"
)
# "Geschäftsführer: Markus Lenz, Petra Lenz-Albrecht": more people after a label
_RE_MORE_NAMES = re.compile(
    # "Vorstand: Dr. Henrike Bredow (Vorsitzende), Arne Thiessen", "Annette Vogel, LL.M., …",
    # "Dipl.-Ing. (FH) Ute Keller-Baumann"
    rf"(?:,[ \t]*(?:LL\.[ ]?M\.|MBA|M\.[ ]?A\.|B\.[ ]?A\.|Ph\.[ ]?D\.|PhD|M\.[ ]?Sc\.))?"
    rf"(?:[ \t]*\([^()\n]{{1,30}}\))?[ \t]*(?:,|;|&|and|und)[ \t]+"
    rf"(?:(?:{_TITLE})\.?(?:[ \t]*\(FH\))?[ \t]+)*({_FULL_NAME}){_ENDS}"
)
# "Mrs Okafor", "Frau Dr. med. Sabine Ruiz-Tegtmeier"
# "Engineer (Nkosi)", "gate agent (badge: Imelda)"
# "Name: WONG Ka Ming", "Name: LAU Wing Yee": a surname in capitals before the given names
_RE_CAPS_SURNAME_LABEL = re.compile(
    rf"(?i:\b(?:name|full\s+name|customer\s+name|consumer\s+name|account\s+holder|insured|"
    rf"sender|policy\s*holder)[ \t]*:)[ \t]*({_CAPS_WORD}(?:[ ]+{_WORD}){{1,3}})"
    rf"(?=[ \t]*(?:[,;|\n]|$))",
    re.M,
)
_RE_ROLE_BRACKET = re.compile(
    rf"(?i:\b(?:{_ROLES}|agent|engineer|support)(?:['\u2019]s)?)[ \t]*\("
    rf"(?i:badge:?|name:?|namensschild)?[ \t]*"
    rf"(?:(?:{_TITLE})\.?[ \t]+)?({_NAME})(?:,[^()\n]{{1,24}})?\)"
)
_RE_TITLED = re.compile(
    # (not "68.50 Fr. Bitte erstatten": francs after a sum)
    rf"(?<!\d[ ])\b(?:{_TITLE}|mr|mrs|ms|fam|herr|frau|fr|hr)\.?(?:[ \t]+{_TITLE}\.?)*"
    rf"(?:[ \t]+(?:med|dent|vet|phil|jur|rer\.[ \t]*nat)\.){{0,2}}"
    # "Mr van der Merwe", "Herr von Bülow", "Mr K Osei"
    rf"[ \t]+((?:{_PARTICLE}[ ]+)+{_WORD}|[A-Z][ ]{_WORD}|{_NAME})"
)
_CLOSING = (
    r"(?:(?:best|kind|kindest|warm|warmest|many\s+thanks\s+and)\s+regards|regards|"
    r"(?:best|warm|warmest|kind|all\s+good)\s+wishes|thanking\s+you|"
    r"thanks\s+(?:heaps|a\s+million|a\s+mil|a\s+lot|again)|"
    r"yours\s+(?:sincerely|faithfully)|sincerely|(?:many\s+)?thanks(?:\s+so\s+much)?|"
    r"thank\s+you|cheers|best|thx|ta|danke|vielen\s+dank|besten\s+dank|danke\s+schön|"
    r"(?:danke|merci)\s+vielmal[s]?|"
    r"bitte\s+um\s+(?:rückruf|antwort|rückmeldung|kurze\s+rückmeldung)|greetings|"
    # Dutch: "Groetjes, Daan Visser"
    r"groetjes|groeten|met\s+vriendelijke\s+groet(?:en)?|mvg|"
    # in the writer's own language, or translated word by word: "Cordiali saluti, X",
    # "Pozdrawiam, X", "Mit Respekt\nX"
    r"cordiali\s+saluti|saluti|sayg\u0131lar(?:\u0131mla)?|mulțumesc|multumesc|pozdrawiam|pozdrowienia|"
    r"saludos|un\s+saludo|atentamente|cumprimentos|\u0441\s+\u0443\u0432\u0430\u0436\u0435\u043d\u0438\u0435\u043c|mit\s+respekt(?:\s+und\s+"
    r"vielen\s+dank)?|with\s+respect|"
    # Swiss German: "Gruess, Reto"
    r"gr(?:u|ü)ess(?:li)?|"
    r"hochachtungsvoll|respectfully|yours\s+truly|all\s+the\s+best|take\s+care|warmly|"
    # thanks in the writer's own language: "Dziękuję, Katarzyna Wójcik"
    r"go\s+raibh\s+maith\s+agat|dziękuję|dziekuje|gracias|grazie|obrigad[oa]|teşekkürler|"
    r"tesekkurler|hvala|dank\s+je(?:\s+wel)?|tack|kiitos|"
    r"(?:danke|thanks|merci)\s+(?:und|and|&)\s+(?:gr(?:u|ü)(?:ß|ss)e?|regards)|baba|tschüss|ciao|"
    r"merci(?:\s+vielmal|\s+viumau|\s+beaucoup)?|"
    r"gr(?:u|ü)(?:ß|ss)e?\s+aus\s+(?:\d{4,5}\s+)?[^\W\d]\w*|"
    # Bavarian, Swabian, Austrian, Ruhr: "Gruaß Vroni", "Grüßle, X", "Pfiat Eana, X", "Tschö, X"
    r"gruaß|griaß\s+di|grüßle|grüßla|pfiat\s+eana|pfiat\s+di|tschö|dank\s+ihn(?:en)?|"
    r"mit\s+freundlichen\s+grü(?:ß|ss)en|freundliche\s+grü(?:ß|ss)e|viele\s+grü(?:ß|ss)e|"
    r"beste\s+grü(?:ß|ss)e|liebe\s+grü(?:ß|ss)e|herzliche\s+grü(?:ß|ss)e|grü(?:ß|ss)e|"
    r"gru(?:ß|ss)|mfg|glg|vlg|lg|vg|[a-zäöü]+e\s+grü(?:ß|ss)e|"
    # "Merci und en schöne Tag, Corinne", "have a nice day, Tom", "schönen Abend noch, Eva"
    r"(?:(?:merci|danke|thanks|thank\s+you)\s+(?:und|and|&)\s+)?(?:have\s+a\s+|en\s+|einen\s+)?"
    r"(?:nice|good|great|lovely|schöne[nrs]?)\s+(?:day|weekend|evening|tag|abend|wochenende)"
    r"(?:\s+noch)?)"
)
# "i.A. Jana Wittkowski", "p.p. Arthur Pendlebury": signing for someone
_ON_BEHALF = (
    r"(?:(?:i\.[ \t]?[AV]\.|ppa\.|p\.[ \t]?p\.|pp|(?i:im[ \t]+auftrag|in[ \t]+vertretung))"
    r"(?:[ \t]+|[ \t]*\n[ \t>]*))?"
)
# "Kind regards,\nJane Doe" (the name on its own line)
_RE_CLOSING_LINE = re.compile(
    rf"^[ \t>]*(?:(?i:{_CLOSING})[ \t,.!]*|--[ \t]*)\n(?:[ \t>]*\n)*[ \t>]*{_ON_BEHALF}"
    # "Edith Wainwright (Mrs)"
    # "KHOURY Rami": a surname in capitals first
    rf"(?:{_TITLE}\.?[ \t]+)?({_SURNAME_FIRST}|{_CAPS_WORD}[ ]{_WORD}|{_NAME})"
    rf"(?:[ \t]*\([^()\n]{{1,40}}\))?"
    # "Stuart McAllister BEng (Hons) MIET", "Lisa Gruber, Filialleitung"
    rf"(?:[ \t]+(?:[A-Z][a-z]*[A-Z][A-Za-z]*|\([^()\n]{{1,20}}\)))*"
    rf"[ \t]*(?:\|[^\n]*|[ \t](?:at|from|@)[ \t]+[^\n]{{1,40}}|,[ \t]*[^\n,\d@]{{2,40}})?(?:\n|$)",
    re.M,
)
# "… Thanks, Sam", "Cheers, Rhys Evans", "Gruß Tobias", "LG Ahmet aus Wohnung 3"
_RE_CLOSING_SAME_LINE = re.compile(
    rf"(?:^[ \t>]*|(?<=[.!?])[ \t]+|(?<=,)[ \t]+(?=(?i:thanks|thank\s+you|cheers|danke)\b))"
    rf"(?i:{_CLOSING})(?:[ \t]*[,!][ \t]*|[ \t]+)({_NAME})"
    rf"(?=[ \t]*(?:$|[,\n(]|[ \t]+(?:from|aus|von|&|and|und|for|für|flat|apt|wohnung)\b|[ \t]+[&+]|"
    rf"[ \t]+\+?\d|"
    # "Thanks, Arjun Ramaswamy. Mob: 07700 …", "Perfect, thanks Daniela."
    rf"[ \t]*\.(?:[ \t]*$|[ \t]+(?i:mob|tel|phone|mobile|handy|ph|cell|e-?mail)\b|"
    rf"[ \t]+[{_UPPER}])|"
    rf"[ \t]+[-\u2013\u2014]))",
    re.M,
)
# "… ist danke Jana": a closing and a name that end the text, without punctuation before
_RE_CLOSING_AT_END = re.compile(
    rf"\s(?i:thanks|thank\s+you|cheers|thx|danke|gruß|gruss|lg|vg|x{{1,3}}|xo)[ \t,]+({_NAME})"
    rf"[ \t.!]*\Z"
)
# "Can you check? Nadia": one capitalised word alone after the last sentence
# "Can you check? Nadia", "… confirm? Sarah (fleet)", "… reopening. Dmitri Volkov, manager"
_RE_LAST_WORD = re.compile(
    rf"[.!?]\s+((?:{_INITIAL})?{_WORD})(?:[ \t]*(?:&|and|und)[ \t]+{_WORD})?"  # "Farida & Kamal"
    rf"(?:[ \t]*\([^()\n]{{1,60}}\))?"
    rf"(?:[ \t,]+(?:\+|0)[\d ()/]{{8,}}\d)?"  # "Leanne 07700 900 105"
    rf"(?:,[ \t]*[{_UPPER}][{_LOWER}]+)?[ \t.!]*\Z"  # "Sunita, Bengaluru"
)
_RE_EXCLAIMED = re.compile(r"[ \t]*!")
_RE_NAME_ROLE = re.compile(rf"[.!?]\s+({_NAME}),[ \t]+(?:[{_LOWER}]+[ \t]*){{1,3}}[.!]?[ \t]*\Z")
# "gruß aus dem 3. OG, Melanie", "Greetings from sunny Leeds, Tom"
_RE_CLOSING_FROM = re.compile(
    rf"(?i:\b(?:gr(?:u|ü)(?:ß|ss)e?|greetings|cheers|love))[ \t]+(?i:aus|from|von)\b[^\n,]{{1,30}},"
    rf"[ \t]*({_NAME})[ \t.!]*\Z"
)
# "lg lena", "grüße, aleksandra nowak": a closing and lower-case words that end the text
_RE_LOWER_AT_END = re.compile(
    rf"(?:^|[\s.!?])(?i:{_CLOSING})[ \t]*,?[ \t]+"
    rf"((?:[{_LOWER}]\.[ ]?)?{_LOWER_NAME})"  # "lg m. hofbauer"
    rf"(?:,[ \t]*(?i:whg|wohnung|flat|apt)\.?[ \t]*\w+)?[ \t.!]*\Z"  # "lg andrea rieder, whg 4"
)
# "hi this is maria lopez, …", "hi it's jonny reid from flat 9": a lower-case name at the start
_RE_LOWER_INTRO = re.compile(
    rf"(?:\A|[:\n])[ \t]*(?i:hi|hey|hello|hiya|hallo|moin|servus)\b[ \t,!]*"
    rf"(?:this\s+is|it's|its|it\s+is|hier\s+ist|ich\s+bin)[ \t]+"
    rf"({_LOWER_NAME})"
    rf"(?=[ \t]*,|[ \t]+(?:from|here|hier|aus|von)\b|[ \t]*(?:[^\w\s]{{1,4}}[ \t]*)?\()"
)
# "Nguyen Thi Lan, Tel. 0341 …": a name that starts the last words, before a phone label
_RE_NAME_PHONE = re.compile(
    rf"(?:^|[.!?][ \t]+|\n)({_NAME}),[ \t]+(?i:tel\.?|phone|mobile|mob\.?|handy|telefon)\b"
)
# "Bei Fragen: Silvia Odermatt, 041 760 33 18.": a full name, then a number to call
_RE_NAME_NUMBER = re.compile(
    # (or after a comma: "Bestellnr. BM-22-88310, Bernd Schuster, 0171 4428390", "our logistics
    # coordinator, Sandra Oyelowo, 480-555-0125"; after "is": "Site super is Ray Dominguez, …")
    rf"(?:^|[.!?:][ \t]+|\n|[ \t][-\u2013][ \t]|(?<=,[ ])|(?<=\bis[ ]))[ \t]*(?:[-*\u2022][ \t]+)?"
    rf"({_FULL_NAME})(?:[ \t]*\([^()\n]{{1,20}}\))?,[ \t]+\+?\d[\d ()-]{{6,}}\d\b(?![./])"
)
# "überweisen: Aylin Kaya-Schröder, DE38638843510757035952": an account holder and the IBAN
_RE_NAME_IBAN = re.compile(
    rf"(?:^|[:.!?\n][ \t]*)({_FULL_NAME}),?[ \t]+(?:IBAN:?[ \t]*)?"
    r"[A-Z]{2}\d{2}[ ]?[A-Z0-9]{4}"
)
# "Details: Brooke Tannahill, brooke.t@example.com.au, 0412 555 083": a name and a mail address
_RE_NAME_EMAIL = re.compile(
    rf"(?:^|[:\n][ \t]*|[.!?][ \t]+)({_FULL_NAME}),[ \t]+[\w.+-]+@[\w-]+\.[\w.]+"
)
# "Vertrag KR-7731-0042\nSvetlana Kuznetsova-Lang\n0176 5512 3390": the writer's name above
# the number that ends the text
_RE_NAME_ABOVE_PHONE = re.compile(
    rf"(?:\A|\n)[ \t]*({_FULL_NAME})[ \t]*\n[ \t]*(?:(?i:tel|phone|mob|mobile|handy)\.?:?[ \t]*)?"
    rf"{_PHONE_DIGITS}[ \t]*\Z"
)
# "(Maya Petrović, 07700 900 803)"
_RE_BRACKET_PHONE = re.compile(rf"\(({_FULL_NAME}),[ \t]*\+?\d[\d ()/-]{{6,}}\)")
# "senden Sie bitte an mich: Reinhard Pfennig, Am Anger 2, 06110 Halle": a name before a street
_RE_NAME_STREET = re.compile(
    # "Lars Pietsch \u00b7 Am Kiefernhang 2 \u00b7 15537 Erkner": a letter's sender line
    rf"(?:^|[.!?:][ \t]+|\n)[ \t]*({_FULL_NAME})[ \t]*[,\u00b7\u2022][ \t]+(?:{STREET}|c/o\b)"
)
# "c/o Wendt, Lerchenfeld 5", "c/o Familie Brandstetter": in care of a person
_RE_CARE_OF = re.compile(
    rf"\bc/o[ \t]+(?:(?:Familie|Fam\.|Family|{_TITLE}\.?)[ \t]+)?({_NAME})(?=[ \t]*(?:[,\n]|$))"
)
# "(Dave from DJ Plumbing)", "'Steven from your fraud team'": a name that says where it is from
_RE_NAME_FROM = re.compile(
    rf"[(\u2018\u201c\"']({_WORD}(?:[ ]+{_WORD})?)[ \t]+(?:from|von|at)[ \t]+"
    rf"(?:your|the|our|[{_UPPER}\d])[^()\n\u2019\u201d\"']{{0,40}}[)\u2019\u201d\"']"
)
# "I spoke to Kieran in your office", "sprach mit Jens von der Hotline"
_RE_SPOKE_TO = re.compile(
    rf"(?i:\b(?:spoke|talked|spoken|speaking|discussed|dealt|chatted|sprach|gesprochen|"
    rf"telefoniert)[ \t]+(?:to|with|mit))"
    rf"[ \t]+(?:(?:{_TITLE})\.?[ \t]+)?({_NAME})"
    rf"(?=[ \t]*[,.;!?(]|[ \t]+(?i:in|at|from|on|who|yesterday|last|earlier|this|about|and|"
    rf"von|vom|aus|am|gestern|heute|und|über)\b)"
)
# "a cut and colour with Jade next week", "Physio with Josh on Mon", "Termin … bei Selma": the
# person an appointment is with, a given name of the shipped list (not "with Visa")
_RE_WITH_STAFF = re.compile(
    rf"(?i:\b(?:appointment|appt|booking|booked|session|class|lesson|consult(?:ation)?|physio|"
    rf"cut|colou?r|massage|treatment|check-?up|fitting|viewing|facial|trim|highlights|nails|"
    rf"termin|sitzung|stunde|behandlung|beratung|haarschnitt|schnitt|training)\b"
    rf"(?:[^.!?\n]|(?<=\d)[.:](?=\d)){{0,40}}?\b(?:with|mit|bei))[ \t]+({_WORD})"
    rf"(?=[ \t]*(?:[,.;!?()]|$)|[ \t]+(?i:on|at|next|this|tomorrow|today|again|or|and|for|"
    rf"am|um|an|heute|morgen|nächste[nr]?|oder|und|für)\b)",
    re.M,
)
# "a reservation for May 30 - June 2 under Kowalski": the name a booking is held under
_RE_UNDER = re.compile(
    rf"(?i:\b(?:reservation|booking|booked|reserved|table|room|reservierung|gebucht|reserviert)\b"
    rf"(?:[^.!?\n]|(?<=\d)[.:](?=\d)){{0,40}}?\b(?:under|unter)"  # ("at 8.15, under Costa")
    rf"(?:[ \t]+(?:the[ \t]+)?name(?:[ \t]+of)?|[ \t]+dem[ \t]+namen)?)"
    rf"[ \t]+(?:(?:{_TITLE})\.?[ \t]+)?({_NAME})"
    rf"(?=[ \t]*(?:[,.;!?()]|$))"
)
# "Nachname: van der Meulen": a surname that starts with its particle, after its label
_RE_SURNAME_LABEL = re.compile(
    rf"(?i:\b(?:nachname|familienname|last\s+name|surname|family\s+name)[ \t]*:)[ \t]*"
    rf"((?:{_PARTICLE}[ ]+)+{_WORD}){_ENDS}"
)
# "Bernd und Sabine Rupprecht", "Maya & Theo" on a line of their own (a signature or a letter's
# sender), and "Maria Tönnies        Heinrich Tönnies" (two signatures side by side)
_RE_COUPLE = re.compile(
    rf"^[ \t]*({_WORD}|{_FULL_NAME})[ \t]+(?:und|and|&)[ \t]+({_NAME})[ \t]*$"
    rf"|^[ \t]*({_FULL_NAME})[ \t]{{3,}}({_FULL_NAME})[ \t]*$",
    re.M,
)
# "From: Amara Nwachukwu" in a quoted message's header
_RE_FROM_LINE = re.compile(
    rf"^[ \t>]*\*?(?:From|Von|Absender):\*?[ \t]*"
    rf"({_FULL_NAME})[ \t]*$",
    re.M,
)
# "Hi Sam, please pay it by Friday.\nOliver\n\n…": a first name alone between a sentence and a
# blank line (a signature inside a forwarded message)
_RE_NAME_BLOCK = re.compile(rf"[.!?][ \t]*\n[ \t>]*({_WORD})[ \t]*\n[ \t>]*\n")
# "mein name ist oksana melnychuk,", "hi my name is deepika subramanian and"
_RE_LOWER_NAMED = re.compile(
    rf"(?i:\b(?:my\s+name\s+is|my\s+name's|mein\s+name(?:\s+ist)?|name\s+ist|ich\s+heiße|"
    rf"ich\s+heisse))[ \t]+"
    # "name ist kessler, jannik": surname first
    rf"({_LOWER_WORD},[ ]{_LOWER_WORD}|{_LOWER_NAME})"
    rf"(?=[ \t]*(?:[,.\n]|\Z)|[ \t]+(?:and|und|ich|i|my|mein|meine)\b)"
)
# "Name: siobhan o'reilly", "auf den namen weidinger", "Name Kowalski.": a name after the word
# for it, in lower case too
_RE_NAME_SAID = re.compile(
    rf"(?:(?i:\b(?:name|full\s+name|vor-?\s*und\s+nachname)[ \t]*:|\b(?:auf\s+den\s+namen|"
    rf"unter\s+dem\s+namen|under\s+the\s+name(?:\s+of)?))[ \t]*"
    rf"(?:(?i:dr|prof|mr|mrs|ms|herr|frau)\.?[ \t]+)?"
    rf"({_LOWER_WORD}(?:[ ]+(?!(?:danke|thanks|thx|bitte|please)\b){_LOWER_WORD})?|{_NAME}))"
    rf"(?=[ \t]*(?:[,.;!?\n]|\Z)|[ \t]+(?i:danke|thanks|thx|bitte|please)\b)"
)
# "Name Kowalski.", "Party of five, name's Delgado.", "Name's Karen Whitfield."
_RE_NAME_WORD = re.compile(
    rf"\b(?:Name|name)(?:['\u2019]s)?[ \t]+({_NAME})(?=[ \t]*(?:[,.;!?\n]|\Z))"
)
# "this is mark from flat 4", "hier is mark aus whg 3": a lower-case first name and where from
_RE_LOWER_FROM_FLAT = re.compile(
    rf"(?i:\b(?:this\s+is|it'?s|hier\s+ist?|ich\s+bin))[ \t]+({_LOWER_WORD})[ \t]+"
    rf"(?i:from|in|at|aus|von)[ \t]+(?i:flat|apt|apartment|unit|room|no\.?|number|whg|wohnung|"
    rf"haus|zimmer)\b"
)
# "the name is misspelled as "Jon Smyth"", "Name inside the diary: Cecile Martin", "name on the
# ticket was A. Kaur", "steht mein Name als NGUYEN THI MAI ANH", "heißt sie „Schulte“": a name
# said to be one, and the one it is said instead of ("instead of "John Smith"", "statt X")
_QUOTE_OPEN = "[\"\u201e\u201c\u2018']?"
_QUOTE_CLOSE = "[\"\u201c\u201d\u2019']?"
_RE_NAME_IS = re.compile(
    rf"(?i:\b(?:name|namen|heißt|heisst)\b)[^.!?\n:;(]{{0,40}}?"
    rf"(?:(?:(?i:\b(?:is|was|as|als|ist|war|lautet|reads|says|said)\b)|:)[ \t]*"
    rf"(?:(?i:now|jetzt|nun|übrigens|btw|by[ \t]+the[ \t]+way|actually)[ \t,]+)?{_QUOTE_OPEN}"
    # "mit falschem namen „Sarah Müler“": a quoted name right after the word
    rf"|(?<=\s)[\"\u201e\u201c])"
    # "name was O'Halloran, Seamus and his reg", "name ist übrigens Ferreira da Costa, Beatriz"
    rf"((?:{_TITLE}\.?[ \t]+)?(?:{_SURNAME_FIRST}(?=[ \t]*(?:[.;!?()\n]|$|(?i:and|und)\b))|"
    rf"{_CAPS_NAME}|{_NAME})){_QUOTE_CLOSE}"
    rf"(?=[ \t]*(?:[,.;:!?()\n]|$|(?i:instead|statt|but|aber|without|ohne|im|in|on|and|und)\b))"
)
# "Chloe Rashidi (née Pennington)", "(was Aaliyah Brooks)", "Nadia Kuhlmann, geb. El-Hadi": the
# name someone had before
_RE_NAME_BEFORE = re.compile(
    rf"(?:\((?:née|nee|geb\.|geborene?|was|formerly|previously|früher)|"
    rf"(?<=[,(][ ])(?:née|geb\.|geborene?))[ \t]+({_NAME})(?=[ \t]*[),.;\n])"
)
# "should change from Jessica Marie Olsen to Jessica Marie Delgado": a name's change
_CHANGED = r"\b(?:chang|updat|switch|correct|änder|geänder|korrigier)"
_NAME_CHANGE = (
    rf"(?i:(?:{_CHANGED}\w*[^.!?\n]{{0,40}}?\bnamen?s?\b|\bnamen?s?\b(?=[^.!?\n]*{_CHANGED}))"
    r"[^.!?\n]{0,60}?\b(?:from|von))[ \t]+"
)
_RE_NAME_CHANGE_FROM = re.compile(
    rf"{_NAME_CHANGE}({_FULL_NAME})[ \t]+(?i:to|auf|in|zu)[ \t]+{_FULL_NAME}(?![\w'-])"
)
_RE_NAME_CHANGE_TO = re.compile(
    rf"{_NAME_CHANGE}{_FULL_NAME}[ \t]+(?i:to|auf|in|zu)[ \t]+({_FULL_NAME})(?![\w'-])"
)
_RE_INSTEAD_NAME = re.compile(
    rf"[ \t]*,?[ \t]*(?i:instead\s+of|statt|but\s+(?:my|her|his)\s+\w+\s+(?:says|reads)|"
    rf"im\s+pass\s+aber)[ \t]+{_QUOTE_OPEN}((?:{_CAPS_NAME}|{_NAME})){_QUOTE_CLOSE}"
)
# "Mobile 07700 900 781, Jas Sandhu": a name after a phone number at the end
_RE_PHONE_THEN_NAME = re.compile(rf"{_PHONE_DIGITS}[ \t]*,[ \t]*({_FULL_NAME})[ \t.!]*\Z")
# "joint account with Cian", "intestato a Chiara Benedetti", "(angeblich „Robert Klein“, …)"
_RE_HELD_WITH = re.compile(
    rf"(?i:\b(?:joint\s+account\s+with|gemeinschaftskonto\s+mit|intestat[oa]\s+a|"
    rf"angeblich|allegedly|supposedly|sogenannte[rn]?))[ \t]+{_QUOTE_OPEN}({_NAME}){_QUOTE_CLOSE}"
    rf"(?=[ \t]*[,.;!?()\n]|[ \t]*\Z)"
)
# "Kunde: ja guten Tag Dragan Petrović ich ziehe um", "hello yes it's uh X": a full name after a
# greeting, before "ich" or "I"
_RE_GREETING_NAME_I = re.compile(
    rf"(?i:\b(?:(?:hallo|guten\s+tag|guten\s+morgen|guten\s+abend|hello|hi|hey|yes|yeah|ja)"
    rf"[ \t,]+)+)({_FULL_NAME})[ \t]+(?i:ich|i|i'm|i've|hier|here)\b"
)
# "Kunde: Yvonne Matuschek" as a whole line of a form or a confirmation
_RE_FORM_LINE_NAME = re.compile(
    rf"^[ \t]*(?i:kunde|kundin|customer|besteller(?:in)?|auftraggeber(?:in)?)[ \t]*:[ \t]*"
    rf"({_FULL_NAME})[ \t]*$",
    re.M,
)
# "call me, Linh Nguyen, on 07827 …", "für mich, Heinrich Müller-Thurgau, bestimmt"
_RE_ME_NAME = re.compile(
    # "Ich, Sandra Brinkhoff, bin Erbin", "mei Frau … ond i, Walter Schäufele."
    rf"(?i:\b(?:me|mich|mir|ich|i))[ \t]*,[ \t]*({_FULL_NAME})(?![ \t]*\.?[ \t]*\d)[ \t]*[,.]"
)
# "- jo" ending a lower-case writer's text
_RE_LOWER_DASH = re.compile(rf"(?:^|\s)(?:--?|[\u2013\u2014])[ \t]*({_LOWER_WORD})[ \t]*\Z")
# "my husband", "meine Tochter": a family member of the writer's
_MY = r"(?:my|our|mein|meine|meinem|meinen)"
_FAMILY = (
    r"husband|wife|son|daughter|partner|mum|mom|dad|brother|sister|mann|frau|sohn|tochter|"
    r"bruder|schwester|freund|freundin"
)
# "my husband ahmed ordered": a lower-case name after a family member, before a verb
_RE_LOWER_FAMILY = re.compile(
    rf"(?i:\b{_MY}[ \t]+(?:{_FAMILY}))"
    rf"[ \t]+([{_LOWER}][{_LOWER}'-]+)(?=[ \t]+(?i:ordered|is|was|has|had|said|bought|paid|"
    rf"booked|called|will|can|did|hat|ist|war|hatte|wird|kann|bestellt)\b)"
)
# "mein vater, wolfgang peters", "auf meinen mann, dietmar wiesinger": a lower-case name after
# a family member and a comma
_RE_LOWER_FAMILY_COMMA = re.compile(
    rf"(?i:\b{_MY}[ \t]+(?:{_FAMILY}|father|mother|vater|mutter)),[ \t]+(?!order\b|bestell)"
    rf"({_LOWER_NAME})(?=[ \t]*(?:[.,;!\n]|\Z))"
)
# "hallo herr seidl,", "die nachbarin frau ertl hat", "fr. brandl.": a lower-case name after a
# German title
_RE_LOWER_HERR = re.compile(
    # (not "meiner Frau gestohlen": "Frau" is also a wife)
    rf"(?<!\bmeiner\s)(?<!\bmeine\s)(?<!\bseiner\s)(?<!\bseine\s)(?<!\bihre\s)(?<!\bmy\s)"
    rf"(?i:\b(?:herr|herrn|frau|hr\.|fr\.))[ \t]+([{_LOWER}][{_LOWER}'-]+)"
    rf"(?=[ \t]*[,.;!?]|[ \t]+(?:hat|ist|war|im|in|vom|von|wohnt|und)\b)"
)
# "der hausmeister herr Kovač": a lower-case title before a capitalised name
_RE_LOWER_TITLE_NAME = re.compile(rf"(?<![\w])(?:herr|herrn|frau|mr|mrs|ms|dr)\.?[ \t]+({_NAME})")
# "… its a present. hannah": one lower-case word after the last sentence of a lower-case writer
_RE_LOWER_LAST_WORD = re.compile(
    # "… want my money back pls\ndan o'neill": or a lower-case name alone on the last line
    rf"(?:(?<!\d)[.!?][ \t]+(?=\S+[ \t]*\Z)|\n[ \t]*)({_LOWER_NAME})[ \t]*\Z"
)
# "… about 11pm. shona x": a first name in lower case and kisses end the text
_RE_LOWER_KISSES = re.compile(rf"[.!?][ \t]+({_LOWER_WORD})[ \t]+x{{1,3}}[ \t]*\Z")
# "£1,500.00 to 'R KHAN'": a payee as a bank writes it, an initial and the surname
_RE_PAYEE = re.compile(
    r"\b(?i:to|an|payee:?|empfänger:?)[ \t]+['\"\u2018\u201c\u201e]"
    r"((?:[A-Z]\.?[ ]){1,2}[A-Z]{2,}(?:-[A-Z]{2,})?)['\"\u2019\u201d\u201c]"
)
# in a text written all in lower case: "mit ihrer kollegin frau schulze-wiegand", "to mr desai"
_THEN_LOWER = rf"(?=[ \t]*(?:[,.;:!?()]|$)|[ \t]+[{_LOWER}])"  # a clause or a word goes on
_RE_LOWER_TITLED = re.compile(
    rf"(?<![\w])(?:mr|mrs|ms|miss|frau|herr|herrn|hr|dr)\.?[ \t]+({_LOWER_WORD}){_THEN_LOWER}"
)
# "our landlord mr hollis says", "neighbour (mrs gill)": an English title is never a word
_RE_LOWER_MR = re.compile(rf"(?<![\w])(?:mr|mrs|ms)\.?[ ]+({_LOWER_WORD}){_THEN_LOWER}")
# "… ich bin lena schmidt" at the end of a line
_RE_LOWER_SELF = re.compile(
    rf"(?<![\w])(?:ich[ \t]+bin|i'?m|i[ \t]+am)[ \t]+({_LOWER_WORD}[ \t]+{_PARTICLES}"
    rf"{_LOWER_WORD})(?=[ \t.!]*(?:\n|\Z))"
)
# "meinen mann (thorsten brenner)", "vom vormieter (krause)"
_RE_LOWER_ROLE = re.compile(
    rf"(?<![\w])(?:{_ROLES})[ \t]*\([ \t]*(?:eigentlich[ \t]+)?({_LOWER_NAME})[ \t]*\)"
)
# "thx jess (sorry autocorrect …)"
_RE_LOWER_CLOSING = re.compile(
    rf"(?:^|[\s.!?,])(?:thx|thanks|cheers|ta|danke|gruß|gruss|lg|vg)[ \t,]+({_LOWER_WORD})"
    rf"(?=[ \t]*\()"
)
_FUNCTION_WORDS = {
    "is", "are", "be", "has", "have", "had", "said", "says", "will", "would", "can", "could",
    "should", "did", "does", "do", "with", "from", "to", "at", "on", "of", "by", "as", "if", "or",
    "but", "that", "this", "what", "who", "when", "where", "why", "how", "she", "he", "they", "we",
    "told", "called", "rang", "came", "went", "got", "sorry", "waiting", "tired", "annoyed",
    "ist", "sind", "hat", "haben", "war", "waren", "wird", "werden", "kann", "können", "muss",
    "soll", "sagt", "sagte", "meinte", "meint", "mit", "bei", "für", "zu", "auf", "an", "in",
    "nach", "vor", "oder", "aber", "dass", "wenn", "weil", "sie", "er", "es", "wir", "ihr", "hier",
    "da", "dort", "nicht", "auch", "schon", "so", "total", "echt", "wirklich", "gerade", "jetzt",
    "leider", "heute", "etwas", "ziemlich", "völlig", "genervt", "enttäuscht", "sauer", "krank",
    "zuhause", "daheim", "unterwegs", "erreichbar", "really", "totally", "quite", "pretty",
    "home", "away", "retired", "deceased", "verstorben", "ok", "gut", "fertig", "froh",
}  # fmt: skip
"""More words that are no lower-case name in the rules for texts written in lower case."""
# a list of people after a line that announces them: "The travellers are:\n1. Mr X\n2. Mrs Y",
# "Personen:\n- Ahmad Al-Khatib (ich)"
_RE_PEOPLE_HEADER = re.compile(
    r"(?i:\b(?:travell?ers|passengers|guests|pupils|children|kids|names|drivers|people|persons|"
    r"members|tenants|participants|attendees|reisenden?|teilnehmer(?:innen)?|kinder|personen|"
    r"gäste|mieter|fahrer|schüler(?:innen)?|nachgemeldet|folgende|residents|occupants|occupiers|"
    r"household|bewohner(?:innen)?|haushalt|referenzen|references|referees))\b[^\n]*:[ \t]*$"
)
_RE_LIST_NAME = re.compile(
    rf"[ \t]*(?:[-\u2013\u2022*]|\d{{1,2}}[.)])?[ \t]*(?:(?:{_TITLE})\.?[ \t]+)*"
    rf"({_SURNAME_FIRST}(?=[ \t]*(?:[(\u2013-]|$))|{_NAME})"
    rf"[ \t]*(?:[(,\u2013-].*)?"
)
# "- Jen Kowalski, Madison, WI 53703"
_RE_DASH_SIGNATURE = re.compile(
    rf"(?:^|\s)(?:--?|[\u2013\u2014])[ \t]*({_NAME})(?=(?:[ \t]*(?:&|and|und)[ \t]+{_NAME})?"
    # "- Leonie (leonie.w@example.de)" at the end
    rf"(?:,[^\n!?]{{1,60}}|[ \t]*\([^()\n]{{1,60}}\)|[ \t]+{_PHONE_DIGITS})?[ \t]*\Z)"
)
# a name of two or three words alone at the end, maybe with a phone number after it
_RE_LAST_LINE = re.compile(
    rf"(?:^|[.!?][ \t]+|\n)({_FULL_NAME})(?:[ \t]*\([^()\n]{{1,40}}\))?"
    rf"(?:[ \t,]+\+?[\d ()/-]{{6,}})?[ \t]*\Z"
)
# "Dear Sarah,", "Hi Megan, …" (not "Dear Sir/Madam", "Hi there")
_RE_GREETING = re.compile(
    # "Fibrewave: Hi Aaron, your engineer visit …" (a text message's sender first)
    # "> @dan_whitcombe Hi Dan,", "1/2 DM: Hi Tom,": after the handle or a thread's number
    rf"(?:^|\n)[ \t>]*(?:\d{{1,2}}/\d{{1,2}}[ \t]+)?(?:@\w+[ \t]+)*"
    rf"(?:[{_UPPER}][\w&' -]{{1,30}}:[ \t]*)?"
    rf"(?i:hi|hello|hey|dear|hallo|liebe|lieber|moin|servus|grüezi|kia\s+ora|g'day|hiya|"
    rf"good\s+(?:morning|afternoon|evening)|morning)[ \t]+"
    rf"({_NAME}){_ENDS}"
)
# "with someone called Dean"
_RE_SOMEONE = re.compile(
    rf"(?i:\b(?:someone|somebody|jemand(?:em)?)[ \t]+(?:called|named|namens|by\s+the\s+name\s+of))"
    rf"[ \t]+({_NAME})"
)
# "Adebayo Ogundipe - 22/11/1979", "Tolu Ogundipe (DOB 17/08/2012)": people listed with their dates
_RE_NAME_DATE_LINE = re.compile(
    rf"^[ \t>]*(?:[-*\u2022]|\d{{1,2}}[.)])?[ \t]*(?:(?:{_TITLE})\.?[ \t]+)?({_FULL_NAME})[ \t]*"
    # (not a form's "Voraussichtliche Lieferung: 17.04.2026")
    rf"(?:[-\u2013,|][ \t]*|\(|:[ \t]*(?=(?i:dob|d\.o\.b\.|geb|born)))"
    rf"(?:(?i:dob|d\.o\.b\.|geb\.?|born|b\.)[ \t:]*)?"
    r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\)?[ \t]*$",
    re.M,
)
# "0160 9922 118 (Andrea)": whose number it is
# (a phone number starts with "+" or "0": not "Bestellnr. 1004-88172-33 (Gartenstühle)")
_RE_PHONE_NAME = re.compile(rf"(?<![\w-])(?:\+|0)\d[\d /-]{{6,}}\d[ \t]*\(({_NAME})\)")
# "Agent: … Can I confirm your full name?\nCustomer: Amelia Brooke-Harrington.": the answer
_RE_NAME_ASKED = re.compile(
    r"(?i:\b(?:name|namen|heißen\s+sie|wie\s+hei(?:ß|ss)(?:en|t)|who\s+am\s+i\s+speaking|"
    r"who(?:'s|\s+is)\s+calling|mit\s+wem\s+spreche\s+ich|wer\s+ist\s+(?:dran|am\s+apparat))\b"
    r"[^\n]*[?.])[ \t]*$"
)
_RE_NAME_ANSWER = re.compile(
    # "Customer: Amelia Brooke-Harrington.", "12:36 Sie: Julia Neumann, 23.11.1988",
    # "Customer (Bronwen): Cerys Hughes, 19/12/2003", "Visitor: PKG-20447913, Robert Castellano"
    rf"[ \t>]*(?:{_STAMP})?(?i:customer|caller|client|kunde|kundin|anrufer(?:in)?|me|ich|sie|you|"
    rf"visitor|besucher(?:in)?|user|nutzer(?:in)?|member|mitglied)(?:[ \t]*\([^()\n]{{1,30}}\))?"
    rf"[ \t]*:[ \t]*(?:[^,\n]{{0,45}}\d[^,\n]{{0,12}},[ \t]*)?"
    rf"(?:(?i:yes|yeah|yep|sure|ja|klar|it's|its|it\s+is|that's|das\s+ist|ich\s+bin|hi|hiya|hey|"
    rf"hello|hallo|moin|servus)[ \t,]+)*"
    rf"(?:{_TITLE}\.?[ \t]+)?({_NAME}|{_SURNAME_FIRST}|"
    rf"{_LOWER_WORD}(?:[ ]+{_PARTICLES}{_LOWER_WORD}){{0,3}})"
    # "Beata und Piotr Nowicki-Hahn", "Dominik Ehrenreich, geb. 03.05.1987"
    rf"(?:[ \t]+(?:und|and|&)[ \t]+({_NAME}))?(?:[ \t]*,[^\n]*)?[ \t]*[.!]?[ \t]*"
)
# in a chat: "Thanks Callum.", "Thank you, Marcus.", "Danke, Tobias." opening a turn; "You are
# now connected to Precious.", "Sie sind jetzt mit Aylin verbunden."; "hier schreibt Anke
# Petersen"; a turn signed "… on 15 August. - Dom"
_RE_CHAT_NAME = re.compile(
    rf"(?:^|:[ \t]+)(?i:thanks|thank\s+you|danke(?:\s+schön)?|vielen\s+dank|cheers|merci)[ \t]*,?"
    rf"[ \t]+({_NAME})(?=[ \t]*[.!,])"
    rf"|(?i:\b(?:connected|transferred)\s+(?:you\s+)?to)[ \t]+({_NAME}){_ENDS}"
    rf"|(?i:\bmit)[ \t]+({_NAME})[ \t]+(?i:verbunden)\b"
    rf"|(?i:\bhier\s+schreibt|\b(?:sie\s+)?schreiben\s+mit|\bsie\s+chatten\s+mit)[ \t]+({_NAME})"
    rf"|[.!?][ \t]+(?:--?|[\u2013\u2014])[ \t]*({_WORD})[ \t]*$",
    re.M,
)
# on social media: "^Sarah" signing a reply (not initials: "^JS"), "- Tom" ending a quoted
# reply, "Quoting Kate Doyle (@commuter_kate):", "Big thanks to Priya at @Brightmart_UK"
_RE_SOCIAL_NAME = re.compile(
    rf"(?<![\w^])\^({_WORD})(?=[ \t]*(?:[.!]|$))"
    rf"|^>[^\n]*?[ \t](?:--?|[\u2013\u2014])[ \t]*({_NAME})[ \t]*$"
    rf"|(?<![\w])(?!(?:Quoting|Replying|RT)\b)({_NAME})[ \t]*\(@\w{{2,}}\)"
    rf"|(?i:\b(?:thanks|thank\s+you|shout-?\s*out|kudos|props)\s+to)[ \t]+({_NAME})"
    rf"(?=[ \t]+(?:(?:at|from)[ \t]+)?@)",
    re.M,
)
# "Contact at our end: Ger Moloney, 01 555 0163", "Kontakt Baustelle: Marco Zanetti 078 …",
# "Attn: IT Receiving / Jordan Alvarez"
_RE_CONTACT = re.compile(
    rf"(?i:\b(?:contact|kontakt|ansprechpartner(?:in)?|ansprechperson)\b[^:\n]{{0,25}}:|"
    rf"\battn\.?:?[^/\n]{{0,30}}/)[ \t]*({_FULL_NAME})(?=[ \t]*(?:[,.;(\n]|$|\+?\d))"
)
# "Receiver is Teresita Santos", "account title Muhammad Usman Tariq" (a full name: "the
# recipient is Amazon" is a firm)
_RE_RECIPIENT = re.compile(
    rf"(?i:\b(?:(?:receiver|recipient|beneficiary|consignee)(?:['\u2019]s\s+name)?\s+(?:is|was)|"
    rf"account\s+title(?:\s+is)?)\s*:?)[ \t]+({_FULL_NAME}){_ENDS}"
)
# the answer to a question for the name in a call's transcript, where nothing ends the name
# but its capitals: "Caller: Aoife Gallagher I got a text", "Speaker 2: Jasmine Achebe reference
# S W 8 8 1 2 0", "[00:00:10] Caller: hi yeah Owen Maddox policy number …"
_RE_NAME_SPOKEN = re.compile(
    rf"[ \t>]*(?:{_STAMP})?(?:[\u2013-][ \t]*)?(?i:caller|customer|kunde|kundin|anrufer(?:in)?|"
    rf"speaker[ \t]*\d|sprecher(?:in)?[ \t]*\d|patient(?:in)?|policyholder|passenger|"
    rf"versicherungsnehmer(?:in)?|sie|you|me)(?:[ \t]*\([^()\n]{{1,30}}\))?[ \t]*:[ \t]*"
    rf"(?:(?i:hi|yeah|yes|ja|hallo|it's|its|that's|das\s+ist|ich\s+bin|my\s+name\s+is|um|äh|ähm)"
    rf"[ \t,]+)*({_FULL_NAME})(?=[ \t]+(?:[a-z0-9]|[A-Z]{{1,2}}\d|[A-Z][ ]\w)|[ \t]*[,.]?[ \t]*$)"
)
# the reply to a question the company asked, quoted above it: "Jones, Peter", "yes that's
# right, Daniel Okafor", "Its under my husbands name, Gareth Whitlock"
_RE_NAME_REPLY = re.compile(
    r"[ \t]*(?:(?i:yes|yeah|yep|sure|ja|klar|it's|its|it\s+is|that's(?:\s+right)?|"
    r"das\s+ist|ich\s+bin|(?:it's|its|it\s+is|läuft)\s+(?:under|auf)\s+(?:(?:my|meine?n?)\s+)?"
    r"(?:\w+['\u2019]?s?\s+)?(?:name|namen)(?:\s+\w+)?)[ \t,]+)*"
    rf"(?:{_TITLE}\.?[ \t]+)?({_FULL_NAME}|{_SURNAME_FIRST})(?:[ \t]*,[^\n]*)?[ \t]*[.!]?[ \t]*"
)
_RE_SUBJECT_NAME = re.compile(
    # (not a German one: its nouns are capitalised, "Betreff: Bad \u2013 Termin Installateur")
    rf"^[ \t>]*\*?(?:Subject|Re|Fwd):\*?[^\n]*?[ \t][-\u2013:][ \t]+"
    rf"({_FULL_NAME})[ \t]*$",
    re.M,
)
_PAID = r"\b(?:überweisung(?:en)?|transfers?|payments?|paid|sent|gezahlt|überwiesen)\b"
_RE_PAID_TO = re.compile(
    rf"(?i:{_PAID}[^.!?\n]{{0,30}}?"
    rf"\b(?:an|to))[ \t]+[\u201e\u201c\"'\u2018]({_FULL_NAME})[\u201c\u201d\"'\u2019]"
)
# the other side of a payment in a statement or an app: "FASTER PAYMENT FROM J OKAFOR REF …",
# "Zelle payment from MARIA ESPINOZA", "Zahlung gesendet an Marcel Hinrichs", "Dauerauftrag
# an Schmitz-Albers, Heinrich"
_RE_COUNTERPARTY = re.compile(
    # (not "CARD PAYMENT TO PUREFIT LEEDS": a card pays shops)
    r"(?i:\b(?<!card\s)(?:payment|zahlung|überweisung|dauerauftrag|e-transfer)\s+"
    r"(?:(?:sent|received|gesendet|erhalten)\s+)?(?:from|to|an|von)\s+)"
    rf"({_SURNAME_FIRST}|{_FULL_NAME}|{_CAPS_NAME}|[A-Z][ ]{_CAPS_WORD})"
    r"(?=[ \t]*(?:$|\n|[,;(]|[ \t]{2,}|[ \t]+(?i:ref|iban|on|am)\b))"
)
# the contact of an e-invoice's party: "<cac:Contact><cbc:Name>Sanne de Vries</cbc:Name>",
# "<ram:PersonName>Henrik Lange</ram:PersonName>", ebInterface's "<eb:Contact>Sabine Hofer<"
_RE_XML_PERSON = re.compile(
    r"<(?:[\w-]+:)?(?:PersonName|ContactName|Contact)>(?:\s*<(?:[\w-]+:)?Name>)?[ \t]*"
    rf"({_FULL_NAME})[ \t]*</"
)
# a payee with initials, as a bank's message names them: "Überweisung € 2.950,00 an T. Novak
# freigegeben", "Payment of £2,450.00 to J STEVENS sent"
_RE_PAID_TO_INITIALS = re.compile(
    rf"(?i:{_PAID}(?:[^.!?\n]|(?<=\d)[.,](?=\d)){{0,30}}?\b(?:an|to))[ \t]+"
    rf"((?:[A-Z]\.[ ]?){{1,2}}{_WORD}|[A-Z][ ]{_CAPS_WORD})"
    r"(?=[ \t]*(?:[,;:!?)\u201c\u201d\"]|\.(?:\s|$)|$)|[ \t]+(?i:sent|freigegeben|wurde|was|has|"
    r"iban|on|am)\b)"
)
# what an assistant is told to do with someone: "call Priya Nair", "text Liam Dunne that …",
# "send 40 bucks to Jake Morrison", "Überweise 150 Euro an Lukas Berger", "Ruf Jana Hoffmann auf
# dem Handy an", "Schick Stefan eine Nachricht", "dinner with Mei Lin Tan", "haircut with Jade on
# Saturday", "add Grace Adeyemi as a payee", "for me and Jonas Petersen", "book Noah in for …"
_NAME_ENDS = r"(?![\w'\u2019-])"
_ONE_NAME_GOES_ON = (
    r"(?=[ \t]+(?i:on|at|tomorrow|today|tonight|next|this|for|to|in|am|um|morgen|heute|"
    r"nächste\w*|diese\w*)\b|[ \t]*[,.;!?)]|[ \t]*$)"
)
_RE_COMMAND = re.compile(
    # call, text or mail someone
    rf"(?:^|[.!?,;:\n][ \t]*|\b(?i:please|pls|plz|can\s+you|could\s+you|would\s+you|and|then|"
    rf"siri|alexa|google)[ \t,]+)"
    rf"(?i:call|ring|phone|text|message|msg|e-?mail|whatsapp|facetime|ping|remind|tell|invite)"
    rf"[ \t]+(?:({_FULL_NAME}){_NAME_ENDS}|({_WORD})(?=[ \t]+(?i:(?:that|to\s+say|saying|and\s+"
    rf"(?:tell|ask|say))\b|(?:on|at)\s+\+?\d)|[ \t]*:))"
    # money or a message sent to someone
    rf"|\b(?i:send|transfer|pay|wire|zelle|venmo|überweise|überweis|schick|schicke|sende|"
    rf"zahle?|bezahle?)\b(?:[^.!?\n]|(?<=\d)[.,](?=\d)){{0,40}}?\b(?i:to|an)[ \t]+"
    rf"({_FULL_NAME}){_NAME_ENDS}(?![ \t]+\d)"  # (not "the bill to Schönhauser Allee 112")
    rf"|\b(?i:nachricht|sms|whatsapp|message|reminder|einladung|invite)[ \t]+(?i:an|to)[ \t]+"
    rf"({_FULL_NAME}){_NAME_ENDS}"
    rf"|\b(?i:ruf|rufe)[ \t]+({_FULL_NAME}|{_WORD})[ \t]+(?:[^.!?\n]{{0,30}}?[ \t])?an\b"
    rf"|\b(?i:schick|schicke|sende|schreib|schreibe)[ \t]+({_FULL_NAME}|{_WORD})[ \t]+"
    rf"(?i:eine?|ne)[ \t]+(?i:nachricht|sms|mail|e-mail|whatsapp)\b"
    # time with someone
    rf"|\b(?i:dinner|lunch|breakfast|brunch|coffee|drinks|call|meeting|appointment|appt|"
    rf"catch-?up|interview|viewing|termin|treffen|essen|abendessen|mittagessen|besprechung|"
    rf"telefonat)[ \t]+(?i:with|mit)[ \t]+({_FULL_NAME}){_NAME_ENDS}"
    rf"|\b(?i:dinner|lunch|breakfast|brunch|coffee|drinks|haircut|cut|lesson|session|"
    rf"o['\u2019]clock|catch-?up|abendessen|mittagessen)[ \t]+(?i:with|mit)[ \t]+"
    rf"({_WORD}){_ONE_NAME_GOES_ON}"
    rf"|\b(?i:add)[ \t]+({_FULL_NAME})[ \t]+(?i:as)\b"
    rf"|\b(?i:for|with)[ \t]+(?i:me|myself|mich|mir)[ \t]+(?i:and|und|&)[ \t]+({_FULL_NAME})"
    rf"{_NAME_ENDS}"
    rf"|\b(?i:book|sign|enrol|enroll|register)[ \t]+({_FULL_NAME}|{_WORD})[ \t]+(?i:in|up)"
    rf"[ \t]+(?i:for|to|on)\b",
    re.M,
)
# the same commands spoken to an assistant and written down in lower case, where the words
# around the name end it: "call ngozi", "send nikhil 12.50", "message kemi adeyemi and ask …",
# "transfer 30 to tom o'neill for …", "ruf lena hoffmann an", "schick murat y\u0131lmaz eine
# nachricht", "sag tobias dass …", "überweise 75 € an oma hilde auf …"
_LW = rf"[{_LOWER}][{_LOWER}'\u2019-]+"
_LOWER_PERSON = (
    rf"(?:(?:oma|opa|tante|onkel|auntie|aunt|uncle|granny|grandma|grandpa|nan|herrn?|frau|"
    rf"dr\.?|mr\.?|mrs\.?|ms\.?)[ ]+){{0,2}}"
    rf"(?!(?:der|den|dem|die|das|des|the)\b)({_LW}(?:[ ]+{_LW}){{0,2}}?)"
)
_RE_LOWER_COMMAND = re.compile(
    rf"(?:^|[.!?,;:\n][ \t]*|\b(?:please|pls|can\s+you|could\s+you|siri|alexa|google|bitte)"
    rf"[ \t,]+)"
    rf"(?:(?:call|ring|phone|facetime|video\s+call)[ ]+{_LOWER_PERSON}"
    rf"(?=[ ]+(?:on|at|about|and|now|please|tomorrow|today|tonight|back)\b|[ \t]*[.!?]?[ \t]*$)"
    rf"|(?:text|message|msg|whatsapp|tell|ask|remind)[ ]+{_LOWER_PERSON}"
    rf"(?=[ ]+(?:that|if|whether|and|saying|i'?m|i'?ll|i|we'?re|we'?ll|to)\b)"
    # "send nikhil 12.50", "zahl luca 49 franken", "überweis dem felix 25 euro", "schick oma erna
    # fünfzig euro"
    rf"|(?:send|pay|give|venmo|zelle|zahl|zahle|überweis|überweise|schick|schicke|gib)[ ]+"
    rf"(?:(?:dem|der)[ ]+)?{_LOWER_PERSON}(?=[ ]+(?:[£$€]|\d|(?:five|ten|twenty|thirty|forty|"
    rf"fifty|sixty|seventy|eighty|ninety|hundred|a\s+hundred|fünf|zehn|zwanzig|dreißig|vierzig|"
    rf"fünfzig|hundert)\b))"
    # "send orla a message saying …"
    rf"|(?:send|give)[ ]+{_LOWER_PERSON}[ ]+(?:a|an)[ ]+(?:message|text|msg|e-?mail|call|ring)\b"
    rf"|(?:schick|schicke|sende)[ ]+{_LOWER_PERSON}[ ]+(?:eine?|ne)[ ]+"
    rf"(?:nachricht|sms|mail|e-mail|whatsapp)\b"
    rf"|(?:ruf|rufe)[ ]+(?:(?:bitte|mal|doch)[ ]+)?{_LOWER_PERSON}[ ]+an\b"
    rf"|(?:schreib|schreibe|sag|sage|frag|frage)[ ]+{_LOWER_PERSON},?[ ]+"
    rf"(?:dass|ob|bescheid|er|sie|ich|wir)\b)"
    # money sent to someone: "send £25 to tom o'neill for …", "überweis 40 franken an reto"
    rf"|(?:\b(?:send|transfer|pay|wire)\b(?:[^.!?\n]|(?<=\d)[.,](?=\d)){{0,30}}?[ ]to|"
    rf"\b(?:überweise|überweis|schick|sende|zahle?)\b(?:[^.!?\n]|(?<=\d)[.,](?=\d)){{0,30}}?"
    rf"[ ]an)[ ]+{_LOWER_PERSON}"
    rf"(?=[ ]+(?:for|on|by|tomorrow|today|now|für|auf|wegen|zurück|morgen|heute)\b|"
    rf"[ \t]*[.,!?]|[ \t]*$)"
    # "… for six people it's under kapoor"
    rf"|\b(?:it'?s|its|booking|table|reservation|book\s+it)[ ]+under[ ]+{_LOWER_PERSON}"
    rf"(?=[ \t]*[.!?]?[ \t]*$|[ ]+(?:please|pls|thanks|and)\b)"
    rf"|\b(?:call|meeting|lunch|dinner|coffee|drinks|video\s+call|termin|treffen)[ ]+"
    rf"(?:with|mit)[ ]+{_LOWER_PERSON}"
    rf"(?=[ ]+(?:and|on|at|tomorrow|today|next|this|for|und|am|um|morgen|heute)\b|[ \t]*$)",
    re.M,
)
_NOT_CALLED = {
    "back", "home", "work", "mum", "mom", "dad", "mama", "papa", "mummy", "daddy", "wife",
    "husband", "boss", "everyone", "everybody", "someone", "somebody", "them", "him", "her",
    "me", "us", "you", "it", "my", "the", "a", "an", "your", "our", "his", "their", "mich",
    "dich", "ihn", "uns", "euch", "mein", "meine", "meinem", "meinen", "meiner", "dein", "deine",
    "deinem", "deinen", "den", "dem", "der", "die", "das", "bank", "doctor", "dentist", "doctors",
    "support", "office", "reception", "taxi", "uber", "mann", "frau", "chef", "chefin",
    "mutter", "vater", "oma", "opa", "schatz", "babe", "hubby", "wifey", "bro", "sis", "mate",
    "money", "cash", "it's", "all", "both", "tesco", "amazon", "paypal", "dr", "mr",
    "mrs", "ms", "herr", "her's", "there", "here", "again", "later", "soon", "now",
    "some", "any", "this", "that", "these", "those", "alle", "allen", "beide", "beiden",
    "savings", "checking", "current", "account", "isa", "pot", "sparkonto", "konto", "grandad",
    "granddad", "grandpa", "grandma", "granny", "nan", "nanna", "nana", "gran", "auntie",
    "uncle", "sister", "brother", "son", "daughter", "kids", "team", "landlord", "vermieter",
    "invoice", "bill", "rent", "order", "cust", "customer", "client", "kunde", "kundin",
    "mir", "ihm", "ihr", "ihnen", "bescheid", "alexa", "siri", "google", "voicemail", "netflix",
    "spotify", "apple", "sky", "bt", "ee", "vodafone", "virgin", "ikea",
    "asda", "aldi", "lidl", "rewe", "edeka", "telekom", "nhs", "police", "polizei", "ambulance",
    "emergency", "notruf", "school", "schule", "hotel", "restaurant", "garage",
    # verbs after "to": "waiting for a transfer to arrive", "… to go through", "to top up"
    "arrive", "show", "appear", "process", "go", "come", "clear", "complete", "reach", "land",
    "reflect", "post", "happen", "cancel", "stop", "top", "finish", "load", "update", "be",
    "get", "pay", "send", "move", "return", "refund", "settle", "credit", "transfer",
    # accounts and people by role: "from one account to another", "from checking to saving",
    # "call my best friend", "phone lobby"
    "another", "debit", "saving", "over", "friend", "lobby", "secretary",
    "receptionist", "assistant", "manager",
}  # fmt: skip
# what a form or an app sends: "name": "Tomasz Zielinski", "first_name":"Chiara",
# first_name=Imogen&last_name=Hartley; and the labels of ticket systems and CRMs
_NAME_KEYS = (
    r"(?:full_?name|first_?name|last_?name|given_?name|family_?name|surname|forename|name|"
    r"vorname|nachname|customer_?name|contact_?name|display_?name|agent_?name|agent|"
    r"sender_?name|author)"
)
_RE_NAME_FIELD = re.compile(
    rf"(?i:[\"']{_NAME_KEYS}[\"'][ \t]*:[ \t]*[\"'])((?:{_NAME}|{_LOWER_NAME}))(?=[\"'])"
    rf"|(?i:(?<![\w])(?:{_NAME_KEYS})=)({_NAME}(?:\+{_WORD})*)(?=&|[ \t]*$)"
    rf"|^[ \t]*(?i:assignee|case[ \t]+owner|contact[ \t]+name|organi[sz]er|forename\(s\)|"
    rf"forenames?|requester|reported[ \t]+by|created[ \t]+by|owner)[ \t]*:[ \t]*({_NAME})"
    rf"(?=[ \t]*(?:<|$))",
    re.M,
)
# "bitte bei Sommerfeld klingeln": the name on the doorbell
_RE_DOORBELL = re.compile(rf"\b(?:bei|at)[ \t]+({_NAME})[ \t]+(?:klingeln|läuten|schellen)\b")
_RE_ROLE_THEN_NAME_BRACKET = re.compile(rf"\((?i:{_ROLES})[ \t]+({_FULL_NAME})\)")
# "(Claudia Wagner und Frank Wagner)", "ich (Linh Nguyen)", "Ibrahim Hassan (8)": people in
# brackets, the writer's own name, a child with their age
_RE_BRACKET_PAIR = re.compile(
    rf"\(({_FULL_NAME}|{_WORD})[ \t]+(?:und|and|&)[ \t]+({_FULL_NAME})\)"
    # "unsere beiden Kinder (Noah und Lia)": two first names of children
    rf"|(?i:\b(?:kinder|kids|children|söhne|töchter|zwillinge|twins|enkel))[^.!?\n()]{{0,20}}"
    rf"\(({_WORD})[ \t]+(?:und|and|&)[ \t]+({_WORD})\)"
)
_RE_SELF_BRACKET = re.compile(rf"(?i:\b(?:ich|me|myself|mich|mir))[ \t]*\(({_FULL_NAME})\)")
_RE_NAME_BORN = re.compile(
    rf"({_FULL_NAME}),?[ \t]+(?:geb\.|geboren(?:\s+am)?|born|(?i:dob|d\.o\.b\.))[ \t:]*\d"
)
# a tradesperson named by their trade: "driver Manjunath will come at 7", "with your
# groomer Bríd", "Trainer: Mahesh" (the word after is a given name of the shipped list)
_RE_TRADE_THEN_NAME = re.compile(
    r"(?i:\b(?:driver|courier|engineer|technician|tech|plumber|electrician|trainer|instructor|"
    r"stylist|groomer|walker|therapist|physio|fitter|installer|caretaker|carer|nurse|mechanic|"
    r"barber|friseur(?:in)?|fahrer(?:in)?|monteur(?:in)?|techniker(?:in)?|trainer(?:in)?|"
    r"fahrlehrer(?:in)?))"
    rf"[ \t]*:?[ \t]+({_WORD})(?=[ \t]*(?:[,.;:!?()]|$)|[ \t]+[a-z])",
    re.M,
)
# the writer of a message in Telegram's export, above it: "Helen Akinyemi, [17.03.2023 18:05]"
_RE_TELEGRAM_LABEL = re.compile(
    rf"^[ \t]*({_NAME})(?:[ \t]+[A-Z]{{2,5}})?,[ \t]*\[{_when.EXPORT_STAMP}\][ \t]*$",
    re.M,
)
# signing on behalf of a firm, after its name: "Autoglas Center Nord, i. A. Melanie Cordes"
_RE_ON_BEHALF_NAME = re.compile(
    rf"(?:^|[,;:|\u00b7][ \t]*)(?:i\.[ ]?[AV]\.|ppa\.|p\.[ ]?p\.)[ \t]+({_FULL_NAME}){_ENDS}",
    re.M,
)
# initials before a surname, the last one followed by a space (not "M.Sc.", "P.O. Box")
_SIGNED_INITIALS = rf"(?:{_INITIAL}){{0,2}}[{_UPPER}]\.(?:-[{_UPPER}]\.)?[ ](?!Box\b)"
# "Signature: B. Entwistle   Date: …", "agent T. Keswick, …", "- H. Albers-Tjaden, 16.3.",
# "R. Gubler     A. Gubler-Frei": initials and a surname, as forms are signed and letters
# undersigned (not "Plan B. Then", "A. Introduction" as a section's heading)
_RE_INITIALS_NAME = re.compile(
    rf"(?:(?:[ ]{{2,}}|\t|[:;,(|\u2013\u2014-][ ]|(?i:\b(?:agent|signed|by|von|durch|inh\.|"
    rf"kontoinhaber(?:in)?|i\.[ ]?a\.))[ ])({_SIGNED_INITIALS}{_PARTICLES}{_WORD})"
    rf"|^[ \t]*({_SIGNED_INITIALS}{_PARTICLES}{_WORD})(?=[ ]+\d|,|[ ]{{2,}}[{_UPPER}]\.))"
    rf"(?=[ \t]*(?:[,;:()|\n\u00b7]|\.(?:\s|$)|$)|[ ]{{2,}}|\t|[ ]+\d)"
    # (not a place in an address: "12, Gandhi Street, T. Nagar, Chennai 600017")
    rf"(?![ \t]*,[ \t]*{_WORD}(?:[ ]{_WORD})?,?[ \t]+\d{{4,6}}\b)",
    re.M,
)
_RE_AGENT_INITIAL = re.compile(
    rf"^[ \t>]*(?i:agent|advis[eo]r|berater(?:in)?|bearbeiter(?:in)?|mitarbeiter(?:in)?)[ \t]*:"
    rf"[ \t]*({_WORD}[ ][{_UPPER}]\.)[ \t]*$",
    re.M,
)
_RE_NAME_AGE = re.compile(rf"({_FULL_NAME})[ \t]*\((?:\d{{1,2}}|(?i:age[ \t]+)\d{{1,2}})\)")
# "the spare key is with Jean at number 6", "der Ersatzschlüssel liegt bei Jens im Erdgeschoss"
_RE_KEY_WITH = re.compile(
    rf"(?i:\b(?:key|keys|schlüssel|ersatzschlüssel)\b[^.!?\n]{{0,30}}?\b(?:with|bei))[ \t]+"
    rf"({_NAME})(?=[ \t]+(?:at|in|im|from|next|nebenan|von|vom|upstairs|downstairs)\b|[ \t]*[,.;)])"
)
# "Danielle on reception said", "(2.15 with Tomasz)", "TAKEN BY: Lee (ext 4471)"
_RE_AT_RECEPTION = re.compile(
    rf"({_NAME})[ \t]+(?:(?i:on|at|from)[ \t]+(?:the[ \t]+)?(?i:reception|front\s+desk)|"
    rf"(?i:vom|am)[ \t]+Empfang|in[ \t]+(?i:payroll|accounts|billing|lettings)|in[ \t]+HR)\b"
)
# "die Mutter von Zofia", "the mum of Leo": a child named by the parent
_RE_PARENT_OF = re.compile(
    rf"(?i:\b(?:mutter|vater|mama|papa|eltern|mum|mom|dad|mother|father|parents?)\s+(?:von|of))"
    rf"[ \t]+({_NAME})(?=[ \t]*[,.;(!?]|[ \t]+[{_LOWER}])"
)
_RE_WITH_AT_TIME = re.compile(
    rf"\([^()\n]{{0,20}}\d[.:]\d\d(?:[ \t]*[ap]m)?[ \t]+(?i:with|mit|bei)[ \t]+({_NAME})\)"
)
_RE_TAKEN_BY = re.compile(
    rf"(?i:\b(?:taken\s+by|notiert\s+von|aufgenommen\s+von|"
    # "cancellation confirmed by Jodie on 12 May", "Appointment booked - 16/09 - by Callum Reid"
    rf"(?:confirmed|approved|authori[sz]ed|processed|handled|arranged|booked|logged|signed|"
    rf"told|served|helped|advised|attended|"
    rf"bestätigt|genehmigt|bearbeitet|gebucht)(?:[ \t]+\S+){{0,3}}?[ \t]+(?:by|von))[ \t]*:?)"
    rf"[ \t]+({_NAME})"
    rf"(?=[ \t]*(?:[,.;(\n]|$)|[ \t]+(?i:on|at|am|um|in|from|yesterday|today|gestern|heute)\b)"
)
# "Call transcript \u2013 inbound, agent: Thandeka Mokoena"
_RE_AGENT_LABEL = re.compile(
    # (also at a line's start or after a dash: "Claims - Agent: Deepa Raman", "Advisor: P. Nair")
    rf"(?:(?<=[,;(\n\u2013\u2014|-])|\A)[ \t]*(?i:agent|advis[eo]r|mitarbeiter(?:in)?|"
    rf"berater(?:in)?|consultant|sachbearbeiter(?:in)?|bearbeiter(?:in)?)[ \t]*:[ \t]*"
    rf"({_FULL_NAME}){_ENDS}"
)
# "Arlo Penhaligon\nc/o Trewin & Daughters Ltd": a name above the lines of an address
_RE_NAME_ABOVE_ADDRESS = re.compile(
    # (a window envelope's title on its own line: "Herrn\nDieter Kuhnert\nMerseburger Str. 88")
    rf"(?:\A|\n[ \t>]*\n|:[ \t]*\n)[ \t>]*(?:(?:{_TITLE}|Eheleute)\.?[ \t]*\n[ \t>]*)?"
    rf"(?:(?:{_TITLE})\.?[ \t]+)?({_FULL_NAME})[ \t]*\n[ \t>]*"
    rf"(?:c/o\b|(?i:flat|unit|apt|apartment|wohnung)[ \t]+\w|{STREET})"
)
# an address block of three lines: the name, the street and number, the postcode and town
# ("Beat Frischknecht\nSchlossacker 9\n8404 Winterthur", "Zahlbar durch\nRoger Hauenstein\n…")
_RE_NAME_OF_ADDRESS_BLOCK = re.compile(
    rf"^[ \t>]*(?:(?:{_TITLE})\.?[ \t]+)?({_FULL_NAME})[ \t]*\n"
    rf"[ \t>]*[{_UPPER}][^\n\d]{{2,40}}[ ]\d{{1,4}}[a-z]?(?:[ \t]*[-/][ \t]*\d{{1,4}})?[ \t]*\n"
    rf"[ \t>]*(?:[A-Z]{{1,2}}-)?\d{{4,5}}[ \t]+[{_UPPER}]",
    re.M,
)
_NOT_NAMES = {
    "British", "English", "German", "Irish", "Scottish", "Welsh", "American", "French",
    "Sorry", "Not", "Back", "Home", "Here", "Unable", "Afraid", "Free", "Available", "Still",
    "Writing", "Calling", "Interested", "Happy", "Unhappy", "Okay", "Fine", "Done", "Sir",
    "Thankyou", "Thanx", "Thanku", "Ta", "Merci", "Eltern", "Taxpayer", "Homeowner", "Deposit",
    "Copying",
    "Madam", "Sirs", "Team", "There", "All", "Everyone", "Customer", "Customers", "Claims",
    "Support", "Live", "Same", "Einkauf", "Partner", "Member", "Chatbot", "Visitor", "Guest",
    "User", "Mitarbeiterin", "Mitarbeiter", "Sachbearbeiterin", "Sachbearbeiter", "Passenger",
    "Policyholder", "Receptionist", "Patientin", "Patient", "Beraterin", "Berater", "Adviser",
    "Advisor", "Csr", "Neue", "New", "Alte", "Old", "Delivery", "Billing", "Postal",
    "Adresse", "Anschrift", "Address", "Lieferadresse", "Rechnungsadresse", "Lieferanschrift",
    "Service", "Services", "Colleagues", "Damen", "Herren", "Zusammen", "Allerseits",
    "Mitenand", "Kundenservice", "Kundendienst", "Urgent", "Message", "Thanks", "Danke",
    "Regards", "Kind", "Best", "Flat", "Order", "Booking", "Account", "Policy", "Please",
    "Card", "Bye", "Cheers", "Help", "Asap", "Ok", "Yes", "No", "Grüße", "Gruß", "System", "Bot",
    "Kunde", "Kundin", "Sie", "You", "Ich", "Me", "Chat", "Agent", "Operator", "Wiederhören",
    "Wiederschauen", "Tschüss", "Servus", "Ciao", "Caller", "Anrufer", "Anruferin", "Guten",
    "Dankeschön", "Bestellung", "Nachname", "Vorname", "Contact", "Kontakt",
    # what a number is, not whose: "(Transkript)", "Receipt 0093 4412 7781"
    "Transkript", "Transcript", "Festnetz", "Mobil", "Landline", "Work", "Privat", "Büro",
    "Office", "Daytime", "Evenings", "Whatsapp", "WhatsApp", "Receipt", "Invoice", "Ref",
    "Reference", "Rechnung", "Quittung", "Beleg", "Wishes", "Again",
    # parcel carriers: "Hallo Hermes,", "Evri: We missed you"
    "Hermes", "Evri", "Yodel", "Dpd", "Dhl", "Gls",
    # what someone is: "ich bin Student aus Indien", "ich bin Studentin und …"
    "Student", "Studentin", "Rentner", "Rentnerin", "Schüler", "Schülerin", "Azubi", "Mieter",
    "Mieterin", "Neukunde", "Neukundin", "Mitglied", "Selbstständig", "Selbständig", "Witwe",
    "Witwer", "Hausfrau", "Hausmann", "Pensionist", "Pensionistin", "Alleinerziehend",
    "Privatpatient", "Privatpatientin", "Kassenpatient", "Kassenpatientin", "Beamter", "Beamtin",
    # a table's heads, a role, a service: "Datum Empfänger Betrag", "Rektorin", "Hausmeister"
    "Datum", "Empfänger", "Betrag", "Rektor", "Rektorin", "Hausmeister", "Hausmeisterin",
    "Gartenpflege", "Ops", "Payroll", "Reception", "HR", "Lager", "Ihnen", "Protokoll",
    "Anzeige", "Bericht", "Nachricht", "Mama", "Papa", "Mutter", "Vater", "Oma", "Opa",
    "Manager", "Managerin", "Client", "Mteja", "Number", "Rezept", "Können", "Könnten",
    "Würden", "Dürfen", "Müssen",
    # whom an assistant is told to call: "text Mum that …", "lunch with Marketing on Friday"
    "Mum", "Mom", "Mummy", "Mommy", "Dad", "Daddy", "Grandma", "Grandpa", "Granny", "Grandad",
    "Gran", "Nan", "Nana", "Auntie", "Aunty", "Uncle", "Royal", "Marketing", "Sales", "Finance",
    "Legal", "Accounts", "Facilities", "Management", "Compliance",
}  # fmt: skip
# German role nouns written before a name: the person is the name after them
_ROLE_NOUNS = {
    "Ehefrau", "Ehemann", "Gattin", "Gatte", "Sohn", "Tochter", "Bruder", "Schwester", "Mutter",
    "Vater", "Lebensgefährte", "Lebensgefährtin", "Partnerin", "Verlobte", "Verlobter",
    # "Frau Lehrerin Huber", "Sehr geehrte Frau Direktorin Hofer", "Versicherte Gertrud Hahn"
    "Lehrerin", "Lehrer", "Klassenlehrerin", "Klassenlehrer", "Direktorin", "Direktor",
    "Schulleiterin", "Schulleiter", "Erzieherin", "Erzieher", "Versicherte", "Versicherter",
    # a trade's people in letterheads and chats: "Malermeister Jens Ohlendorf", "Inh. Thomas
    # Praschl", "Hauswart Beat Zimmermann", "Azubi Leon Hartung", "Kassierin Petra Novotny"
    "Inh.", "Inhaber", "Inhaberin", "Hauswart", "Hauswartin", "Azubi", "Kassierin", "Kassierer",
    "Monteur", "Monteurin", "Geselle", "Gesellin",
}  # fmt: skip
_COMPANY = {
    "Office", "Department", "Dept", "Desk", "Centre", "Center", "Hub", "Benefits", "Council",
    "Civils", "School", "Primary", "Academy", "University", "College", "Hospital", "Clinic",
    "Practice", "Surgery", "Police", "Abteilung", "Stadtwerke",
    "Lettings", "Property", "Properties", "Management", "Hausverwaltung", "Verwaltung", "Ltd",
    "Limited", "Inc", "Plc", "Llc", "Group", "Company", "Holdings", "Solutions", "Logistics",
    "Consulting", "Partners", "Estates", "Insurance", "Bank", "Gmbh", "Ag", "Kg", "House",
    "Building", "Tower", "Lodge", "Cottage", "Farm", "Manor", "Villa", "Court", "Dental",
    "Vets", "Airways", "Airlines", "Energy", "Telecom", "Mobile", "Care", "Helpline", "Waste",
    "Pannenhilfe", "Kundenservice", "Customer", "Returns", "Orders", "Sales", "Accounts",
    # a shop's or a service's trade after its name: "Fastlink Couriers", "Ryde Auto"
    "Couriers", "Courier", "Crafts", "Medical", "Auto", "Motors", "Residency", "Pharmacy",
    "Opticians", "Fitness", "Taxis", "Parcels", "Trafik",
    "Café", "Cafe", "Caffè", "Caffe", "Restaurant", "Bistro", "Pizzeria", "Hotel", "Pension",
    "Bäckerei", "Metzgerei", "Salon", "Studio", "Praxis", "Apotheke", "Kanzlei", "Autohaus",
    "Werkstatt", "Station", "Airport", "Terminal", "Central", "Piccadilly", "Parkway",
    "Bahnhof", "Hauptbahnhof", "Hbf", "Flughafen",
    # "From: Disputes Team <…>", "Keisha Brown\nDisputes Specialist"
    "Team", "Specialist", "Specialists", "Disputes", "Outdoor", "Shop", "Store", "Online",
    "Coordinator", "Events", "Firma", "Vertrieb", "Teamleitung", "Parkplatz", "Highways",
    "Planning", "Housing", "Parking", "Licensing", "Services", "Repairs", "Plumbing", "Heating",
    "Holidays", "Travel", "Tours", "Cruises", "Gardens",
    "Autovermietung", "Vermietung", "Mietwagen", "Rentals", "Rental", "Hire",
    "Filiale", "Zweigstelle", "Geschäftsstelle", "Branch", "Water", "Gas", "Electric",
    "Immobilien", "Immobilienverwaltung", "Hausverwaltungen", "Kantonalbank", "Sparkasse",
    "Volksbank", "Raiffeisenbank", "Postbank", "Postfinance",
    "Electricity", "Power", "Broadband", "Utilities", "Stadtwerk",
    # "call Vodafone Ireland", "text Apple Support", "meeting with Acme Corp", "Domino Pizza"
    "Support", "Corp", "Corporation", "Pizza", "Research", "Charity", "Foundation", "Uk", "Usa",
    "Deutschland", "Österreich", "Schweiz", "International", "Direct", "Express", "Telekom",
    "Sanitätshaus", "Pflegedienst", "Kita", "Kindergarten", "Tierarztpraxis", "Zahnarztpraxis",
    # trades and shops that write to their customers in a chat ("Velo Limmat", "Donau Mobil")
    "Cars", "Taxi", "Sport", "Velo", "Mobil", "Net", "Bot", "Sanitär", "Elektro", "Installateur",
    "Hair", "Beauty", "Cakes", "Catering", "Kitchens", "Gym", "Yoga", "Pets", "Driving",
    # "Koller Ebnöther Rechtsanwälte", "Flütsch Advokatur", "Apollo Hospitals", "Dear Pensions
    # Administration"
    "Rechtsanwälte", "Anwälte", "Advokatur", "Notariat", "Hospitals", "Clinics", "Administration",
    "Pensions",
}  # fmt: skip
_COMMON = {
    # "Thank you po", "ok lah", "Ramesh ji": particles of politeness in Asian English
    "po", "lah", "ji", "hi", "hey", "hallo", "hello", "tag", "moin", "servus", "grüezi",
    "again", "so", "much", "you", "all", "everyone", "guys", "team", "mate", "in", "advance",
    "dir", "euch", "ihnen", "sehr", "schön", "vielmals", "nochmal", "und", "and", "for", "the",
    "your", "help", "bye", "folks", "everybody", "alle", "zusammen", "sir", "madam", "anyway",
    "urgent", "ridiculous", "unacceptable", "me", "not", "about", "regarding", "getting", "still",
    "been", "really", "very", "a", "an", "my", "our", "it", "is", "was", "just", "only", "now",
    "here", "there", "ok", "okay", "fine", "great", "frustrating", "annoying", "wegen", "bezüglich",
    "dringend", "mal", "wieder", "noch", "der", "die", "das", "ein", "eine", "mein", "meine",
    "aus", "von", "im", "am", "zum", "x", "xx", "xxx", "xo", "love", "regards", "best",
    # what a shouting writer ends with: "ABSOLUTE JOKE", "SORT IT OUT"
    "absolute", "absolutely", "joke", "disgrace", "shambles", "useless", "angry", "furious",
    "sort", "out", "fix", "asap", "sofort", "frechheit", "unverschämt", "skandal", "heaps",
    # what else ends a lower-case message: "… pls. asap", "… ist kaputt. hilfe"
    "pls", "plz", "please", "bitte", "hilfe", "anyone", "today", "tomorrow", "heute", "morgen",
    "sorry", "lol", "thx", "ty", "danke", "merci", "cheers", "ta", "tia", "ciao", "tschüss",
    "lg", "vg", "mfg", "gruß", "gruss", "grüße", "soon", "yet", "too", "auch", "ja", "nein",
    "yes", "no", "nope", "yep", "vielmal",
    # "it's my sister, she's visiting"
    "she", "he", "she's", "he's", "they", "they're", "we", "it's", "sie", "er",
}  # fmt: skip
"""Words that are no lower-case name: "thanks in advance", "hi this is urgent"."""
_STOP = {
    "My", "His", "Her", "Our", "Their", "Mein", "Meine", "Sein", "Seine", "Unser", "Unsere",
    "I", "Ich", "The", "Der", "Die", "Das", "Thanks", "Danke", "Hello", "Hallo", "Please", "Your",
    "Ihr", "Ihre", "Euer", "Eure",
    # dictated punctuation: "hier ist Rainer Vogelsang Punkt"
    "Punkt", "Komma", "Fragezeichen", "Comma", "Period",
    # what follows a name on a signature's line: "Hatice Arslan Tel 0157 …"
    "Tel", "Mob", "Fax", "Handy", "Telefon", "Phone", "Mobile", "Email", "Mail", "Ph",
    "Im",  # "Im Auftrag"
    # what follows a name in a dictated text: "hier spricht Gerd Ahlers Kundennummer …"
    "Kundennummer", "Vertragsnummer", "Versicherungsnummer", "Mitgliedsnummer", "Nummer",
    "Telefonnummer", "Wohnung", "Whg", "Zimmer",
    # a form's labels next to a name: "Signed (Tenant A): C. Rigby", "called:   Date 06/11/24"
    "Signed", "Signature", "Unterschrift", "Date", "Datum", "Titel", "Title", "Rückfragen",
}  # fmt: skip
# letters after a name: "Mr Rajesh Iyer FRCS (Orth)", "Ms Caitlin Braddock MRCVS"
_POSTNOMINALS = {
    "FRCS", "FRCP", "MRCP", "MRCS", "MRCVS", "MRCGP", "MBE", "OBE", "CBE", "PhD", "MD", "DDS",
    "RN", "CPA", "Esq", "MSc", "BSc", "LLB", "LLM", "MBA", "FCA", "ACA", "MRICS", "FRICS", "CEng",
    "MIET", "FCCA", "ACCA", "DVM", "DO", "PA-C", "NP", "ADI",
}  # fmt: skip


# words before a name that are none of it: "Danke Komma Lena Hartmann", "Forenames Hana Elise"
_LEADING_WORDS = {
    "Komma", "Comma", "Auf", "Unter", "Name", "Forenames", "Forename", "Vorname", "Vornamen",
    "Surname", "Nachname",
}  # fmt: skip


def find_names(text: str) -> list[Found]:
    out: list[Found] = []

    def add(start: int, name: str, confidence: float) -> None:
        words = name.split()
        # "Danke Komma Lena Hartmann", "Zweitfahrerin: Ehefrau Brigitte Vogt"
        role = False
        # ("Auf Hofer, bitte" answers "Auf welchen Namen …?")
        while words and (
            words[0] in _LEADING_WORDS
            or words[0] in _ROLE_NOUNS
            or (len(words) > 2 and words[0].endswith(("meister", "meisterin")))  # "Malermeister"
        ):
            role = role or words[0] in _ROLE_NOUNS
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else start
            words.pop(0)
        if role and words and words[0] in ("von", "vom"):
            return  # "ich bin Vater von Omar Al-Khatib": the name comes with a rule of its own
        if words and words[-1][-2:] in ("'s", "\u2019s") and words[-1][0].islower():
            words[-1] = words[-1][:-2]  # "mr o'brien's flat"
        while words and (words[-1] in _STOP or (len(words) > 2 and words[-1] in _POSTNOMINALS)):
            words.pop()
        if not words or words[0] in _STOP or words[0] in _NOT_NAMES:
            return
        # "Herr Tobias Krämer von der Sicherheitsabteilung": the name ends before its unit
        cut = next((i for i, w in enumerate(words) if i and w in ("von", "vom", "from")), None)
        after = [] if cut is None else [w for w in words[cut + 1 :] if w not in ("der", "dem")]
        # (also "Ramona von Technikhaus Weber": a name has one word after "von", "von der")
        if cut is not None and (_is_firm(words[cut:]) or len(after) > 1 or words[cut] == "vom"):
            words = words[:cut]
        if _is_firm(words):
            return  # "Achebe Logistics Ltd", "Schadenabteilung Kraftfahrt"
        if _RE_CLOSING_WORDS.fullmatch(" ".join(words)):
            return  # "Sincerely" alone on its line
        if len(words) == 1 and words[0].lower() in _CALENDAR:
            return  # "the same man Tuesday"
        kept = " ".join(words)
        end = start + len(text[start:].split(words[-1], 1)[0]) + len(words[-1])
        if _RE_FIRM_AFTER.match(text, end):
            return  # "Dr. Wendt & Kollegen Steuerberatung GmbH"
        if len(words) == 1 and (
            _RE_PET_AFTER.match(text, end) or _RE_PET_BEFORE.search(text, max(0, start - 20), start)
        ):
            return  # "Patientin: Minka (Katze, EKH)", "unserer Katze Minka": a pet
        trade = _RE_WORD_AFTER.match(text, end)
        if trade and _is_firm([trade.group(1)]):
            return  # "Hi Orbital Mobile,", "Hi Coastline Mobile": a firm's name and its trade
        if len(words) == 1 and _brand_elsewhere(text, words[0]):
            return  # "Hi Rosewood, … (Rosewood app)", "Hi Glenpower, … "Glenpower: Your …""
        if words[0][:1].isupper() and "," not in kept:
            # "Agent: S. Mirza": the initials before a name belong to it
            initials = _RE_INITIALS_BEFORE.search(text, max(0, start - 8), start)
            if initials and text[start:end].split() == words:
                start = initials.start()
                words = text[start:end].split()
                kept = " ".join(words)
            # "Mr Tobias WHITFIELD-ADEYEMI (ID&V passed)": a surname in capitals
            capitals = _RE_CAPITALS_AFTER.match(text, end)
            if (
                capitals
                and len(words) <= 2
                and all(w[1:].islower() or "-" in w for w in words if w[-1] != ".")
                and capitals.group(1) not in _NOT_SURNAMES
                and capitals.group(1) not in _POSTNOMINALS
            ):
                end = capitals.end(1)
                words = text[start:end].split()
                kept = " ".join(words)
        taken = any(s < end and start < e for s, e, _, _ in out)
        if text[start:end].split() == words and not taken:
            out.append((start, end, kept, confidence))

    rules: tuple[tuple[re.Pattern[str], float], ...] = (
        (_RE_FORM_NAME, 0.7),  # before the introductions: "Kontoinhaber: Fuchs, Tobias"
        (_RE_INTRO_SURNAME_FIRST, 0.7),
        (_RE_INTRO, 0.7),
        (_RE_TITLED, 0.6),
        (_RE_ROLE, 0.6),
        (_RE_LABEL, 0.6),
        (_RE_INTRO_SHORT, 0.6),
        (_RE_HERE, 0.6),
        (_RE_GREETING_INTRO, 0.6),
        (_RE_CLOSING_LINE, 0.6),
        (_RE_CLOSING_SAME_LINE, 0.5),
        (_RE_DASH_SIGNATURE, 0.5),
        (_RE_GREETING, 0.5),
        (_RE_LAST_LINE, 0.5),
        (_RE_CLOSING_AT_END, 0.5),
        (_RE_LAST_WORD, 0.5),
        (_RE_NAME_ROLE, 0.5),
        (_RE_CLOSING_FROM, 0.5),
        (_RE_LOWER_AT_END, 0.5),
        (_RE_LOWER_NAMED, 0.6),
        (_RE_LOWER_KISSES, 0.5),
        (_RE_PAYEE, 0.5),
        (_RE_ROLE_BRACKET, 0.5),
        (_RE_LOWER_INTRO, 0.5),
        (_RE_NAME_PHONE, 0.5),
        (_RE_NAME_NUMBER, 0.5),
        (_RE_CARE_OF, 0.5),
        (_RE_AGENT_LABEL, 0.6),
        (_RE_SELF_BRACKET, 0.6),
        (_RE_KEY_WITH, 0.5),
        (_RE_PARENT_OF, 0.55),
        (_RE_SUBJECT_NAME, 0.5),
        (_RE_ROLE_WAS, 0.55),
        (_RE_PAID_TO, 0.6),
        (_RE_PAID_TO_INITIALS, 0.55),
        (_RE_COUNTERPARTY, 0.55),
        (_RE_XML_PERSON, 0.6),
        (_RE_ROLE_THEN_NAME_BRACKET, 0.55),
        (_RE_AT_RECEPTION, 0.55),
        (_RE_WITH_AT_TIME, 0.55),
        (_RE_TAKEN_BY, 0.6),
        (_RE_NAME_AGE, 0.5),
        (_RE_NAME_BORN, 0.55),
        (_RE_AGENT_INITIAL, 0.55),
        (_RE_BRACKET_PHONE, 0.5),
        (_RE_FROM_LINE, 0.5),
        (_RE_NAME_BLOCK, 0.5),
        (_RE_ROLE_APPOSITION, 0.6),
        (_RE_CALLED, 0.6),
        (_RE_NAME_BEFORE, 0.55),
        (_RE_NAME_IBAN, 0.55),
        (_RE_NAME_EMAIL, 0.55),
        (_RE_NAME_ABOVE_PHONE, 0.5),
        (_RE_NAME_CHANGE_FROM, 0.6),
        (_RE_NAME_CHANGE_TO, 0.6),
        (_RE_NAME_STREET, 0.5),
        (_RE_LOWER_MR, 0.5),
        (_RE_NAME_FROM, 0.5),
        (_RE_SPOKE_TO, 0.5),
        (_RE_UNDER, 0.6),
        (_RE_SURNAME_LABEL, 0.7),
        (_RE_SOMEONE, 0.6),
        (_RE_NAME_DATE_LINE, 0.6),
        (_RE_PHONE_NAME, 0.5),
        (_RE_NAME_ABOVE_ADDRESS, 0.5),
        (_RE_NAME_SAID, 0.55),
        (_RE_NAME_WORD, 0.5),
        (_RE_LOWER_FROM_FLAT, 0.5),
        (_RE_LOWER_FAMILY, 0.5),
        (_RE_LOWER_TITLE_NAME, 0.5),
        (_RE_NAME_IS, 0.55),
        (_RE_ME_NAME, 0.55),
        (_RE_PHONE_THEN_NAME, 0.5),
        (_RE_GREETING_NAME_I, 0.5),
        (_RE_LOWER_FAMILY_COMMA, 0.5),
        (_RE_LOWER_HERR, 0.45),
        (_RE_FORM_LINE_NAME, 0.55),
        (_RE_HELD_WITH, 0.5),
        (_RE_COMMAND, 0.55),
        (_RE_DOORBELL, 0.55),
        (_RE_CAPS_SURNAME_LABEL, 0.55),
        (_RE_NAME_FIELD, 0.6),
        (_RE_RECIPIENT, 0.55),
        (_RE_SOCIAL_NAME, 0.55),
        (_RE_TURN_HEAD, 0.55),
        (_RE_CHAT_NAME, 0.5),
        (_RE_CONTACT, 0.55),
        (_RE_INITIALS_NAME, 0.5),
        (_RE_SURNAME_FIRST_ROW, 0.55),
        (_RE_NAME_OF_ADDRESS_BLOCK, 0.5),
        (_RE_ON_BEHALF_NAME, 0.6),
        (_RE_TRADE_THEN_NAME, 0.5),
        (_RE_TELEGRAM_LABEL, 0.55),
    )
    lower_case = _lower_case_writer(text)
    if lower_case:
        rules += ((_RE_LOWER_TITLED, 0.5), (_RE_LOWER_SELF, 0.5), (_RE_LOWER_ROLE, 0.5),
                  (_RE_LOWER_CLOSING, 0.5), (_RE_LOWER_LAST_WORD, 0.45),
                  (_RE_LOWER_DASH, 0.45), (_RE_LOWER_COMMAND, 0.5))  # fmt: skip
    # the end of the customer's own text: before a quoted earlier message
    quoted = _RE_QUOTE_HEADER.search(text)
    own = text[: quoted.start()].rstrip() if quoted else text
    # the turns of a chat or a call, read once for the rules that need them
    turns = list(_RE_TURN.finditer(text))
    labels = Counter(m.group("label").lower() for m in turns)
    in_turns = _named_in_turns(text, turns)
    for start, name in _answered(text):  # first: "Jones, Peter" answers "Which name …?"
        add(start, name, 0.6)
    for regex, confidence in rules:
        # the rules for the end of a text: the end of the customer's own words, and the end of
        # the message they quote
        ends = (own, text) if regex in _AT_THE_END and own != text else (text,)
        for m in (m for part in ends for m in regex.finditer(part)):
            # the name: group 1, or the group of the alternative that matched
            g = next((i for i in range(1, regex.groups + 1) if m.group(i) is not None), 1)
            if regex is _RE_GREETING and _NOT_NAMES.intersection(m.group(g).split()):
                continue  # "Dear Card Services,"
            if regex in _LOWER_RULES and not _lower_name(m.group(g)):
                continue  # "thanks in advance", "hi this is urgent,"
            if regex is _RE_TRADE_THEN_NAME and not _any_given_name(m.group(g)):
                continue  # "driver Manjunath", not "driver Side", "the engineer Friday"
            if regex is _RE_LAST_WORD and _RE_EXCLAIMED.match(text, m.end(g)):
                continue  # "Delete my account please. Now!", "… an extra fee!  Explain!"
            first = m.group(g).split()[0] if regex in _WEAK_LOWER_RULES else ""
            if first and not (first[-1] == "." or _any_given_name(first)):
                continue  # "thank you kindly", "i'm calling tails": a weak cue needs a name
            if (
                regex is _RE_AGENT_LABEL
                and (m.start() == 0 or text[m.start() - 1] == "\n")
                and labels[m.group(0).split(":")[0].strip().lower()] > 1
            ):
                continue  # "Mitarbeiter: Kein Problem." in a chat whose turns that label heads
            add(m.start(g), m.group(g), confidence)
            if regex in _THEN_AND_NAME:
                also = _RE_AND_NAME.match(text, m.end(g))  # "Thanks, Aoife & Sam"
                if (
                    regex in (_RE_ROLE, _RE_CLOSING_SAME_LINE, _RE_INTRO, _RE_COMMAND)
                    and also is None
                ):
                    also = _RE_AND_NAME_CLAUSE.match(text, m.end(g))  # "die kinder Mia und Noah"
                if also:
                    add(also.start(1), also.group(1), confidence)
            if regex is _RE_NAME_IS and (instead := _RE_INSTEAD_NAME.match(text, m.end())):
                add(instead.start(1), instead.group(1), confidence)  # "… instead of "John Smith""
            # "Geschäftsführer: Markus Lenz, Petra Lenz-Albrecht", "Tran, Minh Anh; Tran, Bao"
            more_names = {_RE_LABEL: _RE_MORE_NAMES, _RE_FORM_NAME: _RE_MORE_SURNAME_FIRST}
            if regex in more_names:
                end = m.end(1)
                while more := more_names[regex].match(text, end):
                    add(more.start(1), more.group(1), confidence)
                    end = more.end(1)
    for m in _RE_FIELDS_WITHOUT_COLON.finditer(text):
        for field in ("surname", "given", "given2", "surname2"):
            if m.group(field):
                add(m.start(field), m.group(field), 0.6)
    for m in _RE_SPEAKER.finditer(text):
        group = next(g for g in (1, 2, 3, 4) if m.group(g))
        if group == 2 and not _speaker(m.group(2), in_turns):
            continue  # "[18/04/2023, 08:15] Liberties Physio: Morning Conor, Aisling here."
        add(m.start(group), m.group(group), 0.6)
    for start, name in _chat_speakers(text, in_turns):
        add(start, name, 0.55)
    for start, name in _transcript_speakers(text, turns, in_turns):
        add(start, name, 0.55)
    for start, name in _as_in_address(text):
        add(start, name, 0.6)
    named = {w for _, _, name, _ in out for w in name.replace(",", " ").split() if len(w) > 2}
    for m in _RE_HEADER.finditer(text):
        # the address holds the name, or the person is named elsewhere ("Hi Priya," above
        # "From: Priya Nair <lettings@…>")
        if _in_address(m.group(1), m.group(2)) or named.intersection(m.group(1).split()):
            add(m.start(1), m.group(1), 0.6)
    for m in _RE_HEADER_NAME.finditer(text):
        if named.intersection(m.group(1).replace(",", " ").split()):
            add(m.start(1), m.group(1), 0.55)
    for start, name in _listed(text):
        add(start, name, 0.5)
    for start, name in _in_name_column(text):
        add(start, name, 0.6)
    for m in _RE_BRACKET_PAIR.finditer(text):
        for group in (1, 2) if m.group(1) else (3, 4):
            add(m.start(group), m.group(group), 0.6)
    for m in _RE_WITH_STAFF.finditer(text):
        if _any_given_name(m.group(1)):
            add(m.start(1), m.group(1), 0.5)
    for m in _RE_COUPLE.finditer(text):
        if _couple_line(text, m.start()):
            for group in (1, 2) if m.group(1) else (3, 4):
                add(m.start(group), m.group(group), 0.5)
    if _RE_SHOUTED.search(text) is None:  # "… MEMBER NO 20918. JOHN MILLER"
        for m in _RE_CAPS_AT_END.finditer(own):
            if _caps_name(m.group(1)):
                add(m.start(1), m.group(1), 0.5)
    signed = _signature(own)
    if signed is not None:
        add(*signed, 0.5)
    # "Dot (Dorothy Macintyre)", "hier ist lulu (eigentlich marie-luise brenner)": the full name
    # in brackets after a name
    for _, end, _, confidence in list(out):
        bracket = _RE_BRACKET_NAME.match(text, end)
        if bracket is None or _RE_TURN_AFTER.match(text, bracket.end()):
            continue  # (not "Femi (Halden Home):", a chat's speaker and their firm)
        if bracket.group(1)[0].islower() and not (lower_case and _lower_name(bracket.group(1))):
            continue  # "(husband)", "(ich)"; lower case only from those who write so
        add(bracket.start(1), bracket.group(1), confidence)
    # "Olusegun Bankole (Shegz)", "Guadalupe Martínez (goes by Lupe)", "Mohammed Qureshi ('Mo')":
    # the name a person goes by, in brackets after their full name
    english = len(_RE_ENGLISH_WORDS.findall(text)) > len(_RE_GERMAN_WORDS.findall(text))
    for _, end, name, confidence in list(out):
        nick = _RE_NICKNAME.match(text, end)
        # without "goes by" or quotes only in English: German nouns are capitalised ("(Ehefrau)")
        if nick and len(name.split()) > 1 and (english or nick["cue"] or nick["quote"]):
            word = nick["nick"]
            if not ({word, word.capitalize()} & (_NOT_NAMES | _STOP | _COMPANY)) and (
                word.lower() not in _CALENDAR and not _RE_TITLE_ONLY.fullmatch(word)
            ):
                add(nick.start("nick"), word, confidence)
    # "Can Zara and Ellie share the twin room?": the first name of a person named before or after
    for start, name in _named_again(text, out):
        add(start, name, 0.45)
    # "Noah ist heute krank", "our goods-in lad Kyle signed for one": a known given name, with
    # no other cue
    for start, name in _known_names(text, out):
        add(start, name, 0.4)
    return sorted(out)


_RE_CAPITAL_BEFORE = re.compile(rf"(?<![\w.'\u2019-])[{_UPPER}][\w.'\u2019-]*[ ]$")


_RE_WORD_AFTER = re.compile(rf"[ ]([{_UPPER}][\w-]*)")


def _brand_elsewhere(text: str, word: str) -> bool:
    """Whether ``word`` is used in ``text`` as the name of a firm, an app or a shop: "your
    Bloomhouse order", "(Rosewood app)", a text message signed at its start ("Glenpower: …")."""
    w = re.escape(word)
    return (
        re.search(
            rf"\b{w}[ ]+(?i:app|order|orders|account|team|support|shop|store|website|site|"
            rf"delivery|deliveries|card|bill|statement|customer\s+service)\b"
            # (a person's: "Jodie's card", "Ellis's account")
            rf"|\b{w}['\u2019]s[ ]+(?i:app|website|site|shop|store|team|support)\b"
            rf"|[\"\u201e\u201c(][ ]*{w}[ ]*:|(?i:\byour[ ]+){w}\b",
            text,
        )
        is not None
    )


# firm words that are also common surnames: "Michelle Power" is no firm when a known given name
# stands before it
_SURNAME_FIRM_WORDS = {"Power"}


def _is_firm(words: list[str]) -> bool:
    """Whether ``words`` name a firm or a unit of one, not a person."""
    firm_words = _COMPANY.intersection(w.capitalize() for w in words)
    if (
        len(words) == 2
        and firm_words == {words[1]}
        and words[1] in _SURNAME_FIRM_WORDS
        and words[0] in _given_names()
    ):
        return False  # "Michelle Power", "Sinéad Power"
    return bool(firm_words) or any(map(_RE_UNIT.search, words))


def _capital_before(text: str, start: int) -> bool:
    """Whether a capitalised word that is a title or does not start its sentence stands right
    before ``start``."""
    word = _RE_CAPITAL_BEFORE.search(text, 0, start)
    if word is None:
        return False
    if _RE_TITLE_ONLY.fullmatch(word.group(0).strip()):
        return True
    return not _RE_SENTENCE_START.search(text, 0, word.start())


_RE_CAPITAL_AFTER = re.compile(rf"[ ][{_UPPER}]")
_RE_TITLE_ONLY = re.compile(rf"{_TITLE}\.?")
_RE_SENTENCE_START = re.compile(r"(?:^|[.!?:\n])[ \t]*$")
_AMBIGUOUS = {
    "Will", "May", "Mark", "Bill", "Grace", "Joy", "Hope", "Faith", "Rose", "June", "Summer",
    "Sunny", "Frank", "Art", "Drew", "Pat", "Sue", "Rich", "Chase", "Page", "Max", "Glen",
    "Dean", "Bob", "Jack", "Ray", "Gay", "Holly", "Ivy", "Dawn", "Ernst", "Heide", "Klaus",
}  # fmt: skip
"""First names that are as often a word: never taken from another mention alone."""


# "Herr Kaya", "Ms Lowe": a surname after its title, not a first name to find again
_RE_TITLE_BEFORE = re.compile(rf"(?i:\b(?:{_TITLE}))\.?[ \t]+\Z")


def _named_again(text: str, found: list[Found]) -> list[tuple[int, str]]:
    """The places where a first name of the people in ``found`` stands alone (as "Zara" for
    "Zara Mahmood", "Ellie" for "Ellie-Mae Thornton")."""
    firsts = set()
    # a word that is a surname of someone found ("Joanna Marsh") is not a first name alone
    surnames = {w for _, _, n, _ in found for w in n.replace(",", " ").split()[1:]}
    for start, _, name, _ in found:
        words = name.replace(",", " ").split()
        if "," in name or not words[0][0].isupper() or words[0].endswith("."):
            continue  # "Becker, Lukas": which word is the first name is not certain
        if len(words) > 1:  # not "Adeyinka" of "Mr Adeyinka": a surname
            firsts.add(words[0])
            firsts.add(words[0].split("-")[0])
        elif (
            words[0] not in surnames
            and _any_given_name(words[0])
            and not _capital_before(text, start)
            and not _RE_TITLE_BEFORE.search(text, 0, start)
        ):
            firsts.add(words[0])  # "a cut with Jade next week … Jade's fully booked"
    firsts -= _AMBIGUOUS | _NOT_NAMES | _STOP
    firsts = {w for w in firsts if w.lower() not in _CALENDAR and len(w) > 2}
    if not firsts:
        return []
    pattern = "|".join(re.escape(w) for w in sorted(firsts, key=len, reverse=True))
    taken = [(s, e) for s, e, _, _ in found]
    return [
        (m.start(), m.group(0))
        for m in re.finditer(rf"(?<![\w'\u2019-])(?:{pattern})(?![\w-])(?!['\u2019](?!s\b))", text)
        # alone: not next to another capitalised word ("Gareth Rhys Williams", "Herr Wolf"),
        # unless that word starts the sentence ("Can Zara and Ellie share?")
        if not _capital_before(text, m.start()) and not _RE_CAPITAL_AFTER.match(text, m.end())
        if not any(s < m.end() and m.start() < e for s, e in taken)
    ]


# the name of a unit of an organisation ("Schadenabteilung", "Kundenservice")
_RE_UNIT = re.compile(
    r"(?i:(?:-team\b|abteilung|service|verwaltung|zentrum|stelle|büro|gruppe|versicherung|rezeption|"
    r"buchhaltung|zentrale|filiale|hotline|technik|lager|markt|handel|betrieb|schule|verein|"
    r"catering|foods?|manufacturing|supplies|supply|logisti[ck]s?|control|planner|manager|"
    r"managerin|coordinator|officer|director|supervisor|administrator|specialist|universität|"
    r"university|hochschule|klinikum|servicing|gartenbau|neubau|bibliothek|"
    # trades and places of business: "Dachdeckerei Hüsken", "Gasthof Auer", "Radhaus Brandl",
    # "Thiele Architektur", "Ferienwohnungen Oberhofer", "Kelvinside Bodyworks", "Wareneingang"
    r"[a-zäöüß]{4}erei(?!-)|gasthof|gasthaus|autohaus|radhaus|architektur|ferienwohnungen|"
    r"eingang|leitung|"
    r"bodyworks|printworks|sicherheitsteam|"
    # a shop's or a trade's own name in a chat's labels: "Alpenbank", "Radwerk
    # Wiehre", "Hundesalon Pfotenliebe", "Bärner Zügelprofis", "Salzach Übersiedlungen"
    r"[a-zäöüß]{3}(?:bank|werk|salon|pension|studio|profis|shop|service)|"
    r"[a-zäöüß]{3}amt|jobcenter|[a-zäöüß]{3}kasse|"  # "Finanzamt Kiel", "Techniker Krankenkasse"
    r"übersiedlungen|umzüge|konditorei|confiserie|fahrschule|reinigung|notdienst|"
    r"physio(?:therapie|therapy)?|grooming|telco|removals|boarding|cycles|bikes|motors|cabs?|"
    r"taxis?|nails|barbers?|bakery|kennels|cattery|locksmiths?|electrical|electrics|roofing|"
    r"glazing|flooring|decorating|builders|landscaping|movers|cleaning|fitness|pilates|caterers|"
    r"phones)\b)"
)
_CALENDAR = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "montag", "dienstag",
    "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag", "january", "february",
    "march", "july", "september", "october", "november", "december", "januar", "februar", "märz",
    "juli", "oktober", "dezember", "today", "tomorrow", "heute", "morgen",
}  # fmt: skip
"""Single words that are days or months, never a name alone ("Sunday Adeyemi" is a name)."""
# not "i. A. Stefanie Lorenz", "i.V. Patrick Lenz" (signing for someone)
_RE_INITIALS_BEFORE = re.compile(
    r"(?<![\w.'\u2019-])(?<!\bi\. )(?<!\bi\.)(?:[A-Z]\.[ ]?){1,2}[ ]?$"
)
_RE_CAPITALS_AFTER = re.compile(
    r"[ ]+([A-Z]{3,}(?:[-'][A-Z]{2,})*)(?=[ \t]*(?:[,;:()\n]|\.(?!\w)|$))"
)
# words in capitals after a name that are no surname: "Sarah ASAP.", "Tom IBAN:"
_NOT_SURNAMES = {
    "ASAP", "URGENT", "THANKS", "PLEASE", "HELP", "IBAN", "INFO", "NOTE", "DATE", "TIME",
    "CALL", "SORRY", "TODAY", "DEAR", "HELLO", "BITTE", "DANKE", "DRINGEND", "POLICY", "CLAIM",
    "REF", "ORDER", "VISA", "AMEX", "PAYPAL", "NHS", "DOB", "BIC", "SWIFT", "PIN", "ATM", "SMS",
    "CEO", "VAT", "GBP", "EUR", "USD", "CHF", "AUD", "CAD", "NZD", "FYI", "TEL", "MOB", "FAX",
    "PDF", "NOW", "NOT", "AND", "THE", "YOU", "YES", "ENDE", "TEAM", "MBA", "PHD", "BSC", "MSC",
    "LLB", "ACCA", "CPA", "MRICS", "FCA", "GMBH", "LTD", "PLC", "INC", "LLC", "DIRECT", "MOBILE",
    "OFFICE", "HOME", "WORK", "STOP", "NEVER", "AGAIN", "FRAUD", "CANCEL", "BLOCK", "ADMIN",
}  # fmt: skip
_RE_FIRM_AFTER = re.compile(
    r"[ \t]*(?:(?:&|und|and)[ \t]+(?:Kollegen|Partner|Partners|Sons|Söhne|Sohn|Co\b|Associates)|"
    r"(?:GmbH|Ltd|AG|KG|LLP|LLC|Inc|plc)\b)"
)
_RE_ENGLISH_WORDS = re.compile(r"(?i:\b(?:the|and|is|to|my|of|with|for|you)\b)")
_RE_GERMAN_WORDS = re.compile(r"(?i:\b(?:und|der|die|das|ist|ich|nicht|mit|für|sie)\b)")
_RE_NICKNAME = re.compile(
    rf"[ \t]*\((?P<cue>(?i:goes\s+by|I\s+go\s+by|known\s+as|aka|a\.k\.a\.|genannt|called)"
    rf"[ \t]+)?(?P<quote>['\u2018\"\u201c])?(?P<nick>{_WORD}|[A-Z]{{2,3}})['\u2019\"\u201d]?\)"
)
_RE_BRACKET_NAME = re.compile(
    rf"[ \t]*(?:[^\w\s(]{{1,4}}[ \t]*)?\([ \t]*"
    rf"(?:(?i:eigentlich|actually|aka|a\.k\.a\.|real\s+name|officially|née|geb\.|geborene|vorher|"
    rf"früher|formerly|previously|ehemals)[ \t:]+)?"
    rf"({_FULL_NAME}|{_LOWER_NAME})"
    rf"(?=[ \t]*\)|[ \t]+(?i:on|in|auf|im)\b)"
)


def _couple_line(text: str, start: int) -> bool:
    """Whether the line at ``start`` is where a signature or a letter's sender stands: the
    first line, after a closing, or above an address."""
    before = text[:start].rstrip()
    if not before or _RE_CLOSING_END.search(before):
        return True
    rest = text[start:].split("\n", 3)
    return len(rest) > 1 and _RE_STREET_LINE.match(rest[1]) is not None


_RE_STREET_LINE = re.compile(rf"[ \t]*(?:{STREET})")


# a writer who shouts: a text without a small letter; its last words may be the name
_RE_SHOUTED = re.compile(rf"[{_LOWER}]")
_RE_CAPS_AT_END = re.compile(
    rf"(?:[.!?][ \t]+|\n[ \t]*)([A-Z]\.[ ]?{_CAPS_WORD}(?:[ ]{_CAPS_WORD}){{0,2}}|"
    rf"{_CAPS_WORD}(?:[ ]{_CAPS_WORD}){{1,2}})[ \t.!]*\Z"
)


def _caps_name(words: str) -> bool:
    """Whether the capitals ``words`` may be a name: none is a word of a closing or a common one."""
    parts = words.split()
    return not any(
        w.capitalize() in _NOT_NAMES | _STOP | _COMPANY
        or w.lower() in _COMMON | _FUNCTION_WORDS
        or _RE_CLOSING_WORDS.fullmatch(w)
        for w in parts
    ) and not _RE_CLOSING_WORDS.fullmatch(words)


_RE_CUSTOMER_LABEL = re.compile(
    r"^[ \t]*(?i:customer|kunde|kundin|you|me|ich|caller|anrufer(?:in)?)[ \t]*:", re.M
)
_RE_LABEL_LINE = re.compile(rf"^[ \t]*({_NAME})[ \t]*:", re.M)
_RE_CHAT_WITH = re.compile(rf"(?i:\bchat(?:verlauf)?\s+(?:with|mit))\s+({_NAME})\b")


def _chat_speakers(text: str, named: dict[str, set[str]]) -> list[tuple[int, str]]:
    """The people speaking in a chat transcript without times ("Marisol: Hi! …" and
    "Customer: …"): a name that heads two lines or more, next to the customer's own label; and
    "Chat with Marisol" above it."""
    if _RE_CUSTOMER_LABEL.search(text) is None:
        return []
    heads = [(m.start(1), m.group(1)) for m in _RE_LABEL_LINE.finditer(text)]
    counts = Counter(name for _, name in heads)
    speakers = {
        name
        for name, n in counts.items()
        if n >= 2
        and name.capitalize() not in _NOT_NAMES | _STOP | _COMPANY
        # "Mitarbeiter:", "Agentin:": a role, not a name
        and not re.fullmatch(rf"(?i:{_AGENT}|{_ROLES}|anrufer(?:in)?|caller|bot|system)", name)
        and _speaker(name, named)
    }
    out = [(start, name) for start, name in heads if name in speakers]
    chat_with = _RE_CHAT_WITH.finditer(text)
    out += [(m.start(1), m.group(1)) for m in chat_with if m.group(1) in speakers]
    return out


# a turn of an exported chat: "[10:44] Agent Ruth:", "Customer (Dana):", "Femi (Halden Home):",
# "Devon @ Redwood:", "Jaylen Brooks 2:10 PM:", "(9:35:31 AM) Visitor:", "aisha k:"
_CLOCK = _when.CLOCK
_RE_TURN = re.compile(
    rf"^[ \t>]*(?:(?:\[[^\]\n]{{1,25}}\]|\({_CLOCK}\)|{_CLOCK}|"
    rf"{_when.EXPORT_STAMP}[ \t]*[-\u2013])[ \t]*)?"
    rf"(?P<label>{_NAME}|{_LOWER_NAME}(?:[ ][{_LOWER}]\.?)?)"
    rf"(?:[ \t]*\((?P<inner>[^()\n]{{1,40}})\)|[ \t]+[@\u2013-][ \t]+(?P<org>[^:\n]{{1,40}}))?"
    rf"(?:[ \t]+{_CLOCK})?[ \t]*:(?![\d/])",
    re.M,
)
_RE_TURN_AFTER = re.compile(rf"\)?[ \t]*(?:{_CLOCK}[ \t]*)?:")
_ROLE_LABEL = re.compile(
    rf"(?i:{_AGENT}|customer|kunde|kundin|client|visitor|besucher(?:in)?|user|guest|gast|member|"
    rf"receptionist|reception|empfang|officer|csr|policyholder|passenger|passagier(?:in)?|"
    rf"patient(?:in)?|sachbearbeiter(?:in)?|speaker[ \t]*\d|sprecher(?:in)?[ \t]*\d|"
    rf"mitglied|caller|anrufer(?:in)?|me|ich|you|sie|du|bot|chatbot|assistant|assistent(?:in)?|"
    rf"system|team|service|kundenservice|kundendienst|hotline|moderator)"
)
# what a label's line says of who writes it: "Lumacell: Hi! This is Keisha." (a firm speaking)
_RE_SELF_NAMED = re.compile(
    rf"(?i:\b(?:this\s+is|i['\u2019]m|i\s+am|my\s+name\s+is|you['\u2019]re\s+chatting\s+with|"
    rf"sie\s+schreiben\s+mit|hier\s+ist|hier|ich\s+bin|mein\s+name\s+ist))\s+({_NAME})"
    rf"|({_NAME})\s+(?i:here|hier)\b"
)
# what heads the lines of a form or a mail header, not a chat's turns
_FIELD_LABELS = {
    "from", "sent", "to", "cc", "bcc", "subject", "date", "von", "an", "betreff", "gesendet",
    "datum", "frage", "antwort", "question", "answer", "beschreibung", "description", "note",
    "notes", "notiz", "forename", "surname", "driver", "fahrer", "rabatt", "discount", "total",
    "gesamt", "summe", "status", "name", "address", "adresse", "tel", "phone", "telefon",
    "email", "mail", "ref", "betrag", "amount", "artikel", "item", "versand", "shipping",
    "zahlung", "payment", "kunde", "order", "bestellung", "reply", "re", "aw", "fw", "wg",
}  # fmt: skip


def _named_in_turns(text: str, turns: list[re.Match[str]]) -> dict[str, set[str]]:
    """Who the turns of each label say is writing ("Lumacell: Hi! This is Keisha.")."""
    named: dict[str, set[str]] = {}
    for m in turns:
        line_end = text.find("\n", m.end())
        line = text[m.end() : line_end if line_end >= 0 else len(text)]
        for said in _RE_SELF_NAMED.finditer(line):
            who = said.group(1) or said.group(2)
            named.setdefault(m.group("label"), set()).add(who)
    return named


def _speaker(name: str, named: dict[str, set[str]]) -> bool:
    """Whether a chat's label ``name`` is a person: no role, no firm whose turns name another
    person writing."""
    words = name.split()
    return bool(
        words
        and name.lower() not in _FIELD_LABELS
        and not _ROLE_LABEL.fullmatch(name)
        and not (_NOT_NAMES | _STOP | _COMPANY).intersection(w.capitalize() for w in words)
        and (name[0].isupper() or _lower_name(name))
        and not named.get(name, set()) - {name}
    )


def _transcript_speakers(
    text: str, turns: list[re.Match[str]], named: dict[str, set[str]]
) -> list[tuple[int, str]]:
    """The people writing in an exported chat (two turns or more, with clocks, a role's label
    or two speakers): the person of "Customer (Dana):" and "Agent Ruth:", the label of
    "Femi (Halden Home):" and "Devon @ Redwood:", and a name (also in lower case: "aisha k:")
    that heads two turns; not a role ("Member:", "Chatbot:"), nor a firm whose turns name the
    person writing ("Lumacell: Hi! This is Keisha."; ``named``: whom each label's turns name)."""
    if len(turns) < 2:
        return []
    labels = Counter(m.group("label") for m in turns)
    roles = [m for m in turns if _ROLE_LABEL.fullmatch(m.group("label"))]
    clocks = any(re.search(r"\d[:.]\d\d", m.group(0)) for m in turns)
    if not (roles or clocks or sum(n >= 2 for n in labels.values()) >= 2):
        return []
    out = []
    for m in turns:
        label, inner, org = m.group("label"), m.group("inner"), m.group("org")
        if (
            inner
            and _ROLE_LABEL.fullmatch(label)
            and re.fullmatch(_NAME, inner)
            and _speaker(inner, named)
        ):
            out.append((m.start("inner"), inner))  # "Customer (Dana):"
        elif org and re.fullmatch(_NAME, org.strip()) and _org_is_person(text, m, named):
            out.append((m.start("org"), org.strip()))  # "Fonex - Melike:"
        elif _speaker(label, named) and (inner or org or labels[label] >= 2):
            out.append((m.start("label"), label))  # "Aoife - Greenlane Books:", "Kasia - Voltra:"
    return out


def _org_is_person(text: str, turn: re.Match[str], named: dict[str, set[str]]) -> bool:
    """Whether the second part of a label "A - B:" is the person writing: the one its turns
    name ("Kasia - Voltra: Hi, Kasia here!" is Kasia's), not a firm of several words
    ("Aoife - Greenlane Books:") nor after "@" ("Devon @ Redwood:"), else the second part
    ("Pannenhilfe - Mareike:")."""
    label, org = turn.group("label"), turn.group("org").strip()
    if "@" in text[turn.end("label") : turn.start("org")]:
        return False  # "Devon @ Redwood:"
    said = named.get(label, set())
    if org in said or label in said:
        return org in said
    return len(org.split()) == 1 and _speaker(org, named)


def _lower_case_writer(text: str) -> bool:
    """Whether the writer does not capitalise: no word in the text starts with a capital followed
    by a small letter ("ja passt, dann donnerstag … ich bin lena schmidt")."""
    return re.search(rf"(?<![\w'])[{_UPPER}][{_LOWER}]", text) is None


def _lower_name(words: str) -> bool:
    """Whether lower-case ``words`` may be a name: none of them is a common word."""
    parts = [w for w in words.lower().split() if not re.fullmatch(_PARTICLE, w)]
    return bool(parts) and not (_COMMON | _FUNCTION_WORDS | _NOT_CALLED).intersection(parts)


def _listed(text: str) -> list[tuple[int, str]]:
    """The names listed one per line below a line that announces people."""
    out: list[tuple[int, str]] = []
    lines = text.splitlines(keepends=True)
    offset, listing = 0, False
    for line in lines:
        bare = line.rstrip("\r\n")
        if listing and bare.strip():
            m = _RE_LIST_NAME.fullmatch(bare)
            if m is None:
                listing = False
            else:
                out.append((offset + m.start(1), m.group(1)))
        if _RE_PEOPLE_HEADER.search(bare):
            listing = True
        offset += len(line)
    return out


_RE_NAME_HEAD = re.compile(
    r"(?i:(?:full\s+|passenger\s+|customer\s+|employee\s+|member\s+)?name|"
    r"(?:vor-?\s*und\s+)?nachname(?:,?\s*vorname)?|name,?\s*vorname|vorname\s+nachname)"
)
_RE_CELL_NAME = re.compile(rf"{_SURNAME_FIRST}|{_NAME}|{_CAPS_NAME}")


def _in_name_column(text: str) -> list[tuple[int, str]]:
    """The names in a pasted table's name column: "| Name | Relationship | Phone |" (or with
    tabs) above rows such as "| Nguyen Van Duc | husband | 07700 900 142 |"."""
    out: list[tuple[int, str]] = []
    offset, column, sep = 0, -1, ""
    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        if column >= 0 and sep in bare:
            cells = bare.split(sep)
            if column < len(cells):
                cell = cells[column]
                at = offset + sum(len(c) + len(sep) for c in cells[:column])
                name = cell.strip()
                if name and _RE_CELL_NAME.fullmatch(name):
                    out.append((at + cell.index(name), name))
        elif column >= 0 and bare.strip():
            column = -1  # the table ended
        for candidate in ("|", "\t"):
            cells = [c.strip() for c in bare.split(candidate)] if candidate in bare else []
            heads = [i for i, c in enumerate(cells) if _RE_NAME_HEAD.fullmatch(c)]
            if heads:
                column, sep = heads[0], candidate
                break
        offset += len(line)
    return out


def _answered(text: str) -> list[tuple[int, str]]:
    """The names a caller gives on a line of their own when the line before asked for it."""
    out: list[tuple[int, str]] = []
    offset, asked, quoted = 0, False, False
    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        if asked and (m := _RE_NAME_ANSWER.fullmatch(bare)):
            if m.group(1)[0].isupper() or _lower_name(m.group(1)):
                out.append((offset + m.start(1), m.group(1)))
            if m.group(2):
                out.append((offset + m.start(2), m.group(2)))
        elif asked and quoted and (m := _RE_NAME_REPLY.fullmatch(bare)):
            out.append((offset + m.start(1), m.group(1)))  # the answer to a quoted question
        elif asked and (m := _RE_NAME_SPOKEN.match(bare)):
            out.append((offset + m.start(1), m.group(1)))  # "Caller: Gwen Pritchard CF14 3NB"
        if bare.strip():
            asked = _RE_NAME_ASKED.search(bare) is not None
            quoted = bare.lstrip().startswith(">")
        offset += len(line)
    return out


def _fold(word: str) -> str:
    """``word`` as it would be spelled in a mail address: "Müller" -> "mueller"."""
    word = word.lower().translate(_UMLAUTS).replace("'", "").replace("\u2019", "")
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _in_address(name: str, local: str) -> bool:
    """Whether the mail address's local part ``local`` is made of ``name`` ("Tom Baxter",
    "tom.baxter"; "t.baxter"), so that the header's words are a person's name, not a team's."""
    if "," in name:  # "Becker, Lukas"
        name = " ".join(reversed(name.replace(",", " ").split()))
    words = [_fold(w).replace("-", "") for w in name.split()]
    local = local.lower().replace("-", "")
    return (
        len(words) > 1
        and not _NOT_NAMES.intersection(name.split())
        and words[-1] in local
        and all(w in local or local.startswith(w[0]) for w in words[:-1])
    )


_RE_LOCAL_PART = re.compile(r"\b([A-Za-z]{2,})[._-]([A-Za-z]{2,})(?:[._-]([A-Za-z]{2,}))?@")


_MAILBOXES = {
    "info", "desk", "service", "support", "team", "sales", "kontakt", "contact", "hello", "mail",
    "office", "admin", "billing", "noreply", "reply", "customer", "customers", "kunden", "help",
    "returns", "accounts", "claims", "orders", "buchhaltung", "rechnung", "post",
}  # fmt: skip


def _as_in_address(text: str) -> list[tuple[int, str]]:
    """Words that spell the name a mail address in the text is made of, in any case ("… an
    frank.berger@beispiel.de. frank berger"): a name the writer did not capitalise."""
    out = []
    for m in _RE_LOCAL_PART.finditer(text):
        parts = [p for p in m.groups() if p]
        if _MAILBOXES.intersection(p.lower() for p in parts):
            continue  # info.desk@…: a mailbox, not a person
        spelled = r"[ \t]+".join(re.escape(p) for p in parts)
        for found in re.finditer(rf"(?<![\w.@-]){spelled}(?![\w.@-])", text, re.I):
            out.append((found.start(), found.group(0)))
    return out


_RE_NAME_LINE = re.compile(
    rf"[ \t]*(?:{_TITLE}\.?[ \t]+)?({_FULL_NAME})"
    rf"[ \t]*(?:,[^\n]*)?"  # "Melanie Fuchs, Mitgliedsnr. 20417"
)
_RE_CLOSING_ALONE = re.compile(rf"[ \t]*(?i:{_CLOSING})\b.*")
_RE_CLOSING_WORDS = re.compile(rf"(?i:{_CLOSING})")
_RE_CLOSING_END = re.compile(rf"(?i:\b(?:{_CLOSING}))[ \t,.!]*$")  # "…, vormittags. Danke und Gruß"


def _signature(own: str) -> tuple[int, str] | None:
    """The name that heads a signature: alone on its line after the last sentence, followed
    to the end only by the signature's short lines (job title, company, address, numbers):
    "… Which is right?\nPriyanka Shah\nCustomer ref 44019283". The signature must hold a
    number or an address (not "Items:\nBlue Shirt\nRed Hat")."""
    lines = own.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    for i in range(len(lines) - 1, max(len(lines) - 9, 0), -1):
        line = lines[i].strip()
        named = _RE_NAME_LINE.fullmatch(lines[i].rstrip("\r\n"))
        if named and not _RE_CLOSING_ALONE.fullmatch(line):
            before = lines[i - 1].strip()
            after_sentence = not before or before[-1] in ".!?,)" or _RE_CLOSING_END.search(before)
            contact = re.search(r"[\d@]", "".join(lines[i:]))
            if after_sentence and contact:
                return starts[i] + named.start(1), named.group(1)
            return None
        if len(line) > 80 or line.endswith(("?", "!")) or (line.endswith(".") and "@" not in line):
            return None
    return None


_THEN_AND_NAME = (
    _RE_COMMAND,
    _RE_CLOSING_SAME_LINE,
    _RE_CLOSING_AT_END,
    _RE_INTRO,
    _RE_ROLE,
    _RE_LAST_WORD,
    _RE_DASH_SIGNATURE,
)
_LOWER_RULES = (
    _RE_LOWER_COMMAND,
    _RE_LOWER_FAMILY_COMMA,
    _RE_LOWER_HERR,
    _RE_NAME_SAID,
    _RE_LOWER_LAST_WORD,
    _RE_LOWER_DASH,
    _RE_LOWER_FROM_FLAT,
    _RE_LOWER_FAMILY,
    _RE_LOWER_KISSES,
    _RE_LOWER_MR,
    _RE_LOWER_AT_END,
    _RE_LOWER_INTRO,
    _RE_LOWER_NAMED,
    _RE_LOWER_TITLED,
    _RE_LOWER_SELF,
    _RE_LOWER_ROLE,
    _RE_LOWER_CLOSING,
)
# lower-case rules whose cue alone is weak (a word after "thanks" at the end, after "i'm"):
# the first word must be a given name of the shipped list
_WEAK_LOWER_RULES = (_RE_LOWER_AT_END, _RE_LOWER_SELF)
_AT_THE_END = (
    _RE_CLOSING_LINE,
    _RE_CLOSING_SAME_LINE,
    _RE_DASH_SIGNATURE,
    _RE_LAST_LINE,
    _RE_CLOSING_AT_END,
    _RE_LAST_WORD,
    _RE_NAME_ROLE,
    _RE_CLOSING_FROM,
    _RE_LOWER_AT_END,
    _RE_LOWER_LAST_WORD,
)
_RE_QUOTE_HEADER = re.compile(
    r"^[ \t]*(?:On\b[^\n]{0,120}\bwrote:|Am\b[^\n]{0,120}\bschrieb\b[^\n]{0,80}:|"
    r"-{2,}[ \t]*(?i:original message|ursprüngliche nachricht|forwarded message|"
    r"weitergeleitete nachricht)[ \t]*-{2,}|>|_{10,}[ \t]*$|"
    r"(?:From|Von):[^\n]*\n[ \t>]*(?:Sent|Date|Datum|Gesendet):)",
    re.M,
)
_AND_TITLE = rf"[ \t]*(?:&|\+|and|und)[ \t]+(?:{_TITLE}\.?[ \t]+)?"  # "Mr X and Mrs Y"
_RE_AND_NAME = re.compile(rf"{_AND_TITLE}({_NAME})[ \t.!]*(?:\n|\Z)")
_RE_AND_NAME_CLAUSE = re.compile(
    # ("Leonie (geb. 14.02.2012) und Finn (geb. 30.10.2015)", "Mira (7) und Levin (4)")
    rf"(?:[ \t]*\([^()\n]{{1,25}}\))?{_AND_TITLE}({_NAME})"
    rf"(?=[ \t]*(?:[,.;!?()]|$)|[ \t]+[{_LOWER}])",
    re.M,
)


_ACCENTED = set("áéíóúÁÉÍÓÚàèìòùÀÈÌÒÙ")
_OTHER_MARKS = set("äöüÄÖÜßăâîșțĂÂÎȘȚçÇñÑ")


class _Names(frozenset):  # type: ignore[type-arg]
    """Names that also hold their spellings with accents: the list has "Sinead" and "Oisin",
    a text writes "Sinéad" and "Oisín"."""

    def __contains__(self, word: object) -> bool:
        if super().__contains__(word):
            return True
        # (only acute and grave accents: "Gemäß" and "Lüt" are no "Gema" and "Lut")
        if not isinstance(word, str) or not set(word) & _ACCENTED or set(word) & _OTHER_MARKS:
            return False
        plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
        return len(plain) == len(word) and super().__contains__(plain)


@functools.cache
def _name_list() -> tuple[frozenset[str], frozenset[str]]:
    """The given names inloop ships (``resources/given_names.txt``): those that are no word
    and no place, and all of them in lower case."""
    lines = resources.files("inloop.ai").joinpath("resources/given_names.txt").read_text("utf-8")
    rows = [line.split("\t") for line in lines.split("\n") if line and line[0] != "#"]
    plain = {row[0] for row in rows if len(row) == 1}
    plain -= _AMBIGUOUS | _NOT_NAMES | _STOP | _COMPANY | _ROLE_NOUNS
    return _Names(plain), _Names(row[0].lower() for row in rows)


def _given_names() -> frozenset[str]:
    """The given names that are as often no word and no place ("Noah", not "Will", "Bristol")."""
    return _name_list()[0]


def _any_given_name(word: str) -> bool:
    """Whether ``word``, in any case, is a given name of the shipped list, also one that is a
    word or a place ("tom", "max")."""
    return word.lower() in _name_list()[1]


# a capitalised word, and (looked at, not taken: each word is tried as a given name) the
# capitalised words after it
_RE_KNOWN = re.compile(
    rf"(?<![\w@#/.'\u2019\u2013\u2014-])({_WORD})(?=((?:[ ]{_WORD}){{0,2}}(?:[ ][A-Z]\.)?)"
    rf"(?![\w@\u2013\u2014-]|['\u2019](?!s\b)|\.[A-Za-z]))"
)
# what a place or a firm is called after a name-like word, besides a street's own word
# ("Albion Street"): "Hartwell Motors", "Brock Hall", "Orlando Intl"
_PLACE_OR_FIRM = {
    "Park", "Wynd", "Island", "Apartments", "Intl", "Airport", "Station", "Hotel", "Motors",
    "Solicitors", "Cycles", "Interiors", "Homes", "Garage", "Vets", "Surgery", "Primary",
    "Academy", "College", "Hospital", "House", "Centre", "Center", "Estate", "Hall", "Roofing",
    "County", "Clerk", "Air", "Logo", "Boots", "Tweed",
}  # fmt: skip
# days, months and feasts: never a name found by its spelling alone ("Sunday", "April", "Jan";
# not the three letters of "Sun", a given name too)
_DATE_WORDS = (
    _CALENDAR
    | _when.MONTH_WORDS
    | {w for w in _when.WEEKDAY_WORDS if len(w) > 3}
    | {"easter", "ostern", "christmas", "weihnachten", "silvester", "pfingsten", "whitsun"}
)
# assistants, brands, "Kia ora", "like Mac OS X", German "Avis" (a notice of delivery), "Uni"
_NOT_PEOPLE = {"Alexa", "Siri", "Cortana", "Kia", "Mac", "Avis", "Bose", "Uni"}
_RE_BEFORE_KNOWN = re.compile(
    r"(?:(?i:\b(?:the|a|an|this|in|near|via|into|outside|nach|aus|im)[ \t]+)|"
    # "am Obed", "den ganze Dag" (dialect); not "die vom Kevin", as people speak of people
    r"\b(?:[Aa]m|ans|ins)[ \t]+|"
    r"\b(?:der|die|das|den|dem|des|ein|eine|einen|einem|einer)[ \t]+[a-zäöüß]+(?:e|e[mnrs])"
    r"[ \t]+|"
    r"(?<![\w'\u2019])(?P<owner>\w+)['\u2019]s[ \t]+|(?P<and>\w+)[ \t]*&[ \t]*|"
    rf"\d{{4,5}}[ \t]+|[{_UPPER}]{{3,}},[ ])$"
)
_SENTENCE_OPENERS = {
    "Can", "Could", "Will", "Would", "Did", "Does", "Do", "Is", "Are", "Was", "Has", "Have",
    "Please", "Ask", "Tell", "Call", "Text", "Send", "Let", "And", "But", "So", "Also", "Yes",
    "No", "Ok", "Okay", "Ja", "Nein", "Bitte", "Und", "Aber", "Auch", "Wenn", "Ob", "Kann",
    "Hat", "Ist", "War", "Sag", "Ruf", "Schick", "Sorry", "Because", "When", "If", "As",
}  # fmt: skip
# a possessive before a name that is none ("he's Bernard Whitlock", "name's Kate")
_NOT_OWNERS = {"he", "she", "it", "that", "who", "name", "He", "She", "It", "That", "Who", "Name"}
# capitalised words that may stand right before a name: greetings and roles ("Hi Priya",
# "grüß Gott Hannes Mair", "Thank you Madam Adwoa", "Tochter Sabine Eisele-Brandt")
_OPEN_BEFORE = _ROLE_NOUNS | {
    "Hi", "Hello", "Hey", "Dear", "Hiya", "Thanks", "Cheers", "Morning", "Afternoon", "Evening",
    "Madam", "Hallo", "Liebe", "Lieber", "Moin", "Servus", "Gott", "Tag", "Abend", "Morgen",
    "Danke", "Kunde", "Kundin", "Patient", "Patientin", "Mieter", "Mieterin", "Nachbar",
    "Nachbarin", "Kollege", "Kollegin", "Contact", "Kontakt", "Gruß", "Grüße", "Gruss",
    "Grüsse", "Salü", "Hoi", "Grüezi", "Mōrena", "Anrufer", "Anruferin", "Caller", "Customer",
    "Regards", "Love", "Ciao", "Tschüss",
}  # fmt: skip
_NAME_MAY_FOLLOW = _OPEN_BEFORE | _SENTENCE_OPENERS
# "Ellis, Naomi", "Chan Tai Man, Kenneth", "Ferreira da Costa, Beatriz": the surname before the
# given name and a comma, at the start of a line or a field, the given names ending the field
_RE_SURNAME_BEFORE = re.compile(
    rf"(?:^|(?<=[:;|\"(\u2013\u2014]))[ \t]*"
    rf"((?:{_WORD}|{_CAPS_WORD})(?:[ ](?:{_PARTICLE}[ ]+)*(?:{_WORD}|{_CAPS_WORD})){{0,2}}),[ ]$",
    re.M,
)
_RE_FIELD_END = re.compile(r"[ \t]*(?:$|[;,\"(|@\n\u201c])", re.M)
_RE_QUOTED = re.compile(r"[\"\u201e\u201c\u00ab]$")
_RE_QUOTE_AFTER = re.compile(r"[\"\u201c\u201d\u00bb]")
_RE_PLACE_AFTER = re.compile(
    rf"[ \t]*(?:&(?![a-z]+;)[ \t]*(?P<partner>\w+)|(?P<comma>,)?[ \t]*"
    rf"(?:[A-Z]{{2}}[ \t]+\d{{5}}|[A-Z]{{1,2}}\d[A-Z\d]?[ \t]*\d[A-Z]{{2}}\b)|"
    rf"[ \t]*(?:{STREET}))"
)
_PET_WORDS = (
    r"dog|dogs|cat|cats|puppy|kitten|pet|pets|kelpie|labrador|spaniel|terrier|westie|"
    r"retriever|collie|poodle|beagle|horse|pony|rabbit|hamster|parrot|hund|hündin|katze|kater|"
    r"welpe|pferd|kaninchen|haustier"
)
_RE_PET = re.compile(rf"(?i:\b(?:{_PET_WORDS})\b)")
# a pet's name with its kind: "Patientin: Minka (Katze, EKH)", "unserer Katze Minka"
_RE_PET_AFTER = re.compile(rf"(?i:[ \t]*\((?:{_PET_WORDS})\b)")
_RE_PET_BEFORE = re.compile(rf"(?i:\b(?:{_PET_WORDS})[ \t]+)$")


def _surname_first(text: str, surname: str, end: int) -> bool:
    """Whether ``surname``, before a comma and given names that end at ``end``, is one."""
    words = surname.split()
    return (
        _RE_FIELD_END.match(text, end) is not None
        and not _STOP.intersection(words)
        and not _NOT_NAMES.intersection(words)
        and not _is_firm(words)
    )


def _blocked_before(text: str, start: int, given: frozenset[str]) -> bool:
    """Whether what stands right before ``start`` says a given name there is none: a
    capitalised word of a longer name or a firm's (not a greeting or a role), an article, a
    place's preposition, a possessive, a firm's ``&`` (not a couple's: "Lena & Sione Fifita")."""
    word = _RE_CAPITAL_BEFORE.search(text, max(0, start - 40), start)
    # (a capitalised word that starts a sentence may be a German noun: "Mitarbeiterin:
    # Schuhhaus Bergmann"; only words that start sentences leave a name free: "Can Zara …")
    if word is not None and word.group(0).strip() not in _NAME_MAY_FOLLOW:
        return True
    before = _RE_BEFORE_KNOWN.search(text, max(0, start - 40), start)
    if before is None:
        return False
    if before["owner"] is not None:
        return before["owner"] not in _NOT_OWNERS
    if before["and"] is not None:
        return before["and"] not in given
    return True


def _place_after(text: str, end: int, words: list[str], given: frozenset[str]) -> bool:
    """Whether what follows a name at ``end`` makes it a place's or a firm's: a street, a
    postcode or a state ("Eugene, OR 97405"; not "Hollie Dunmore, NE6 5RS"), ``&`` and a word
    that is no given name ("Hartley & Finch")."""
    after = _RE_PLACE_AFTER.match(text, end)
    if after is None:
        return False
    if after["partner"] is not None:
        return after["partner"] not in given
    return not (after["comma"] and len(words) > 1)


_RE_IRISH_PARTICLE = re.compile(r"[ ](?:Ó|Ní|Nic|Mac|Mc|Uí|de|Ua)[ ]")


def _known_names(text: str, found: list[Found]) -> list[tuple[int, str]]:
    """A known given name (and the capitalised words after it, its surname) where no other rule
    found a name: alone, not part of a longer capitalised name, a firm's or a place's ("Hotel
    Anna", "Albion Street", "Eugene, OR 97405"), not a pet's."""
    given = _given_names()
    taken = [(s, e) for s, e, _, _ in found]
    out: list[tuple[int, str]] = []
    for m in _RE_KNOWN.finditer(text):
        first = m.group(1)
        if first not in given or first in _NOT_PEOPLE or first.lower() in _DATE_WORDS:
            continue
        if _RE_IRISH_PARTICLE.match(text, m.end(1)):
            continue  # "Seán Ó Dálaigh", "Róisín Mac an tSaoir": the whole name, or none
        start = m.start()
        line = text.rfind("\n", 0, start) + 1
        surname = _RE_SURNAME_BEFORE.search(text, line, start)
        if surname and _surname_first(text, surname.group(1), m.end(1) + len(m.group(2))):
            start = surname.start(1)  # the whole "Surname, Given names"
        elif _blocked_before(text, start, given) or (
            # a product: "Kinderhochstuhl „Lotta“" (not "Empfänger „Heinz Müller“")
            _RE_QUOTED.search(text, max(0, start - 1), start)
            and _RE_QUOTE_AFTER.match(text, m.end(1))
        ):
            continue
        words = [first]
        for word in m.group(2).split():
            if word in _STOP or word in _NOT_NAMES or word.lower() in _DATE_WORDS:
                break
            words.append(word)
        end = m.start() + len(" ".join(words))
        if _is_firm(words) or any(
            w in _PLACE_OR_FIRM or RE_EN_STREET_WORD.fullmatch(w) for w in words[1:]
        ):
            continue
        if _place_after(text, end, words, given) or _RE_PET.search(
            text, max(0, m.start() - 60), m.start()
        ):
            continue
        if not any(s < end and start < e for s, e in taken):
            # "Ellis, Naomi": the surname, a given name too, was taken alone before
            out = [(s, name) for s, name in out if s < start]
            out.append((start, text[start:end]))
    return out
