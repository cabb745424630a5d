"""Typed fields in free text, with character spans and a confidence, to prefill ``ask``.

    extract("Call me tomorrow on 030 1234567", locale="de", reference_time=...)
    → {"date": [Span(...)], "phone": [Span(text="030 1234567", value="+49301234567", ...)]}

Only validated values are proposed: IBANs with a correct checksum (schwifty), phone numbers
that are valid for their region or have a whole number's length after a word like "phone"
(phonenumbers), email addresses with a real domain
(email-validator), calendar dates that exist (dateparser). Where two fields claim the same
characters, the more specific one wins (an IBAN is not also a phone number).
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from inloop.ai import _address, _quoted, _when
from inloop.ai._names import find_names
from inloop.ai.errors import DataInvalid

FIELDS = (
    "date",
    "date_period",
    "time",
    "amount",
    "person_name",
    "email",
    "phone",
    "iban",
    "postcode",
    "order_number",
    "postal_address",
)
LOCALES = {"en": "GB", "de": "DE"}
"""Supported locales and the phone region each implies."""

# Where spans of two fields overlap, the one earlier in this list wins; a postcode or a name may
# also lie inside a postal address (they are part of it: "Mrs Edith Wainwright\n7 Larch Grove").
_PRIORITY = (
    "email",
    "iban",
    "postal_address",
    "date_period",
    "date",
    "time",
    "order_number",
    "phone",
    "amount",
    "postcode",
    "person_name",
)


@dataclasses.dataclass(frozen=True)
class Span:
    """One proposed value: ``text == input[span[0]:span[1]]``; ``value`` is normalised."""

    text: str
    span: tuple[int, int]
    value: Any
    confidence: float

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "span": [self.span[0], self.span[1]],
            "value": self.value,
            "confidence": self.confidence,
        }


Found = tuple[int, int, Any, float]

# -- email, phone, IBAN -----------------------------------------------------------------------

_RE_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*(?<!\.)", re.UNICODE)


def _emails(text: str) -> list[Found]:
    out: list[Found] = []
    for m in _RE_EMAIL.finditer(text):
        try:
            result = validate_email(m.group(0), check_deliverability=False)
        except EmailNotValidError:
            continue
        out.append((m.start(), m.end(), result.normalized, 0.99))
    return out


_RE_PHONE_CUE = re.compile(
    r"(?i:\b(?:phone|mobile|cell|call|ring|reach|contact|tel|telephone|landline|number|whatsapp|"
    r"sms|text|telefon|handy|mobil|rufnummer|nummer|anrufen|erreichen|unter|mob|ph|fon|"
    r"reached|reachable|erreichbar|contactable|line|voicemail|sprachnachricht|mailbox)\b"
    # "T: 0113 496 0187 | M: 07700 900 523"
    r"|(?:^|[\s|])[MTPC][:.])[^.!?\n]{0,25}$"
    # "or my wife Lorna on 07700 900 902", "I'm on 0491 570 156", "or my wife's 07700 900 822"
    r"|\bon[ \t]*$|\b(?i:my|his|her|our|mein|meine)[ \t]+\w+['\u2019]s[ \t]*$"
)
# "07700 900 615 or my wife's …": a number that a second one follows
_RE_PHONE_CUE_AFTER = re.compile(
    r"[ \t,]*(?i:or|oder)[ \t]+(?:(?i:my|mein|meine|his|her|on)\b|\+?\d)"
)


def _phones(text: str, locale: str) -> list[Found]:
    """Numbers valid for their region; and numbers of a whole number's length right after a
    word like "phone", "call me on" or "Tel." (e.g. of ranges the validation of phonenumbers
    does not know yet)."""
    fmt = phonenumbers.PhoneNumberFormat.E164
    out: list[Found] = []
    # the text's region first; then the locale's, for a UK mobile in an American's message;
    # a number valid in either before one that is only possible ("grüß gott" from Passau)
    # every region whose signs the text shows, in their order: "in Dubai … my mother's landline
    # 0484 236 7715 … ₹5,00,000" is not valid in the Emirates but in India
    here, *also = _regions(text, locale) or [LOCALES[locale]]
    regions = dict.fromkeys((here, *_NEIGHBOURS.get(here, ()), *also, LOCALES[locale]))
    passes = ((phonenumbers.Leniency.VALID, 0.9), (phonenumbers.Leniency.POSSIBLE, 0.6))
    for said in _RE_SAID_NATION.finditer(text):  # "my mobile is swiss: 079 418 22 61"
        nation = _NATIONS[(said.group(1) or said.group(2)).lower()]
        after = text[said.end() : said.end() + 40]
        first = next(
            iter(phonenumbers.PhoneNumberMatcher(after, nation, leniency=passes[1][0])), None
        )
        if first is not None and _full_length(first.number):
            number = phonenumbers.format_number(first.number, fmt)
            out.append((said.end() + first.start, said.end() + first.end, number, 0.8))
    # a number in the shape only one country writes its mobiles in is of that country,
    # whatever the rest of the text says ("0664 510 77 29" from Vienna in an English mail)
    shaped = [
        (region, {m.start() for m in shape.finditer(text)}) for region, shape in _MOBILE_SHAPES
    ]
    tries: list[tuple[str, tuple[Any, float], set[int] | None]]
    tries = [(region, passes[0], starts) for region, starts in shaped if starts]
    tries += [(region, p, None) for p, region in itertools.product(passes, regions)]
    for region, (leniency, confidence), starts in tries:
        for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=leniency):
            if starts is not None and m.start not in starts:
                continue
            if any(s < m.end and m.start < e for s, e, _, _ in out):
                continue
            if re.match(r"(?:19|20)\d{2}[-/]", m.raw_string):
                continue  # "die Nummer 2021-77415": a year and a running number
            if _RE_NOT_A_PHONE.search(m.raw_string):
                continue  # "Nr. 0447/2023", "Leitweg-ID 05315000-1234-67", "1,0962    1.171,32"
            if (
                region in _TRUNK_ZERO
                and m.raw_string[:1].isdigit()
                and m.raw_string[0] != "0"
                and len(re.sub(r"\D", "", m.raw_string)) >= 9
            ):
                continue  # "die Nummer 4500031877": a German number to dial begins with 0
            if _RE_SHOP_ORDER.fullmatch(m.raw_string):
                continue  # "028-3391745-9920": the shape of a marketplace's order number
            if len(str(m.number.national_number)) < 7:
                continue  # "1.640,80 €", "K-339817": too short for a number to call
            if text[m.end : m.end + 1].isalpha() or text[max(0, m.start - 1) : m.start].isalpha():
                continue  # "Conf number 1188204973US": part of a code
            # "(07700 900 118)": phonenumbers keeps an opening bracket without its close
            start = m.start + 1 if m.raw_string[:1] == "(" and ")" not in m.raw_string else m.start
            raw = text[start : m.end]
            mobile = region == "GB" and _RE_UK_MOBILE.fullmatch(raw) is not None
            other = _RE_OTHER_NUMBER.search(text, 0, start)
            if other and not (mobile and not _RE_NUMBER_WORD.search(other.group(0))):
                # "Aktenzeichen 2025/118822", "Kundennummer 55443322": not phones (but "the
                # line on my account (07700 900 118)", "… for the meter. 07700 900 829")
                continue
            if (
                _RE_REFERENCE_HEAD.search(text, max(0, start - 2), start)
                or _RE_CODE_HEAD.search(text, max(0, start - 7), start)
                # "+44 (0)7700 900518": not the "(0)7700 900518" after the country code
                or _RE_COUNTRY_HEAD.search(text, max(0, start - 6), start)
                # the digits of an IBAN with a typo: "NL27 RABO 0312 4478 90"
                or _RE_IBAN_HEAD.search(text, max(0, start - 16), start)
            ):
                continue  # the end of a longer reference: "2023/0441290", "PH-3390-7781-22"
            cued = (
                _RE_PHONE_CUE.search(text, 0, start)
                or _alone(text, start, m.end)
                or _RE_PHONE_CUE_AFTER.match(text, m.end)
            )
            if confidence < 0.9 and not ((cued or mobile) and _full_length(m.number)):
                continue
            out.append((start, m.end, phonenumbers.format_number(m.number, fmt), confidence))
    return out


# mobiles as only one country writes them: Austria's "0664 510 77 29", "0699 1420 8836" (not a
# German "06641 …", Lauterbach, nor 0681, also Saarbrücken's code), Switzerland's "079 228 41 60"
_AUSTRIAN_MOBILE = r"(?<![\d+])06(?:50|60|64|76|77|78|80|88|99)(?:[ /-]\d{3}|\d{7}\b)"
_MOBILE_SHAPES = (
    # a number as North America writes it, with its area code in brackets: "(819) 555-0172"
    # (Canada's too) whatever the text's other signs ("flying to Lagos")
    ("US", re.compile(r"\(\d{3}\)[ ]?\d{3}-\d{4}(?!\d)")),
    ("AT", re.compile(_AUSTRIAN_MOBILE)),
    ("CH", re.compile(r"(?<![\d+])07[5-9] \d{3} \d{2} \d{2}(?![\d ])")),
)
# where the numbers of a text from one country may also be of another: Liechtenstein's
# neighbour Switzerland ("Schaan … 081 232 44 10")
_NEIGHBOURS = {"LI": ("CH",)}
# countries whose numbers, written without the country code, begin with the trunk 0
_TRUNK_ZERO = frozenset({"DE", "AT", "CH", "GB", "NL", "BE"})  # (Ireland: "1800 555 018")
# no phone number: a running number and its year ("0447/2023"), a German e-invoice's routing
# id ("05315000-1234-67"), digits across a table's column gap
_RE_NOT_A_PHONE = re.compile(r"^\d{1,5}/(?:19|20)\d{2}$|^\d{8,12}-\d{1,5}-\d{2}$|[ \t]{3,}|\t")
_RE_REFERENCE_HEAD = re.compile(r"\d[/.-]$")
_RE_COUNTRY_HEAD = re.compile(r"(?:\+|\b00)\d{1,3}[ \t]*$")
_RE_IBAN_HEAD = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){0,2}[ ]?$")
# a UK mobile as people write it ("07700 900 115", "+44 (0)7700 900443"): a number to call even
# in a range that phonenumbers does not know as assigned (the 07700 900 range of examples)
_RE_NUMBER_WORD = re.compile(r"(?i:\b(?:no|nr|number|nummer|num)\b|#|\w(?:nr|nummer)\b)")
_RE_UK_MOBILE = re.compile(r"(?:\+44[ ]?(?:\(0\)[ ]?)?|0)7\d{3}[ ]?\d{3}[ ]?\d{3}")
# letters joined to the number by a hyphen, other than a word for a phone ("Tel-")
_RE_CODE_HEAD = re.compile(
    r"(?<![\w.])(?!(?i:tel|fax|mob|handy|nr|no)[-/])[A-Za-z]{1,5}[-/](?:\d{4}/)?$"
)  # "PH-3390-7781-22", "CLM/2023/448172"
# a place that names a street is no sign of its country: "17 Wellington Place, Leeds"
_NOT_A_STREET = (
    r"(?![ \t]+(?:Place|Road|Rd|Street|St|Mews|Avenue|Lane|Way|Close|Court|Square|Terrace|"
    r"Crescent|Drive|Gardens|Row|Park|House)\b)"
)
# what tells where a message comes from, whose numbers are written without their country code:
# "Grüezi … 079 412 88 30", "(614) 555-0187" in a text about dollars, "R5 000 … 082 555 0713";
# the first that the text shows wins
# towns that say a text comes from Switzerland or Austria (each language adds its own names)
_SWISS_TOWNS = r"Zürich|Basel|Bern|Luzern|Lausanne|Winterthur|St\.[ \t]?Gallen|Lugano"
_AUSTRIAN_TOWNS = r"Wien|Graz|Linz|Salzburg|Innsbruck|Klagenfurt|Villach|Bregenz"
# South Tyrol writes German (and "Jänner", "Grüß Gott") with Italian numbers: "0471 97 21 74"
_SOUTH_TYROL = re.compile(
    r"\bIT\d{2}[ ]?[A-Z]\d{3}|"  # (not "39114 Magdeburg": German postcodes begin with 39 too)
    r"\b(?:Südtirol|South[ \t]Tyrol|Bozen|Bolzano|Meran|Merano|Brixen|Bressanone|Bruneck|"
    r"Brunico|Sterzing|Schlanders|Vinschgau|Pustertal|Eisacktal|Kaltern|Eppan)\b" + _NOT_A_STREET
)
# Liechtenstein pays in francs and writes like the Swiss: its signs come before theirs
_LIECHTENSTEIN = re.compile(
    r"\bLI\d{2}[ ]?\d{4}|\+423|\bLiechtenstein\b|"
    r"\b(?:Vaduz|Schaan|Balzers|Triesen|Triesenberg|Eschen|Mauren|Ruggell|Gamprin|Nendeln)\b"
    + _NOT_A_STREET
)
_REGION_SIGNS = {
    "de": (
        ("IT", _SOUTH_TYROL),
        ("LI", _LIECHTENSTEIN),
        (
            "CH",
            re.compile(
                r"\bCHF\b|\bFr\.\s?\d|\bCH\d{2}\s?\d{4}|(?i:\bgrüezi\b|\bmerci\b)|\+41|"
                # "Franken" and "Grüsse": the Swiss write no ß
                r"\bFranken\b|\bGrüsse?n?\b|"
                rf"\b(?:{_SWISS_TOWNS}|Genf|Biel|Thun|Schaffhausen|Chur|Aarau|Solothurn)\b"
                + _NOT_A_STREET
            ),
        ),
        (
            "AT",
            re.compile(
                # not "Servus": Bavarians say it too ("Servus, … 089/ 3344 5512")
                r"\bAT\d{2}\s?\d{4}|(?i:\bgrüß gott\b|\bjänner\b|\bfeber\b)|\+43|"
                # the Austrian "Mag." ("Frau Mag. Leitgeb"; not a mail address in Austria:
                # "ziehe nach Graz … leonie.brandl@beispiel.at", "Rufnummer 0172 …")
                r"\bMag\.(?:a\.)?[ ]+[A-Z]|" + _AUSTRIAN_MOBILE + "|"
                rf"\b\d{{4}}[ \t]+(?:{_AUSTRIAN_TOWNS}|Wels|St\.[ \t]?Pölten|Dornbirn)\b|"
                r"\bÖsterreich\b|\bPolizz|"
                # "Liebe Grüße aus Graz", "die Hofer Maria aus Graz"
                r"\b(?:(?:Grüße|Gruß|Grüsse|Gruss)[ \t]+)?aus[ \t]+"
                rf"(?:{_AUSTRIAN_TOWNS}|Dornbirn|St\.[ \t]?Pölten)\b{_NOT_A_STREET}"
            ),
        ),
    ),
    "en": (
        # a price in New Zealand dollars says where the writer is, whatever towns it names
        ("NZ", re.compile(r"\bNZD\b|\bNZ\$")),
        # before the US: "A$40", "NZ$40" are dollars too
        (
            "AU",
            re.compile(
                r"\bAUD\b|\bA\$|\+61|\b(?:VIC|NSW|QLD|TAS|ACT|WA|SA) \d{4}\b|(?i:\bg'day\b)|"
                # a mobile as Australians write it, their words, banks, carriers and motoring clubs
                r"(?<![\d+])04\d{2} \d{3} \d{3}(?!\d|[ ]\d)|"
                # pay and bills ("PAYG tax", "BPAY"; not a landline "(02) 8555 0134": Manila's too)
                r"\b(?:PAYG|BPAY|ABN|Superannuation)\b|"
                r"\b(?:Telstra|Optus|CommBank|Westpac|NRMA|RACV|RACQ|Centrelink|Bunnings)\b|"
                r"\b(?:Sydney|Melbourne|Brisbane|Adelaide|Canberra|Hobart|Fremantle|Gold Coast|"
                rf"Perth(?!shire))\b{_NOT_A_STREET}"
            ),
        ),
        (
            "NZ",
            re.compile(
                r"\bNZD\b|\bNZ\$|\+64|(?i:\bkia ora\b|\bngā mihi\b)|\.nz\b|\bNZ\b|"
                r"\b(?:Kiwibank|Chorus|Christchurch|Invercargill|Queenstown|Ōtaki|Otaki)\b|"
                r"\b(?:Auckland|Wellington|Dunedin|Tauranga|Rotorua|Whangārei|Whangarei|"
                rf"Palmerston North)\b{_NOT_A_STREET}"
            ),
        ),
        # Asia, Africa and the Caribbean: a currency, a country code, a country, city or provider
        (
            "SG",
            re.compile(
                r"\bS\$|\bSGD\b|\+65|\bSingapore\b|\b(?:PayNow|Singtel|StarHub|Jurong|Tampines)\b"
            ),
        ),
        ("HK", re.compile(r"\bHK\$|\bHKD\b|\+852|\bHong Kong\b|\b(?:Kowloon|Causeway Bay)\b")),
        ("JM", re.compile(r"\bJ\$|\bJMD\b|\+1[ -]?876|\bJamaica\b|\b(?:Montego Bay|Ocho Rios)\b")),
        (
            "MY",
            re.compile(
                r"\bRM ?\d|\bMYR\b|\+60|\bMalaysia\b|\b(?:Kuala Lumpur|Penang|Petaling Jaya|"
                # a mobile as written in Malaysia ("012-338 7410")
                r"(?<![\d+])01\d-\d{3,4} ?\d{4}(?!\d)|"
                r"Shah Alam|Johor Bahru|Maybank)\b"
            ),
        ),
        (
            "PH",
            re.compile(
                r"(?<![\d+])09\d{2}[ -]?\d{3}[ -]?\d{4}(?![\d ])|"  # a mobile: "0928 555 7719"
                + _when.PHILIPPINE_SIGNS
            ),
        ),
        (
            "AE",
            re.compile(r"\bAED\b|\bDhs?\.? ?\d|\+971|\b(?:UAE|Dubai|Abu Dhabi|Sharjah|Etisalat)\b"),
        ),
        (
            "PK",
            re.compile(
                r"\bPKR\b|\+92|\bPakistan\b|\b(?:Karachi|Lahore|Islamabad|Rawalpindi|"
                r"Faisalabad|Peshawar|JazzCash|Easypaisa|Meezan|HBL|IBFT|WAPDA|LESCO|PTCL)\b|"
                r"(?<![\d+])03\d{2}[ -]?\d{7}(?!\d)"  # a mobile: "0300 5550241"
            ),
        ),
        (
            "NG",
            re.compile(
                r"₦|\bNGN\b|\+234|\bNigeria\b|\b(?:Lagos|Abuja|Ibadan|Port Harcourt|Ikeja|"
                r"Lekki)\b"
            ),
        ),
        (
            "KE",
            re.compile(
                r"\bKS?hs?\b|\bKSh|\bKES\b|\+254|\bKenya\b|\b(?:Nairobi|Mombasa|Kisumu|Nakuru|"
                r"M-Pesa|MPesa|Safaricom)\b|(?<![\d+])07\d{2} \d{3} \d{3}(?![\d ])"
            ),
        ),
        (
            "GH",
            re.compile(r"₵|\bGHS\b|\+233|\bGhana\b|\b(?:Accra|Kumasi|Takoradi)\b"),
        ),
        # words Australians share with New Zealanders (whose signs come first)
        ("AU", re.compile(r"(?i:\barvo\b|\besky\b)|\brego\b|\bSYD\b")),
        # rands ("R5 000", "R 3 499,00"), an address in South Africa
        (
            "ZA",
            re.compile(
                r"(?<![\w$])R[ ]?(?:\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d{2})?|\d+,\d{2})\b|"
                r"\bZAR\b|\+27|\.co\.za\b|\bSAPS\b|\b(?:Johannesburg|Pretoria|Cape Town|"
                r"Durban|Soweto|Sandton|Gqeberha|Port Elizabeth|Bloemfontein|Stellenbosch)\b"
                + _NOT_A_STREET
            ),
        ),
        # a Canadian postcode after its province ("Toronto ON M4C 1B5"), a Canadian domain or city
        (
            "CA",
            re.compile(
                r"\b(?:ON|BC|QC|AB|MB|SK|NS|NB|NL|PE)[ \t]+[A-Z]\d[A-Z][ \t]?\d[A-Z]\d\b|"
                # a town and its province ("Surrey, BC"), a payslip's "Provincial tax"
                r"\b[A-Z][a-z]+,[ \t]+(?:ON|BC|QC|AB|MB|SK|NS|NB|NL|PE)\b(?![ \t]*\d)|"
                r"(?i:\bprovincial[ \t]+tax\b)|"
                r"\.ca\b|\bC\$|\bCAD\b|(?i:\be-transfer\b)|\bInterac\b|"
                r"\b(?:Toronto|Vancouver|Montreal|Montréal|Ottawa|Calgary|Saskatoon|St\. Boniface|"
                r"Nova Scotia|Manitoba|Alberta|Ontario|British Columbia|"
                rf"Edmonton|Winnipeg|Mississauga)\b{_NOT_A_STREET}"
            ),
        ),
        # "$40" (not "A$40", "NZ$40")
        (
            "US",
            re.compile(
                r"(?<![A-Z])\$\s?\d|\bUSD\b|\(\d{3}\)\s?\d{3}-\d{4}|,\s[A-Z]{2}\s\d{5}\b|\+1\b|"
                # "512-555-0138", "my cell is …"
                r"(?<![\d-])\d{3}-\d{3}-\d{4}(?![\d-])|"
                r"(?i:\bmy cell\b|\bcell(?:[ ]?phone)?(?::|\s+(?:is|number|no\.|#)))"
            ),
        ),
        # an Eircode ("D15 X2K7"), an Irish registration ("191-KE-4471") or an Irish place; an
        # Irish mobile as written ("087 555 0412")
        (
            "IE",
            re.compile(
                r"(?<![\d+])08[35-9] \d{3} \d{4}(?![\d ])|"
                r"\b[AC-FHKNPRTV-Y]\d[0-9W] [AC-FHKNPRTV-Y0-9]{4}\b|\+353|"
                r"\b\d{2,3}-(?:C|CE|CN|CW|D|DL|G|KE|KK|KY|L|LD|LH|LK|LM|LS|MH|MN|MO|OY|RN|SO|T|"
                r"W|WH|WX|WW)-\d{1,6}\b|"
                r"\b(?:Dublin|Ireland|Cork|Galway|Limerick|Kilkenny|Waterford|Sligo|Athlone|"
                r"Drogheda|Dundalk|Naas|Navan|Tralee|Ennis|Letterkenny|Wexford|Wicklow|Kildare|"
                rf"Mullingar|Castlebar|Carlow|Portlaoise)\b{_NOT_A_STREET}"
            ),
        ),
        # a Ghanaian mobile as written ("024 455 5073") and a South African one ("072 555 0371";
        # 08… is Irish), after the Irish signs: an Irish landline is written the same way ("044
        # 555 0138" in Mullingar, "066 712 4480" in Tralee)
        ("GH", re.compile(r"(?<![\d+])0[2-5]\d \d{3} \d{4}(?![\d ])")),
        ("ZA", re.compile(r"(?<![\d+])0[67]\d \d{3} \d{4}(?![\d ])")),
        # rupees written the Indian way, or an Indian city (see _british)
        (
            "IN",
            re.compile(
                r"₹|\bRs\.?\s?\d|\+91|\b(?:Bengaluru|Bangalore|Mumbai|Delhi|Chennai|Hyderabad|"
                r"Kolkata|Pune|Ahmedabad|Noida|Gurgaon|Gurugram)\b|"
                # a mobile as written in India ("98211 55487")
                r"(?<![\d+])[6-9]\d{4} \d{5}(?![\d ])"
            ),
        ),
        # an English text from Switzerland, Austria or Germany: a Swiss or Austrian IBAN or town,
        # francs, a German address ("Lindenweg 5, 90402 Nürnberg")
        ("IT", _SOUTH_TYROL),
        ("LI", _LIECHTENSTEIN),
        (
            "CH",
            re.compile(
                r"\bCHF\b|\bCH\d{2}[ ]?\d{4}|\bSwitzerland\b|"
                rf"\b(?:{_SWISS_TOWNS}|Zurich|Lucerne|Geneva|Genève|Zug)\b{_NOT_A_STREET}"
            ),
        ),
        (
            "AT",
            re.compile(
                rf"\bAT\d{{2}}[ ]?\d{{4}}|\bAustria\b|"
                rf"\b(?:{_AUSTRIAN_TOWNS}|Vienna|Dornbirn)\b{_NOT_A_STREET}"
            ),
        ),
        (
            "DE",
            re.compile(
                # (not "+49 …": a number with its country code says nothing of the others)
                r"\bGermany\b|(?i:str\.|straße|strasse|weg|allee|platz|ring|damm|gasse)"
                r"[ \t]+\d{1,4}[a-z]?,?[ \t]+\d{5}[ \t]+[A-ZÄÖÜ][a-zäöüß]+"
            ),
        ),
        # euros in English and no other sign: most likely Ireland
        ("IE", re.compile(r"€|\bEUR\b")),
    ),
}


# "my mobile is swiss", "an Irish number", "meine Schweizer Handynummer": the writer says so
_NATIONS = {
    "swiss": "CH", "schweizer": "CH", "irish": "IE", "irische": "IE", "irischen": "IE",
    "german": "DE", "deutsche": "DE", "deutschen": "DE", "austrian": "AT",
    "österreichische": "AT", "österreichischen": "AT", "british": "GB", "uk": "GB",
    "englische": "GB", "englischen": "GB", "american": "US", "canadian": "CA",
    "australian": "AU", "aussie": "AU", "indian": "IN", "french": "FR", "französische": "FR",
    "spanish": "ES", "spanische": "ES", "italian": "IT", "italienische": "IT", "dutch": "NL",
    "polish": "PL", "polnische": "PL",
}  # fmt: skip
_NATION = "|".join(sorted(_NATIONS, key=len, reverse=True))
_PHONE_WORD = r"(?:mobile|phone|cell|number|sim|handy(?:nummer)?|nummer|rufnummer|mobilnummer)"
_RE_SAID_NATION = re.compile(
    rf"(?i:\b(?:{_PHONE_WORD})[ \t]+(?:is|ist)[ \t]+(?:an?[ \t]+|eine[ \t]+)?({_NATION})\b"
    rf"|\b({_NATION})[ \t]+{_PHONE_WORD}\b)"
)


_RE_BRITISH_WORDS = re.compile(r"(?i:\b(?:pounds|quid|pence)\b)|\bGBP\b|(?<![\d+])07\d{3} ?\d{6}\b")
# regions whose signs a British text may show without being from there ("used in Lagos")
_FAR_REGIONS = ("SG", "HK", "JM", "MY", "PH", "AE", "PK", "NG", "KE", "GH")
_NOT_IN_BRITISH = ("IN", "CH", "AT", "DE", *_FAR_REGIONS)


@functools.lru_cache(maxsize=64)  # asked by the phones and the amounts of the same text
def _region(text: str, locale: str) -> str:
    """The region whose numbers the text's numbers without a country code are: that of the
    locale, unless the text shows it comes from elsewhere."""
    return next(_signed_regions(text, locale), LOCALES[locale])


def _regions(text: str, locale: str) -> list[str]:
    """The regions whose signs the text shows, the strongest first."""
    return list(dict.fromkeys(_signed_regions(text, locale)))


def _signed_regions(text: str, locale: str) -> Iterator[str]:
    """The regions whose signs the text shows, in the order of their signs (lazily: the first
    is often all that is needed)."""
    return (
        region
        for region, sign in _REGION_SIGNS[locale]
        # a text with pounds or a UK postcode is British, whatever else it names
        if sign.search(text)
        and not (region in _NOT_IN_BRITISH and _british(text))
        # "my card was used in Lagos for 890 pounds … 07700 900 257"
        and not (region in _FAR_REGIONS and _RE_BRITISH_WORDS.search(text))
    )


def _british(text: str) -> bool:
    """Pounds or a UK postcode: a text about India written in Britain, whose numbers are
    British (a UK mobile "07700 900 286" is also a valid Indian number)."""
    return "£" in text or _RE_UK_POSTCODE.search(text) is not None


# before a number alone on its line: nothing, or a name ("Liam O'Rourke 07700 900 338")
_RE_LINE_HEAD = re.compile(
    r"[ \t>(]*(?:[A-Z][\w'\u2019.-]*,?[ \t]+){0,4}[ \t,|-]*"
    r"|[^\n]*[a-z][.!?][ \t]+(?:[A-Z](?:[a-z]|['\u2019][A-Z])[\w'\u2019-]*,?[ \t]+){0,4}[ \t,|-]*"
)


def _alone(text: str, start: int, end: int) -> bool:
    """Whether the number ``text[start:end]`` ends its line and stands alone there, or after a
    name only (a signature's line, or the last words of a message)."""
    head = text[text.rfind("\n", 0, start) + 1 : start]
    stop = text.find("\n", end)
    tail = text[end : len(text) if stop < 0 else stop]
    return bool(_RE_LINE_HEAD.fullmatch(head) and re.fullmatch(r"[ \t.,;)]*", tail))


def _named_number(kinds: str) -> re.Pattern[str]:
    """Text that ends in the name of a kind of number: "account number is", "Kundennr.:"."""
    return re.compile(
        # also the end of a German compound: "Mietvertrag Nr.", "Stromzähler"
        rf"(?i:\b(?:[a-zäöüß]+(?=[a-zäöüß]))?(?:{kinds})\w*"
        # "Aktenzeichen der Polizei 0218-004471-23", "fraud claim raised FRD-88120",
        # "Versicherungsnummer Reiserücktritt: RRV-7734120"
        r"(?:\s+(?:der|des|of\s+the|from\s+the)\s+[a-zäöüß]+|"
        r"\s+(?:raised|opened|created|logged|erstellt|angelegt|eröffnet)|"
        r"\s+(?-i:[A-ZÄÖÜ][a-zäöüß]+)(?=\s*:))?"
        r"\W*(?:no\.?|nr\.?|number|nummer|#|id)?"
        rf"(?:\s+(?:is|ist|lautet))?\W*)$"
    )


_OTHER_NUMBERS = (
    "account|konto|customer|kunden|policy|police|versicherung|invoice|bill|rechnung|meter|zähler|"
    "report|bericht|application|antrag|card|karte|reference|ref|claim|schaden|serial|contract|"
    "vertrag|tracking|sendung|booking|buchung|"
    "reservation|reservierung|member|mitglied|ticket|case|vorgang|aktenzeichen|agreement|nhs|"
    "versicherten|sozialversicherung|steuer|tax|imei|seriennummer|rahmennummer|sendungs|rma(?=\\W)|"
    "retour|return|haftpflicht|rücksend|delivery\\s+note|lieferschein|packing\\s+slip|"
    "dispatch\\s+note|conf(?=\\W)|confirmation|bestätigung|sv-?n(?:umme)?r|job|receipt|quittung|"
    "beleg|permit|polizz|tagebuch|complaint|beschwerde|reklamation|res(?=\\W)|mandat|kd(?=\\W)|"
    "kasse|verfügung|bescheid|transaction|transaktion|verwendungszweck|hypothek|mortgage|"
    "st\\.?-?nr(?=\\W)|"  # "StNr. 143/227/40881": a tax number
    "citation|officer|badge|incident|sr(?=\\W)|"  # "Citation # 4471 2093 88", "SR #311-…"
    # "Rx #4471902", "Acct # 88120447", "Certificate no.: RR-44712093", "Kennzeichen: W-44712 B"
    "rx(?=\\W)|prescription|rezept|acct|certificate|zertifikat|kennzeichen|licen[cs]e\\s+plate|"
    # "your vendor ID with us is V-004471", "the credit memo CM-22019"
    "vendor|supplier|lieferanten|credit\\s+memo|gutschrift|"
    "rapport|"  # "Rapport-Nr. 26-0709-118": a Swiss police report
    # "CREDIT NOTE CN-884120", "PCN no. PE-77412098" (a parking charge notice)
    "credit\\s+note|pcn|penalty\\s+charge|parking\\s+charge|leitweg|"
    "infringement|strafzettel|bußgeld|bussgeld"  # "Infringement 4418 2290 71"
)
# numbers that are no order's but may stand before a phone number ("Termin\nRückruf: 030 …")
_NOT_ORDERS = (
    "interaction|submission|issue|quote|angebot|anfrage|request|req(?=\\W)|appt|appointment|"
    "termin|patient|pol(?=\\W)|pass|voucher|gutschein|coupon|gift\\s+card|loyalty|conversation|"
    "unterhaltung|chat|session|check|cheque|scheck"  # "Check #1045", "mailed check #2287"
)
_RE_OTHER_NUMBER = _named_number(f"order|bestell|auftrag|{_OTHER_NUMBERS}")  # not a phone
_RE_NOT_ORDER = _named_number(f"{_OTHER_NUMBERS}|{_NOT_ORDERS}")
_RE_ORDER_WORD = re.compile(r"(?i:order|purchase|bestell|auftrag)|PO\b")


def _full_length(number: phonenumbers.PhoneNumber) -> bool:
    """Whether a number has the length of a whole number of its country (not a short or
    local-only one)."""
    reason = phonenumbers.is_possible_number_with_reason(number)
    mobile = phonenumbers.PhoneNumberType.MOBILE
    return bool(
        reason == phonenumbers.ValidationResult.IS_POSSIBLE
        and phonenumbers.is_possible_number_for_type(number, mobile)
    )


# in groups apart by spaces, dashes or dots, or broken over a line; "DE 89 3704 …"
_RE_IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}[ ]?\d{2}(?:(?:[ .-]|[ \t]*\n[ \t]*)?[A-Za-z0-9]){11,30}"
)
_RE_IBAN_GAPS = re.compile(r"[\s.-]")


def _ibans(text: str) -> list[Found]:
    out: list[Found] = []
    position = 0
    # not finditer: a wrong IBAN may run into the next one ("typed DE85 … 63 instead of DE85 …")
    while m := _RE_IBAN.search(text, position):
        position = m.start() + 2
        candidate = m.group(0)
        # The pattern may run into the next word ("... 00 BIC"); try shorter prefixes too.
        for end in range(len(candidate), 14, -1):
            piece = candidate[:end]
            if not piece[-1].isalnum() or (end < len(candidate) and candidate[end].isalnum()):
                continue
            try:
                iban = IBAN(_RE_IBAN_GAPS.sub("", piece).upper())
            except SchwiftyException:
                continue
            out.append((m.start(), m.start() + end, str(iban.compact), 0.99))
            position = m.start() + end
            break
    return out


# -- amounts ----------------------------------------------------------------------------------

_SYMBOLS = {
    "£": "GBP", "€": "EUR", "$": "USD", "¥": "JPY", "₣": "CHF", "₹": "INR", "Rs.": "INR",
    "Rs": "INR", "rs": "INR", "rs.": "INR", "A$": "AUD", "AU$": "AUD", "NZ$": "NZD", "C$": "CAD",
    "CA$": "CAD", "US$": "USD", "S$": "SGD", "HK$": "HKD", "R$": "BRL",
    # currencies of Asia, Africa and the Caribbean as their users write them
    "₱": "PHP", "₦": "NGN", "GH₵": "GHS", "₵": "GHS", "J$": "JMD", "RM": "MYR", "KSh": "KES",
    "Ksh": "KES", "Kshs": "KES", "KShs": "KES", "Dhs": "AED", "Dh": "AED", "₺": "TRY", "₩": "KRW",
    "฿": "THB", "₫": "VND", "₪": "ILS", "₽": "RUB", "₴": "UAH",
}  # fmt: skip
_WORDS = {
    "eur": "EUR", "euro": "EUR", "euros": "EUR", "gbp": "GBP", "pound": "GBP", "pounds": "GBP",
    "usd": "USD", "dollar": "USD", "dollars": "USD", "chf": "CHF", "franken": "CHF",
    "pfund": "GBP", "jpy": "JPY", "sek": "SEK", "nok": "NOK", "dkk": "DKK", "pln": "PLN",
    "cad": "CAD", "aud": "AUD", "quid": "GBP", "fr.": "CHF", "sfr.": "CHF", "lira": "TRY",
    "baht": "THB", "rupees": "INR", "yen": "JPY", "euronen": "EUR", "zł": "PLN", "zl": "PLN",
    "zloty": "PLN", "złoty": "PLN", "rmb": "CNY", "yuan": "CNY", "bucks": "USD", "rand": "ZAR",
    "ringgit": "MYR", "naira": "NGN", "cedis": "GHS", "cedi": "GHS", "dirhams": "AED",
    "dirham": "AED", "shillings": "KES", "pesos": "MXN",
}  # fmt: skip
# "1.234,56", "1,234.56", "4'800" (the Swiss apostrophe, also typeset as U+2019), "4,50,000"
# (Indian lakhs), "1234.5"
_NUMBER = (
    r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?|\d{1,3}(?:[.,'\u2019 ]\d{3})+(?:[.,]\d{1,2})?|"
    r"\d+(?:[.,]\d{1,2})?"
)
# more ISO codes, in capitals only ("TRY 40", not "try 40 times")
_CODES = [
    "THB", "TRY", "HUF", "CZK", "RON", "BGN", "ISK", "INR", "CNY", "HKD", "SGD", "NZD", "ZAR",
    "MXN", "BRL", "AED", "SAR", "ILS", "KRW", "RUB", "UAH", "EGP", "MAD", "IDR", "MYR", "VND",
    "TWD", "PKR", "NGN", "KES", "GHS", "JMD", "PHP", "LKR", "BDT", "QAR", "KWD", "OMR", "BHD",
    "TZS", "UGX", "NPR",
]  # fmt: skip
_SYMBOLS |= {code: code for code in _CODES}
_SYM = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
_WORD = "|".join(re.escape(w) for w in sorted(_WORDS, key=len, reverse=True))
_DASH = "(?:[.,/][-\u2013\u2014])?"  # "79,- €", "Fr. 4'800.-", "Rs. 2,847/-": whole
_GAP = "(?:[ \u00a0]{1,3}|&nbsp;)?"  # "50,00&nbsp;€" from HTML; "Fr.  96.00" in a table
_RE_AMOUNT = re.compile(
    rf"(?<![\w.,])(?:(?P<sym>{_SYM}|(?i:{_WORD})){_GAP}(?P<n1>{_NUMBER})(?P<k>[kKmM](?![\w]))?{_DASH}"
    # "25k €"; not the "12" of "12\t£21.50" (the symbol is the next number's)
    # (not "OD-1 rs 1,499": "rs" in lower case only before its number)
    rf"|(?P<n2>{_NUMBER})(?P<k2>[kK])?{_DASH}{_GAP}(?!rs\b)"
    rf"(?P<sym2>(?:{_SYM})(?![A-Za-z])|(?i:{_WORD})(?![\w]))"
    r"(?!\d)"
    # "79 pounds 99", "12 Euro 48.", "389 pounds and 99 pence"
    r"(?:\s(?:and\s)?(?P<cents>\d{2})(?:\s(?:pence|p|cents?)\b)?(?![\w,]|[.,]\d))?)"
)
_RE_BARE_AMOUNT = re.compile(
    rf"(?i:\b(?:amount\s+of|total\s+of|sum\s+of|charges?\s+of|paid|pay|charged|billed|"
    rf"debited|refund|costs?|kostet(?:\s+es)?|"
    rf"refunded|refund\s+of|credit\s+of|fee\s+of|price\s+of|betrag\s+von|betrag|summe\s+von|"
    rf"withdraw|withdrew|withdrawn|take\s+out|took\s+out|"
    rf"bezahlt|gezahlt|zahlen|erstattung\s+von|abbuchung\s+über|abbuchung\s+von)"
    # "charged me 24.99", "extra bezahlt, 14,90"
    rf"(?:\s+(?:me|us|mir|uns))?[,:]?[ \t]+)"
    # not "paid 2 x £45" (a count, also with the multiplication sign) nor "paid 10 %"
    rf"(?P<n>{_NUMBER})(?![\w%])(?!\s%|\s(?i:prozent|percent|per\s+cent)\b)(?![.,]\d)"
    r"(?!\s*[\u00d7x*]\s*[\d£€$])"
    r"(?!\s+(?i:items?|pieces?|units?|times?|days?|weeks?|months?|years?|minutes?|hours?|"
    r"orders?|tickets?|people|persons?|stück|tage[n]?|wochen|monate[n]?|jahre[n]?|mal|"
    r"minuten|stunden|teile)\b)"
)

# "can i pay the 450 in three instalments", "dann zahl ich die 450 in drei raten": the sum of a
# payment plan
_RE_PLAN_AMOUNT = re.compile(
    r"(?i:\b(?:the|die|den|das)[ \t]+)(?P<n>\d{2,6}(?:[.,]\d{2})?)[ \t]+(?i:in|over|über|auf)"
    r"[ \t]+(?:\w+[ \t]+)?(?i:instal+ments|payments|parts|raten|monatsraten|teilzahlungen|"
    r"monate[n]?|months)\b"
)

# "89,95 bezahlt": an amount with cents, then the word for paying
_RE_AMOUNT_PAID = re.compile(
    r"(?<![\w.,])(?P<n>\d{1,3}(?:[.,'\u2019]\d{3})*[.,]\d{2})[ \t]+"
    r"(?i:bezahlt|gezahlt|überwiesen|abgebucht|paid|charged|debited|refunded)\b"
    # "wollte 150 abheben": money taken from a cash machine
    r"|(?<![\w.,])(?P<cash>\d{1,4}(?:[.,]\d{2})?)[ \t]+"
    r"(?i:abheben|abgehoben|auszahlen|ausgezahlt)\b"
)

# "for 649.99", "zahle 29,99 im Monat", "(79,99)": a number with cents reads as a price even
# without a currency, unless a unit, a version or a clock says otherwise
_RE_PRICE = re.compile(
    # (also a statement's debit "-168.40"; "1920.00" without groups only in an XML element or a
    # table's column, not "Zählerstand 12345,67")
    r"(?<![\w.,:/#])(?<![\w.,:/#]-)(?<!\d )"
    r"(?P<n>(?:\d{1,3}(?:[.,'\u2019]\d{3})+|(?:(?<=>)|(?<=[ \t]{2})|(?<=\t))[1-9]\d{3,6}|\d{1,3})"
    r"[.,]\d{2})(?![\w%°]|[.,:/-]?\d)"
    r"(?!\s*(?:m³|m²|m3|m2)"
    r"|\s*(?i:kg|g|mg|m|cm|mm|km|kwh|mwh|w|kw|l|ltr|liters?|litres?|ml|gb|mb|tb|h|uhr|am|pm|"
    r"a\.m\.|p\.m\.|x|mal|stück|items?|pieces?|hours?|minutes?|stunden|minuten|std|min|zoll|"
    rf"inch(?:es)?|grad|degrees?|prozent|percent|punkte|points?|sterne|stars?|{_when.EVENTS}|"
    r"passt|geht)\b"
    r"|\s*[%°\"x\u00d7]"
    # "my 7.30 PT session": a time before what happens at it
    rf"|\s+{_when.WORD_BEFORE_EVENT}(?i:{_when.EVENTS})\b)"
)
# "war 2.340,- inkl. MwSt.", "kostet 15.-": whole euros or francs, written as only prices are
_RE_WHOLE_PRICE = re.compile(
    r"(?<![\w.,:/#-])(?P<n>\d{1,3}(?:[.'\u2019]\d{3})+|\d{1,6})[.,](?:--?|\u2013)(?![\w\d-])"
)
_RE_NOT_PRICE_BEFORE = re.compile(
    r"(?i:\b(?:at|um|gegen|ab|from|until|till|by|bis|vom|zum|am|version|vers|ver|v|ios|os|android|"
    r"app|firmware|update|release|build|nr|no|number|nummer|ref|page|seite|size|größe|gr|"
    r"between|zwischen|and|und|or|oder|to|score|rating|note|room|raum|büro|zimmer|flat|unit|"
    r"platform|gleis|gate|seat|sitz|halle|haus)\.?\s*)$"
)


# "$900 CAD", "$63.20 (NZD)": the code after the dollars says whose they are
_RE_DOLLAR_CODE = re.compile(r"[ \t]*\(?(CAD|AUD|NZD|USD|SGD|HKD|MXN)\)?(?![\w])")
# "R5 000", "R 3 499,00", "R8 999": rands, read only in a text from South Africa
_RE_RAND = re.compile(
    r"(?<![\w$.,])R[ ]?(?P<n>\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d{2})?|\d+(?:[.,]\d{2})?)"
    r"(?![\w]|[.,]\d)"
)
# "2.300 bis 2.800 Euro": the first number of a range takes the currency written after the second
_RE_RANGE_FIRST = re.compile(
    rf"(?<![\w.,])(?P<n>{_NUMBER})[ \t]*(?:bis|to|-|\u2013|and|und|or|oder|auf)[ \t]*$"
)
_RE_PRICE_LISTED = re.compile(r"(?P<n>\d[.,]\d{2})[ \t]*(?:,|and|or|und|oder|&)[ \t]*$")


def _decimal(number: str) -> Decimal | None:
    number = number.replace(" ", "").replace("'", "").replace("\u2019", "")
    dot, comma = number.rfind("."), number.rfind(",")
    last = max(dot, comma)
    if last < 0:
        return _to_decimal(number)
    if len(number) - last - 1 == 3 and (dot < 0 or comma < 0):
        return _to_decimal(number.replace(".", "").replace(",", ""))  # "1.234" = 1234
    whole = number[:last].replace(".", "").replace(",", "")
    return _to_decimal(f"{whole}.{number[last + 1 :]}")


def _to_decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


# "$149" in a text from Australia, New Zealand or Canada: the local dollar
_LOCAL_DOLLARS = {"AU": "AUD", "NZ": "NZD", "CA": "CAD", "SG": "SGD", "HK": "HKD", "JM": "JMD"}
# rupees and pesos of the country the text comes from
_LOCAL_WORDS = {("PK", "INR"): "PKR", ("PH", "MXN"): "PHP"}
_DOLLAR_WORDS = ("$", "dollar", "dollars", "bucks")


def _amounts(text: str) -> list[Found]:
    out: list[Found] = []
    region = _region(text, "en")
    for m in _RE_AMOUNT.finditer(text):
        symbol = m.group("sym") or m.group("sym2")
        value = _decimal(m.group("n1") or m.group("n2"))
        if value is not None and (m.group("k") or m.group("k2")):  # "£3.4k", "$430K", "₦8.5m"
            factor = 1_000_000 if (m.group("k") or "").lower() == "m" else 1000
            value = (value * factor).quantize(Decimal("0.01"))
        if value is not None and m.group("cents") and value == value.to_integral():
            value += Decimal(m.group("cents")) / 100
        currency = _SYMBOLS.get(symbol) or _WORDS[symbol.lower()]
        if symbol.lower() in _DOLLAR_WORDS:
            currency = _LOCAL_DOLLARS.get(region, currency)
        currency = _LOCAL_WORDS.get((region, currency), currency)
        if value is None or (symbol == "RM" and region != "MY"):
            continue  # ringgit in a Malaysian text (elsewhere "RM 4402 9917 3GB" is Royal Mail's)
        end = m.end()
        code = _RE_DOLLAR_CODE.match(text, end) if symbol == "$" else None
        if code:  # "$900 CAD", "$63.20 (NZD)": whose dollars the code after says
            currency, end = code.group(1), code.end()
        out.append((m.start(), end, {"amount": str(value), "currency": currency}, 0.9))
        # a range's first number comes before an amount written number first
        first = m.group("n2") and _RE_RANGE_FIRST.search(text, max(0, m.start() - 30), m.start())
        low = _decimal(first.group("n")) if first else None
        if first and low is not None and low < value:
            out.append(
                (first.start("n"), first.end("n"), {"amount": str(low), "currency": currency}, 0.8)
            )
    if region == "ZA":  # "R5 000", "R 3 499,00": rands
        for m in _RE_RAND.finditer(text):
            value = _decimal(m.group("n"))
            if value is not None and not any(s < m.end() and m.start() < e for s, e, _, _ in out):
                out.append((m.start(), m.end(), {"amount": str(value), "currency": "ZAR"}, 0.85))
    bare = (_RE_BARE_AMOUNT, _RE_AMOUNT_PAID, _RE_PLAN_AMOUNT)
    for m in (m for regex in bare for m in regex.finditer(text)):
        group = "n" if m.group("n") else "cash"
        value = _decimal(m.group(group))
        if value is not None and not any(s <= m.start(group) < e for s, e, _, _ in out):
            found = {"amount": str(value), "currency": None}
            out.append((m.start(group), m.end(group), found, 0.6))
    for m in (*_RE_PRICE.finditer(text), *_RE_WHOLE_PRICE.finditer(text)):
        value = _decimal(m.group("n"))
        if value is None or any(s <= m.start("n") < e for s, e, _, _ in out):
            continue
        listed = _RE_PRICE_LISTED.search(text, max(0, m.start() - 30), m.start())
        if listed and any(e == listed.end("n") for _, e, _, _ in out):
            pass  # "1.80, 1.80 and 12.60": one more in a list of prices
        elif text.startswith(",", m.end("n")) and m.re is _RE_WHOLE_PRICE:
            pass  # "um 899,- gekauft", "zwischen 50,- und 80,-": only a price is written so
        elif _RE_NOT_PRICE_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            continue
        compared = None
        instead = _RE_INSTEAD_BEFORE.search(text, max(0, m.start() - 20), m.start())
        if instead:  # "CHF 89.- statt 49.-": the sum it is compared with says whose
            ends = {instead.start(), instead.start("gap")}  # "89.-" or "89"
            compared = next((v["currency"] for _, e, v, _ in out if e in ends), None)
        out.append((m.start("n"), m.end("n"), {"amount": str(value), "currency": compared}, 0.5))
    document = _RE_XML_DOCUMENT_CURRENCY.search(text)
    document_currency = (document.group(1) or document.group(2)) if document else None
    in_xml = [_in_xml(text, found, document_currency) for found in out]
    in_table = [_in_column(text, found, region) for found in in_xml if found is not None]
    declared = _RE_DECLARED_CURRENCY.search(text)
    if declared is None:
        return in_table
    named = _WORDS.get(declared.group(1).lower(), declared.group(1).upper())
    return [
        (s, e, {**v, "currency": named}, c)
        if isinstance(v, dict) and v["currency"] is None and s > declared.start()
        else (s, e, v, c)
        for s, e, v, c in in_table
    ]


# a statement that names the currency of its sums: "(Privatkonto, Währung CHF)", "Beträge in
# Euro", "All amounts in GBP": the sums after it without a sign are in it
_RE_DECLARED_CURRENCY = re.compile(
    r"(?i:\bwährung|\bcurrency|\bbeträge\s+in|\b(?:all\s+)?amounts\s+(?:are\s+)?in)"
    r"[: \t]+(EUR|CHF|GBP|USD|AUD|CAD|NZD|(?i:euro|franken))\b"
)


# a table's column of sums under a heading that names their currency ("Einzelpreis €",
# "Betrag EUR", "Description        €")
_RE_COLUMN_CURRENCY = re.compile(r"[ \t](€|EUR|CHF|£|GBP|USD|\$)[ \t]*$")
# a heading whose columns all name one currency: "Money out (£)  Money in (£)  Balance (£)",
# "Debit €    Credit €", "AMOUNT ($)", "QTY  EACH  AUD"
_RE_HEADING_CURRENCY = re.compile(
    r"(?<![\w$])(?:\((€|£|\$|EUR|GBP|USD|CHF|AUD|CAD|NZD)\)|(€|£|EUR|GBP|USD|CHF|AUD|CAD|NZD)"
    r"(?=[ \t]{2,}|[ \t]*$))"
)


def _in_column(text: str, found: Found, region: str) -> Found:
    """``found``, an amount written without its currency, with the currency of the heading of
    its table column: the heading of the column it ends a line of, or a heading whose columns
    all name one currency; or as it is."""
    start, end, value, confidence = found
    if not isinstance(value, dict) or value["currency"] is not None:
        return found
    line_end = text.find("\n", end)
    rest = text[end : len(text) if line_end < 0 else line_end]
    # (or only a note after a gap: "236,00   <- storniert!")
    ends_line = not rest.strip() or re.match(r"[ ]{2,}[^\d\s]", rest)
    line_start = text.rfind("\n", 0, start)
    for _ in range(20):  # the lines above, up to a blank one
        if line_start <= 0:
            return found
        above_start = text.rfind("\n", 0, line_start) + 1
        above = text[above_start:line_start]
        if not above.strip():
            return found
        heading = _RE_COLUMN_CURRENCY.search(above)
        code = None
        if (
            ends_line
            and heading
            and not re.search(r"\d[ \t]*\S*[ \t]*$", above[: heading.start() + 1])
        ):
            code = _SYMBOLS.get(heading.group(1), heading.group(1))
        elif not re.search(r"\d[.,]\d", above):  # a heading holds no sums
            named = {m.group(1) or m.group(2) for m in _RE_HEADING_CURRENCY.finditer(above)}
            if len(named) == 1:
                code = _SYMBOLS.get(sign := named.pop(), sign)
        if code is not None:
            if code == "USD" and "$" in above:
                code = _LOCAL_DOLLARS.get(region, code)
            return (start, end, {**value, "currency": code}, confidence)
        line_start = above_start - 1
    return found


# an e-invoice's sum: "<cbc:PayableAmount currencyID="GBP">205.20</cbc:PayableAmount>",
# "<ram:LineTotalAmount>4600.00</ram:LineTotalAmount>" (the document's currency code names it)
_RE_XML_OPEN = re.compile(r"<(?:[\w-]+:)?([\w-]+)(?P<attrs>[^<>]*)>[ \t]*$")
_RE_XML_CURRENCY_ID = re.compile(r"\bcurrencyID=[\"']([A-Z]{3})[\"']")
_RE_XML_DOCUMENT_CURRENCY = re.compile(
    r"<(?:[\w-]+:)?(?:DocumentCurrencyCode|InvoiceCurrencyCode|TaxCurrencyCode|Currency)>"
    r"[ \t]*([A-Z]{3})[ \t]*<|"
    r"\b(?:[\w-]+:)?InvoiceCurrency=[\"']([A-Z]{3})[\"']"  # ebInterface's "eb:InvoiceCurrency"
)


def _xml_element(text: str, start: int, end: int) -> re.Match[str] | None:
    """The opening tag of the XML element whose whole content is ``text[start:end]``, or None
    when it is no element's content."""
    opening = _RE_XML_OPEN.search(text, max(0, start - 200), start)
    if opening is None or not re.match(r"[ \t]*</", text[end : end + 4]):
        return None
    return opening


def _in_xml(text: str, found: Found, document_currency: str | None) -> Found | None:
    """``found``, an amount without its currency, with the currency an XML element around it
    gives (its ``currencyID``, else ``document_currency``, the document's currency code); None
    when the element holds a rate or a quantity, not money ("<ram:RateApplicablePercent>19.00<")."""
    start, end, value, confidence = found
    if not isinstance(value, dict) or value["currency"] is not None:
        return found
    opening = _xml_element(text, start, end)
    if opening is None:
        return found
    name = opening.group(1)
    if re.search(r"(?i:percent|quantity|rate|measure|number|count|id$|code$)", name):
        return None
    if not re.search(r"(?i:amount|price|total|sum|betrag)", name):
        return found
    own = _RE_XML_CURRENCY_ID.search(opening.group("attrs"))
    code = own.group(1) if own else document_currency
    return (start, end, {**value, "currency": code}, max(confidence, 0.8) if code else confidence)


_RE_INSTEAD_BEFORE = re.compile(
    r"(?:[.,][-\u2013\u2014]+)?(?P<gap>[ \t]+)(?i:statt|anstatt|anstelle\s+von|instead\s+of|not|"
    r"nicht|rather\s+than)[ \t]+$"
)


# -- postcodes, order numbers ----------------------------------------------------------

_RE_UK_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(GIR ?0AA|(?![QVX])[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}"
    # typed in lower case: both parts, not "v2 3rd"
    r"|[a-z]{1,2}\d[a-z\d]? \d(?!st|nd|rd|th)[abd-hjlnp-uw-z]{2})(?![A-Za-z0-9])"
)
_RE_DE_POSTCODE = re.compile(
    r"(?<![\w.,-])(?:(?i:PLZ|Postleitzahl|postcode|zip)\s*:?\s*(?:(?i:ist|is|lautet)\s+)?)?"
    r"(\d{5})(?![\w.-]|,\d)"
)


# "Portland, OR 97205", "Chicago IL 60611-2203": a ZIP code after a town and a state
_RE_US_ZIP = re.compile(
    rf"(?:,|[A-Z][a-z]+)[ \t]+(?:{_address.US_STATES})[ \t]+(\d{{5}}(?:-\d{{4}})?)(?![\w-])"
)


# towns abroad whose postcodes also have five digits: "Carrer de Sant Pere 17, 08003 Barcelona"
_RE_TOWN_ABROAD = re.compile(
    r"[ \t]+(?:Barcelona|Madrid|Valencia|Sevilla|Seville|Málaga|Malaga|Palma|Bilbao|Paris|Lyon|"
    r"Marseille|Nice|Toulouse|Bordeaux|Strasbourg|Lille|Nantes|Roma|Rome|Milano|Milan|Napoli|"
    r"Naples|Torino|Turin|Firenze|Florence|Bologna|Venezia|Venice|Verona|Athens|Athina|"
    r"Helsinki|Stockholm|Göteborg|Warszawa|Warsaw|Kraków|Krakow|Gdańsk|Wrocław|Istanbul|"
    r"Antalya|Izmir|İzmir|"
    # South Tyrol's postcodes are Italian, though five digits like Germany's ("39012 Meran")
    r"Bozen|Bolzano|Meran|Merano|Brixen|Bressanone|Bruneck|Brunico|Sterzing|Vipiteno|"
    r"Schlanders|Silandro|Kaltern|Eppan|Lana|Klausen|Leifers|Naturns|Mals|Algund)\b"
)


_RE_NUMBER_NAMED_BEFORE = re.compile(r"(?i:\b(?:no|nr|number|nummer)\.?|#|\bDX)[ \t]*$")


def _town_next_to(text: str, start: int, end: int) -> bool:
    """Whether a town is named with the five digits ``text[start:end]``: "10115 Berlin";
    "rosenweg 12, 24103 kiel" (lower case after a house number); "nach Hamburg (22767)"."""
    before, after = text[:start], text[end:]
    if _RE_TOWN_ABROAD.match(after) or _RE_NUMBER_NAMED_BEFORE.search(before[-12:]):
        return False  # "INVOICE No. 11872", "RO# 88120", "DX 27540 Louth"
    # on the same line, not across a column gap to a label ("11872        Date: 16/07/2026")
    # nor a US house number before its street ("18101 Oakwood Blvd")
    town = re.match(r"[ ]{1,2}([A-ZÄÖÜ][a-zäöüß]+)(?![ \t]*:)", after)
    if town and not _address.RE_EN_STREET_WORD.match(after, town.end() + 1):
        return True
    if re.search(r"\d[a-z]?,\s*$", before) and re.match(r"[ \t]+[a-zäöüß]{3,}", after):
        return True
    if re.search(r"\b(?i:in)\s+$", before) and re.match(r"[ \t]+[a-zäöüß]{3,}", after):
        return True  # "in 39108 magdeburg"
    return bool(re.search(r"[A-ZÄÖÜ][a-zäöüß]+\s*\($", before) and after.startswith(")"))


_RE_CODE_WORD = re.compile(
    r"(?i:\b(?:(?!post|zip|postal)\w*code|ref|reference|booking|buchung|pnr)\b[ \t:#]*)$"
)


def _postcodes(text: str) -> list[Found]:
    out: list[Found] = []
    for m in _RE_UK_POSTCODE.finditer(text):
        if _RE_CODE_WORD.search(text, max(0, m.start(1) - 20), m.start(1)):
            continue  # "Buchungscode K7T9QX": a booking code of the same shape
        compact = m.group(1).replace(" ", "").upper()
        out.append((m.start(1), m.end(1), f"{compact[:-3]} {compact[-3:]}", 0.8))
    for m in _RE_DE_POSTCODE.finditer(text):
        code = m.group(1)
        city = _town_next_to(text, m.start(1), m.end(1))
        keyword = m.group(0) != code
        if (city or keyword) and code != "00000" and not code.startswith("00"):
            out.append((m.start(1), m.end(1), code, 0.8 if city else 0.7))
    for m in _RE_US_ZIP.finditer(text):
        if not any(s < m.end(1) and m.start(1) < e for s, e, _, _ in out):
            out.append((m.start(1), m.end(1), m.group(1), 0.8))
    for m in _RE_NL_POSTCODE.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e, _, _ in out):
            out.append((m.start(1), m.end(2), f"{m.group(1)} {m.group(2)}", 0.8))
    return out


# "Prinsengracht 263, 1016 GV Amsterdam": a Dutch postcode before a Dutch town or the country
# (not "1000 GB Datenvolumen")
_NL_TOWNS = (
    "Amsterdam|Rotterdam|Den Haag|The Hague|Utrecht|Eindhoven|Groningen|Tilburg|Almere|Breda|"
    "Nijmegen|Haarlem|Arnhem|Leiden|Maastricht|Delft|Zwolle|Amersfoort|Apeldoorn|Enschede|"
    "'s-Hertogenbosch|Den Bosch|Leeuwarden|Hilversum|Zaandam|Dordrecht|Amstelveen|Alkmaar"
)
_RE_NL_POSTCODE = re.compile(
    rf"(?<![\w-])([1-9]\d{{3}})[ ]?(?!SA|SD|SS)([A-Z]{{2}})(?![\w-])"
    rf"(?=[ \t]+(?:{_NL_TOWNS})\b|,?[ \t]*(?i:nl|netherlands|nederland|niederlande)\b)"
)


_RE_SHOP_ORDER = re.compile(r"D\d{2}-\d{7}-\d{7}|\d{3}-\d{7}-\d{7}")
DEFAULT_ORDER_PATTERNS = (
    # "#US1184022", "#EB-22-771904"
    r"(?<![\w#])#\s?(\d{4,12}|\d{2,6}-\d{3,10}(?:-[A-Z]{1,4})?|[A-Z]{1,4}-?\d{2,12}"
    r"(?:-[A-Z0-9]{1,8})*)(?![\w-])",
    # "Best.-Nr. 55-448120", "2 Bestellungen: 30-118742 … und 30-118790"
    r"(?i:\b(?:orders?|purchase|bestellung(?:en)?|bestellig|bestell|best\.(?=-?\s?nr)|auftrag|"
    # a supplier's confirmation of an order: "Auftragsbestätigung AB-2025-1188", "order
    # acknowledgment OA-211129-03" (not a bare "AB": Alberta, "M-AB 1234")
    r"auftragsbestätigung|kundenauftrag|order\s+(?:confirmation|acknowledge?ment)|"
    r"auftrags|commande|(?-i:PO)(?=[\s#:]))"
    r"(?:\s*\(?\s*(?:number|no\.?|nr\.?|nummer|id|#|n°|ref\.?|reference)|"
    r"[- ]?(?:number|no\.?|nr\.?|nummer|id|#|ref\.?|reference))?"
    # "Bestellnr. beim Shop: 302-5512-8871", "order no. with the shop:"
    r"(?:\s+(?:beim|im|vom|bei\s+der|at\s+the|from\s+the|with\s+the)\s+\w+(?=\s*:))?"
    r"(?:\s+(?:is|was|ist|war|lautet|lautete))?)\s*[:#]?\s*"
    # "Bestellung 4410 2291", "order 771 204 9931": digits in groups; "order 3 3 0 9 8 1 2": read
    # out digit by digit
    r"(?=[A-Za-z0-9-]*\d)(\d{2,5}(?: \d{2,5}){1,3}(?![\w-])|\d(?: \d){4,15}(?![\w-])|"
    r"[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)*)(?![\w-])",
    # "meine Bestellung?? Nr. 7712093", "(Bestellung über die App, Nr. 55-88213)"
    rf"(?i:\b(?:orders?|bestellung(?:en)?)\b(?:(?!{_OTHER_NUMBERS})[^\n\d]){{1,25}}?"
    r"(?:\bnr\.?|\bno\.|\bnumber|\bnummer|#)\s*:?\s*)"
    r"(?=[A-Za-z0-9-]*\d)([A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)*)(?![\w-])",
    # the answer to a question for the order number: "> Wie lautet Ihre Bestellnummer?\n
    # ORD-7781-20230507, die mit …", "> Bitte nennen Sie uns Ihre Bestellnummer.\n\n#2021-04471-DE"
    r"(?i:(?:bestellnummer|order\s+number|auftragsnummer)\b[^\n]{0,40}[?.:][ \t]*\n"
    r"(?:[ \t>]*\n)*[ \t]*"
    # a chat's next turn: "[10:41] Customer: HF-2024-118734", "Sie: 300-8812734"
    rf"(?:{_when.TURN_STAMP})?"
    r"(?:[a-zäöüß][\w ()-]{0,30}:[ \t]*)?"
    # "It's W-8810-2277", "ja, das ist 4471-20"
    r"(?:(?:it's|its|it\s+is|sure|yes|ja|klar|das\s+ist|die\s+lautet)"
    r"[ \t,:]+)*#?)(?=[A-Za-z0-9-]*\d)([A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)*)(?![\w-])",
    # "Our last order with you was 2501-44871", "Unsere Bestellung dafür: 24-001", "the open
    # orders … are 24-0771, 24-0802 and 24-0815"
    rf"(?i:\b(?:orders?|(?-i:PO)|bestellung(?:en)?)\b(?:(?!{_OTHER_NUMBERS})[^\n\d.?!:]){{1,30}}?"
    r"\b(?:is|was|are|were|ist|war|sind|lautet|lautete|dafür)\s*:?\s+)"
    r"(?=[A-Za-z0-9-]*\d)([A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)*)(?![\w-])",
    # a marketplace's order number, "028-3391745-9920" (digital: "D01-…"), on its own
    rf"(?<![\w-])({_RE_SHOP_ORDER.pattern})(?![\w-])",
    # a code like "A-1234567" on its own (not "INV-88120", a delivery note "LS-88391", a
    # credit note "CN-884120")
    r"(?<![\w-])(?!(?:INV|RE|CL|KD|LS|DN|CN|GS)-)([A-Z]{1,3}-\d{5,10})(?![\w-])",
)
"""Order numbers: after "order", "Bestellnummer", "Auftrag" …, after "#", or a code like
``A-1234567``. Invoice, customer, booking, membership, policy or meter numbers are not order
numbers; a process that wants them declares its own patterns (``order_patterns``)."""


# "cancel ordedr 3707955617", "ETA of theorder 113542617735902": a mistyped "order" or
# "purchase" before a long number (English only: German "oder 1234567" is "or")
_RE_TYPED_ORDER = re.compile(r"(?<![\w-])([A-Za-z]{3,11})[ \t]*[:#]?[ \t]*(\d{6,16})(?![\w-])")
_GLUED_BEFORE = ("the", "my", "is", "an", "of", "for", "your", "this", "that")


def _typo_distance(a: str, b: str) -> int:
    """Edits (a letter added, dropped, changed, or two side by side swapped) that turn ``a``
    into ``b`` (optimal string alignment)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i, j in itertools.product(range(1, len(a) + 1), range(1, len(b) + 1)):
        d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
        if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
            d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def _mistyped_order(word: str) -> bool:
    word = word.lower()
    for glue in _GLUED_BEFORE:  # "theorder", "ispurchase"
        if word.startswith(glue) and word[len(glue) :] in ("order", "purchase"):
            return True
    # not words of their own ("older 1234567"), nor German "oder" in an English text
    not_typos = ("order", "purchase", "older", "border", "odder", "oder", "purchased", "purchaser")
    return word not in not_typos and (
        _typo_distance(word, "order") == 1 or _typo_distance(word, "purchase") in (1, 2)
    )


def _orders(text: str, patterns: Iterable[str] | None, locale: str = "en") -> list[Found]:
    out: list[Found] = []
    shapes: set[str] = set()  # of the numbers said to be orders
    if patterns is None and locale == "en":
        for m in _RE_TYPED_ORDER.finditer(text):
            if _mistyped_order(m.group(1)):
                out.append((m.start(2), m.end(2), m.group(2), 0.6))
    for pattern in DEFAULT_ORDER_PATTERNS if patterns is None else patterns:
        regex = re.compile(pattern)
        for m in regex.finditer(text):
            group = 1 if regex.groups else 0
            start, end = m.span(group)
            value = m.group(group)
            if start < 0 or len(value) < 3 or any(s < end and start < e for s, e, _, _ in out):
                continue
            named = _RE_ORDER_WORD.match(m.group(0))  # "tickets (order 88-1123)": an order
            if patterns is None and not named and _RE_NOT_ORDER.search(text, 0, m.start()):
                continue  # "invoice #5561", "Claim ref CL-20231188": not an order
            if patterns is None and not named and _asked_for_another(text, m.start()):
                continue  # "Reservation number please?" / "SW-1190442"
            if text[max(0, start - 2) : start] == "*#":
                continue  # "dial *#1345#": a code to dial
            if patterns is None and not named and _article_row(text, start, end):
                continue  # " 14   HW-22871    Fleece dressing gown   16   1   £34.99"
            # "#12345": the hash belongs to the written number, not to its value
            if start > 0 and text[start - 1] == "#":
                start -= 1
            out.append((start, end, value, 0.8))
            if named:  # "30-118742 (34,98) und 30-118790": more of the same shape
                shape = re.sub(r"\d", "9", value)
                if patterns is None:
                    shapes.add(shape)
                while (more := _RE_MORE_ORDERS.match(text, end)) and (
                    re.sub(r"\d", "9", more.group(1)) == shape
                ):
                    end = more.end(1)
                    out.append((more.start(1), end, more.group(1), 0.7))
    if patterns is None:  # in an e-invoice's XML, only its order reference is an order
        out = [f for f in out if _in_xml_order(text, f[0], f[1]) is not False]
        for m in _RE_XML_ORDER.finditer(text):
            group = 1 if m.group(1) else 2
            if not any(s < m.end(group) and m.start(group) < e for s, e, _, _ in out):
                out.append((m.start(group), m.end(group), m.group(group), 0.8))
    # the same order number said again, wherever ("Subject: … - HB-99120-44", "reference
    # NL-ORD-2210-4471" on a quoted invoice)
    for value in {v for _, _, v, _ in out if len(v) >= 5}:
        for m in re.finditer(rf"(?<![\w-]){re.escape(value)}(?![\w-])", text):
            if not any(s < m.end() and m.start() < e for s, e, _, _ in out):
                out.append((m.start(), m.end(), value, 0.6))
    # "Bestellung Nr. 1102-8837-55 … die andere (1102-8837-61)": a number written exactly as an
    # order's (with its dashes or letters) is one too, unless a word says it is something else
    for m in _RE_CODE.finditer(text):
        shape = re.sub(r"\d", "9", m.group(0))
        if (
            shape in shapes
            and not re.fullmatch(r"9+", shape)
            and not any(s < m.end() and m.start() < e for s, e, _, _ in out)
            and not _RE_NOT_ORDER.search(text, 0, m.start())
        ):
            out.append((m.start(), m.end(), m.group(0), 0.6))
    return sorted(out)


# an e-invoice's reference to the buyer's order: UBL's "<cac:OrderReference><cbc:ID>…",
# CII's "<ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>…", ebInterface's "<eb:OrderID>"
_ORDER_ELEMENTS = ("OrderReference", "BuyerOrderReferencedDocument")
_RE_XML_ORDER = re.compile(
    rf"<(?:[\w-]+:)?(?:{'|'.join(_ORDER_ELEMENTS)})\b[^<>]*>\s*"
    r"<(?:[\w-]+:)?(?:ID|IssuerAssignedID)\b[^<>]*>[ \t]*([\w][\w/.-]{2,40})[ \t]*</"
    r"|<(?:[\w-]+:)?OrderID\b[^<>]*>[ \t]*([\w][\w/.-]{2,40})[ \t]*</"
)
_RE_XML_TAG_BEFORE = re.compile(r"<(?:[\w-]+:)?([\w-]+)[^<>]*>\s*$")


def _in_xml_order(text: str, start: int, end: int) -> bool | None:
    """None when ``text[start:end]`` is no XML element's content; else whether the element is
    an order's reference ("<cbc:ID>CN-230977</cbc:ID>" of a credit note is not)."""
    opening = _xml_element(text, start, end)
    if opening is None:
        return None
    if opening.group(1) == "OrderID":
        return True
    parent = _RE_XML_TAG_BEFORE.search(text, max(0, opening.start() - 200), opening.start())
    return parent is not None and parent.group(1) in _ORDER_ELEMENTS


_RE_ROW_HEAD = re.compile(r"[ \t]*(?:\d{1,4}[ \t]+)?")
_RE_ROW_PRICE = re.compile(r"[ \t]{2,}\S[^\n]*\d[.,]\d\d[ \t]*(?:€|EUR|CHF|£)?[ \t]*(?:\n|$)")


def _article_row(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` opens a row of an order's or invoice's table of articles
    (its item or article number, a description, a price at the end)."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_RE_ROW_HEAD.fullmatch(text, line_start, start) and _RE_ROW_PRICE.match(text, end))


_RE_CODE = re.compile(r"(?<![\w/.,-])[A-Za-z0-9]*\d[A-Za-z0-9]*(?:-[A-Za-z0-9]+)+(?![\w/-]|[.,]\d)")


# a question for another number on the line before the answer
_RE_OTHER_ASKED = re.compile(
    rf"(?i:\b(?:[a-zäöüß]+(?=[a-zäöüß]))?(?:{_OTHER_NUMBERS})[a-zäöüß]*?[ \t]*"
    r"(?:number|no\.|nummer|nr\.?|ref(?:erence)?)\b)"
)


def _asked_for_another(text: str, start: int) -> bool:
    """Whether the line before the one at ``start`` asks for a number that is not an order's."""
    line = text.rfind("\n", 0, start)
    if line < 0:
        return False
    before = text.rfind("\n", 0, line) + 1
    return _RE_OTHER_ASKED.search(text, before, line) is not None


_RE_MORE_ORDERS = re.compile(
    # "… 2024-88173 nein Moment 2025-88173": also a corrected one (the correction drops the first)
    r"[ \t]*(?:\([^()\n]{0,20}\))?[ \t]*(?:,|;|&|(?i:and|und|or|oder|nein(?:[ \t]+moment)?|"
    r"no[ \t]+sorry))[ \t]*(?:(?i:nr|no)\.?[ \t]*)?"  # "(Nr. 2024-118832 und Nr. 2024-118845)"
    r"([A-Za-z0-9]*\d[A-Za-z0-9]*(?:[-/][A-Za-z0-9]+)*)(?![\w-])"
)


# -- the whole ----------------------------------------------------------------------------------


def check_fields(fields: Iterable[str] | None) -> tuple[str, ...]:
    if fields is None:
        return FIELDS
    chosen = tuple(fields)
    unknown = [f for f in chosen if f not in FIELDS]
    if unknown:
        raise DataInvalid(f"unknown field {unknown[0]!r}; known fields: {', '.join(FIELDS)}")
    return chosen


def check_locale(locale: str) -> str:
    if locale not in LOCALES:
        raise DataInvalid(f"unknown locale {locale!r}; expected one of {', '.join(LOCALES)}")
    return locale


def extract(
    text: str,
    *,
    fields: Iterable[str] | None = None,
    locale: str = "en",
    reference_time: datetime | None = None,
    order_patterns: Sequence[str] | None = None,
) -> dict[str, list[Span]]:
    """The typed fields found in ``text``, each a list of spans in text order.

    ``fields`` limits the result to those names (default: all of :data:`FIELDS`); relative
    dates are resolved against ``reference_time`` (default: now); ``order_patterns`` replaces
    the default order-number patterns (regular expressions; group 1, if any, is the number).
    """
    chosen = check_fields(fields)
    check_locale(locale)
    base = (reference_time or datetime.now()).replace(tzinfo=None)
    periods = _when.find_periods(text, locale, base)
    dates = _when.find_dates(text, locale, base, periods)
    times = _when.find_times(text, base, locale)
    # in an earlier mail quoted below a reply, or in a chat's message, "tomorrow" counts from
    # when that mail or message was written
    seen: dict[datetime, tuple[list[Found], list[Found]]] = {}
    for start, end, written in _quoted.quoted_parts(text, dates, times):
        if written > base:
            continue
        if written not in seen:
            quoted_periods = _when.find_periods(text, locale, written)
            seen[written] = quoted_periods, _when.find_dates(text, locale, written, quoted_periods)
        periods = _in_part(periods, seen[written][0], start, end)
        dates = _in_part(dates, seen[written][1], start, end)
    found: dict[str, list[Found]] = {
        "email": _emails(text),
        "iban": _ibans(text),
        "date_period": periods,
        "date": dates,
        "time": times,
        "order_number": _orders(text, order_patterns, locale),
        "phone": _phones(text, locale),
        "amount": _amounts(text),
        "postcode": _postcodes(text),
        "person_name": find_names(text),
        "postal_address": _address.find_addresses(text),
    }
    taken: list[tuple[int, int, str]] = []
    result: dict[str, list[Span]] = {}
    for name in _PRIORITY:
        kept: list[Span] = []
        for start, end, value, confidence in sorted(found[name], key=lambda f: (-f[3], f[0])):
            if any(
                s < end
                and start < e
                and not (name in ("postcode", "person_name") and by == "postal_address")
                # "from 21-Sep-21 00:00 to 20-Oct-21 23:59": a period with its clock times
                and not (name == "time" and by == "date_period" and ":" in text[start:end])
                for s, e, by in taken
            ):
                continue
            kept.append(Span(text[start:end], (start, end), value, confidence))
            taken.append((start, end, name))
        kept.sort(key=lambda s: s.span)
        if name in chosen:
            result[name] = _corrected(text, kept)
    return {name: result[name] for name in chosen}


def _in_part(whole: list[Found], part: list[Found], start: int, end: int) -> list[Found]:
    """``whole`` with what starts between ``start`` and ``end`` taken from ``part`` instead."""
    return [f for f in whole if not start <= f[0] < end] + [f for f in part if start <= f[0] < end]


# "on Friday no sorry on Thursday", "um 9 Uhr äh nein 9 Uhr 40", "LS7 3DP no sorry LS7 3PD":
# the writer takes a value back and says the right one
_RE_CORRECTION = re.compile(
    # ("HN-55120 — sorry, HN-55210")
    r"[\s,.\u2013\u2014-]*(?:(?:äh|ähm|uh|um|erm)[\s,]+)?"
    r"(?:(?:no|nope|nein|ne|sorry)(?:[\s,]+(?:sorry|moment|warte|pardon|i\s+mean|ich\s+meine))?"
    r"|i\s+mean|ich\s+meine|correction)"
    r"[\s,.]*(?:(?:on|at|am|um|the|den|dem|zum|it's|its)\s+)*",
    re.I,
)


def _corrected(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` without the values the writer corrected right after saying them."""
    out = []
    for i, span in enumerate(spans):
        after = spans[i + 1] if i + 1 < len(spans) else None
        between = text[span.span[1] : after.span[0]] if after else ""
        if after is not None and between and _RE_CORRECTION.fullmatch(between):
            continue
        out.append(span)
    return out
