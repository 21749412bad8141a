"""Synthetic cables in the genuine raw formats, with their ground truth.

The generator writes State Department telegrams the way the real releases carry them —
the WikiLeaks cablegate site text (routing header box + body box, ``¶`` paragraph signs)
and the ``cables.csv`` rows (same text, ``1.`` paragraphs, backslash-escaped quotes) — for
about 40 fictional-staffed posts, 1998-2010 (mostly 2005-2009). Everything that a perfect
parser should recover is recorded in :attr:`SyntheticCorpus.truth`, the chiefs of mission
in :attr:`SyntheticCorpus.tenures`, and the host-government positions reported in the
paragraphs in :attr:`SyntheticCorpus.stances`.

Output is byte-for-byte reproducible for a given ``(n, seed, mean_chars)``: the plan of the
corpus (posts, dates, serial numbers, references, demarche campaigns) comes from one
seeded generator; each cable's text comes from its own generator seeded by ``(seed, i)``,
so cables can be rendered lazily, in any order, without holding 1.7 GB in memory.

>>> corpus = generate_corpus(3, seed=1)
>>> name, text = corpus.texts[0]
>>> name == corpus.truth.cable_id.iloc[0] + ".txt"
True
>>> len(corpus.texts), list(corpus.truth.columns[:3])
(3, ['cable_id', 'ref', 'station'])

Conventions of the truth table (what a parser is expected to return):

- ``subject``: the SUBJECT text with continuation lines joined by one space, a leading
  paragraph marking such as ``(C)`` removed, whitespace runs collapsed.
- ``summary``: the text between ``Summary:`` (or ``SUMMARY:``, ``Summary.``, ``Summary and
  Comment:``) and ``End Summary`` (…), whitespace runs collapsed to one space.
- ``classified_by``: the person's name as printed on the ``Classified By`` line, without
  the title (``Ambassador``, ``DCM``, ``Political Counselor`` …).
- ``reasons``: the reasons as printed after ``reasons`` / ``Reason:`` (``1.4 (b) and (d)``),
  without the final period.
- ``declassify_on``: ISO date of the ``DECL:`` line; NA for ``E.O. 12958: N/A``.
- ``to`` / ``info``: recipient names without routing indicator, precedence and number.
- ``date``: the true time of the cable (the DTG). Partial extracts carry no DTG in their
  text, so only a source with metadata (cables.csv, JSON lines) can give their date.
- ``signer``: the surname on the signature line, upper case.
"""
from __future__ import annotations

import argparse
from bisect import bisect_right
import json
import math
import random
import re
import sys
import time
from collections import deque
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Iterator, Sequence

import pandas as pd

__all__ = [
    "STATIONS",
    "TRUTH_COLUMNS",
    "Station",
    "SyntheticCorpus",
    "generate_corpus",
    "synth_main",
    "write_cables_csv",
    "write_jsonl",
    "read_truth",
    "write_truth",
    "write_txt_folder",
]

#: Columns of :attr:`SyntheticCorpus.truth`, in order.
TRUTH_COLUMNS = (
    "cable_id", "ref", "station", "origin", "country", "date", "dtg", "precedence",
    "transmission_id", "classification", "caveats", "fm", "to", "info", "tags", "subject",
    "references", "classified_by", "reasons", "declassify_on", "summary", "signer", "is_partial",
)
_TRUTH_LISTS = ("caveats", "to", "info", "tags", "references")

PARTIAL_BANNER = (
    "This record is a partial extract of the original cable. "
    "The full text of the original cable is not available."
)

# --------------------------------------------------------------------------------------
# The posts: our own table (station code, printed name, Cablegate origin label, country,
# FIPS 10-4 code, routing indicator, FM line, kind, region, relative Cablegate volume,
# telegrams per year (the serial-number range), UTC offset, adjective, the government's
# usual abbreviation in cables, name culture of host officials, neighbouring geo tags).
# --------------------------------------------------------------------------------------
_STATION_ROWS = """
STATE|STATE|Secretary of State|||RUEHC|SECSTATE WASHDC|department|WASH|80|130000|-5||||
USUNNEWYORK|USUN NEW YORK|USUN New York|||RUCNDT|USMISSION USUN NEW YORK|mission|IO|24|1300|-5||||
HANOI|HANOI|Embassy Hanoi|Vietnam|VM|RUEHHI|AMEMBASSY HANOI|embassy|EAP|22|1500|7|Vietnamese|the GVN|vi|CH LA CB BM
HOCHIMINHCITY|HO CHI MINH CITY|Consulate Ho Chi Minh City|Vietnam|VM|RUEHHM|AMCONSUL HO CHI MINH CITY|consulate|EAP|10|700|7|Vietnamese|the GVN|vi|CB LA
MOSCOW|MOSCOW|Embassy Moscow|Russia|RS|RUEHMO|AMEMBASSY MOSCOW|embassy|EUR|45|3500|3|Russian|the GOR|ru|UP GG BO KZ
BEIJING|BEIJING|Embassy Beijing|China|CH|RUEHBJ|AMEMBASSY BEIJING|embassy|EAP|45|4500|8|Chinese|the PRC|zh|TW KN KS BM
SHANGHAI|SHANGHAI|Consulate Shanghai|China|CH|RUEHGH|AMCONSUL SHANGHAI|consulate|EAP|12|700|8|Chinese|the PRC|zh|TW JA
TOKYO|TOKYO|Embassy Tokyo|Japan|JA|RUEHKO|AMEMBASSY TOKYO|embassy|EAP|55|3800|9|Japanese|the GOJ|ja|CH KS KN
SEOUL|SEOUL|Embassy Seoul|South Korea|KS|RUEHUL|AMEMBASSY SEOUL|embassy|EAP|35|2600|9|South Korean|the ROKG|ko|KN JA CH
NEWDELHI|NEW DELHI|Embassy New Delhi|India|IN|RUEHNE|AMEMBASSY NEW DELHI|embassy|SCA|30|3000|5|Indian|the GOI|hi|PK CE NP BG
MUMBAI|MUMBAI|Consulate Mumbai|India|IN|RUEHBI|AMCONSUL MUMBAI|consulate|SCA|8|600|5|Indian|the GOI|hi|PK
ISLAMABAD|ISLAMABAD|Embassy Islamabad|Pakistan|PK|RUEHIL|AMEMBASSY ISLAMABAD|embassy|SCA|35|3800|5|Pakistani|the GOP|ur|AF IN IR
KABUL|KABUL|Embassy Kabul|Afghanistan|AF|RUEHBUL|AMEMBASSY KABUL|embassy|SCA|45|3600|4|Afghan|GIRoA|ps|PK IR TI UZ
BAGHDAD|BAGHDAD|Embassy Baghdad|Iraq|IZ|RUEHGB|AMEMBASSY BAGHDAD|embassy|NEA|60|4000|3|Iraqi|the GOI|ar|IR SY TU JO
ANKARA|ANKARA|Embassy Ankara|Turkey|TU|RUEHAK|AMEMBASSY ANKARA|embassy|EUR|70|2800|2|Turkish|the GOT|tr|IZ IR SY GR CY
ISTANBUL|ISTANBUL|Consulate Istanbul|Turkey|TU|RUEHIT|AMCONSUL ISTANBUL|consulate|EUR|9|600|2|Turkish|the GOT|tr|GR IR
CAIRO|CAIRO|Embassy Cairo|Egypt|EG|RUEHEG|AMEMBASSY CAIRO|embassy|NEA|40|2600|2|Egyptian|the GOE|ar|IS SU LY
TELAVIV|TEL AVIV|Embassy Tel Aviv|Israel|IS|RUEHTV|AMEMBASSY TEL AVIV|embassy|NEA|35|3000|2|Israeli|the GOI|he|KWBG LE SY EG
AMMAN|AMMAN|Embassy Amman|Jordan|JO|RUEHAM|AMEMBASSY AMMAN|embassy|NEA|45|2000|2|Jordanian|the GOJ|ar|IZ IS SY
RIYADH|RIYADH|Embassy Riyadh|Saudi Arabia|SA|RUEHRH|AMEMBASSY RIYADH|embassy|NEA|25|1800|3|Saudi|the SAG|ar|YM IR IZ
PARIS|PARIS|Embassy Paris|France|FR|RUEHFR|AMEMBASSY PARIS|embassy|EUR|32|3200|1|French|the GOF|fr|EUN GM UK
LONDON|LONDON|Embassy London|United Kingdom|UK|RUEHLO|AMEMBASSY LONDON|embassy|EUR|30|3200|0|British|HMG|en|EUN FR EI
BERLIN|BERLIN|Embassy Berlin|Germany|GM|RUEHRL|AMEMBASSY BERLIN|embassy|EUR|28|2000|1|German|the German government|de|EUN FR PL
ROME|ROME|Embassy Rome|Italy|IT|RUEHRO|AMEMBASSY ROME|embassy|EUR|20|2500|1|Italian|the GOI|it|EUN LY VT
MADRID|MADRID|Embassy Madrid|Spain|SP|RUEHMD|AMEMBASSY MADRID|embassy|EUR|24|1600|1|Spanish|the GOS|es|EUN MO CU
BRUSSELS|BRUSSELS|Embassy Brussels|Belgium|BE|RUEHBS|AMEMBASSY BRUSSELS|embassy|EUR|14|1500|1|Belgian|the GOB|nl|EUN CG NATO
THEHAGUE|THE HAGUE|Embassy The Hague|Netherlands|NL|RUEHTC|AMEMBASSY THE HAGUE|embassy|EUR|16|1200|1|Dutch|the GONL|nl|EUN AF
TBILISI|TBILISI|Embassy Tbilisi|Georgia|GG|RUEHSI|AMEMBASSY TBILISI|embassy|EUR|16|2200|4|Georgian|the GOG|ka|RS AM AJ
BRASILIA|BRASILIA|Embassy Brasilia|Brazil|BR|RUEHBR|AMEMBASSY BRASILIA|embassy|WHA|28|1800|-3|Brazilian|the GOB|pt|AR VE BL
SAOPAULO|SAO PAULO|Consulate Sao Paulo|Brazil|BR|RUEHSO|AMCONSUL SAO PAULO|consulate|WHA|10|1200|-3|Brazilian|the GOB|pt|AR PA
BUENOSAIRES|BUENOS AIRES|Embassy Buenos Aires|Argentina|AR|RUEHBU|AMEMBASSY BUENOS AIRES|embassy|WHA|22|1800|-3|Argentine|the GOA|es|BR UY VE
MEXICO|MEXICO|Embassy Mexico|Mexico|MX|RUEHME|AMEMBASSY MEXICO|embassy|WHA|30|3800|-6|Mexican|the GOM|es|GT CU
BOGOTA|BOGOTA|Embassy Bogota|Colombia|CO|RUEHBO|AMEMBASSY BOGOTA|embassy|WHA|26|10000|-5|Colombian|the GOC|es|VE EC
CARACAS|CARACAS|Embassy Caracas|Venezuela|VE|RUEHCV|AMEMBASSY CARACAS|embassy|WHA|26|3500|-4|Venezuelan|the GBRV|es|CO CU BL
LIMA|LIMA|Embassy Lima|Peru|PE|RUEHPE|AMEMBASSY LIMA|embassy|WHA|18|2200|-5|Peruvian|the GOP|es|BL EC
PRETORIA|PRETORIA|Embassy Pretoria|South Africa|SF|RUEHSA|AMEMBASSY PRETORIA|embassy|AF|18|2500|2|South African|the SAG|za|ZI
NAIROBI|NAIROBI|Embassy Nairobi|Kenya|KE|RUEHNR|AMEMBASSY NAIROBI|embassy|AF|20|2500|3|Kenyan|the GOK|ke|SO SU
ABUJA|ABUJA|Embassy Abuja|Nigeria|NI|RUEHUJA|AMEMBASSY ABUJA|embassy|AF|18|2400|1|Nigerian|the GON|ng|SU CD
JAKARTA|JAKARTA|Embassy Jakarta|Indonesia|ID|RUEHJA|AMEMBASSY JAKARTA|embassy|EAP|22|3200|7|Indonesian|the GOI|id|MY TT
BANGKOK|BANGKOK|Embassy Bangkok|Thailand|TH|RUEHBK|AMEMBASSY BANGKOK|embassy|EAP|28|6000|7|Thai|the RTG|th|BM CB LA
"""


@dataclass(frozen=True)
class Station:
    """One sending post of the synthetic corpus.

    >>> STATIONS["HANOI"].origin, STATIONS["HANOI"].printed, STATIONS["HANOI"].fips
    ('Embassy Hanoi', 'HANOI', 'VM')
    """

    code: str
    printed: str
    origin: str
    country: str | None
    fips: str | None
    routing: str
    fm: str
    kind: str
    region: str
    weight: float
    annual: int
    utc_offset: int
    adjective: str | None
    government: str | None
    culture: str | None
    neighbors: tuple[str, ...]


def _load_stations() -> dict[str, Station]:
    out: dict[str, Station] = {}
    for line in _STATION_ROWS.strip().splitlines():
        f = line.split("|")
        out[f[0]] = Station(
            code=f[0], printed=f[1], origin=f[2], country=f[3] or None, fips=f[4] or None,
            routing=f[5], fm=f[6], kind=f[7], region=f[8], weight=float(f[9]),
            annual=int(f[10]), utc_offset=int(f[11]), adjective=f[12] or None,
            government=f[13] or None, culture=f[14] or None, neighbors=tuple(f[15].split()),
        )
    return out


#: station code -> :class:`Station`, the posts of the synthetic corpus.
STATIONS: dict[str, Station] = _load_stations()
_POSTS = [s for s in STATIONS.values() if s.country]
_SIBLINGS = {code: [f"{s.routing}/{s.fm}" for s in _POSTS if s.country == st.country and s.code != code]
             for code, st in STATIONS.items()}

# --------------------------------------------------------------------------------------
# People. US officials get invented surnames (prefix + suffix) so that no real diplomat is
# named; host officials get names from small per-culture lists.
# --------------------------------------------------------------------------------------
_SUR_PREFIX = (
    "Ash Bar Black Brad Brook Cal Carl Chad Cran Dal Dun East Elling Fair Fen Gar Glen Hal "
    "Hart Hay Hol Kel Ken Lang Lind Mar Mid Mor Nor Pem Pres Ral Ren Rod Sher Stan Stock "
    "Thorn Wes Whit Win Wood Bel Bran Cole Der Edge Fox Gold Hurl Lyn Red Sel Went"
).split()
_SUR_SUFFIX = (
    "ford ton ley well wood by man field more worth dale ridge stead brook croft wick holm ham "
    "mont gate son ling hurst combe shaw bury den ney ington ston"
).split()
_US_FIRST = (
    "Michael Robert David James John William Richard Thomas Mark Daniel Paul Steven Kevin "
    "Brian Gregory Peter Charles Joseph Christopher Eric Susan Mary Patricia Karen Nancy "
    "Elizabeth Linda Barbara Margaret Deborah Anne Carol Janet Laura Catherine Julia Alan "
    "Douglas Frank Kenneth"
).split()

_CULTURES: dict[str, tuple[list[str], list[str], str]] = {
    # culture: (given names, family names, order "gf" given-family or "fg" family-given)
    "vi": ("Binh Hung Lan Tuan Hai Son Long Phuong Dung Khanh".split(),
           "Nguyen Tran Le Pham Hoang Vu Dang Bui Do Ngo".split(), "fmg"),
    "ru": ("Sergey Aleksandr Dmitriy Andrey Nikolay Yuriy Igor Oleg Vladimir Pavel".split(),
           "Petrov Volkov Sokolov Morozov Lebedev Kozlov Novikov Orlov Belov Zaitsev".split(), "gf"),
    "zh": ("Wei Jianguo Ming Hong Jun Lei Yong Bin Qiang Hua".split(),
           "Wang Li Zhang Liu Chen Yang Zhao Huang Zhou Wu".split(), "fg"),
    "ja": ("Hiroshi Takeshi Kenji Yuko Masato Akira Naoki Koji".split(),
           "Suzuki Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato".split(), "gf"),
    "ko": ("Sung-ho Min-jun Jae-won Young-soo Hyun-woo Dong-hee Sang-min Ji-hoon".split(),
           "Kim Lee Park Choi Jung Kang Cho Yoon".split(), "fg"),
    "hi": ("Rajesh Sanjay Anil Vikram Arun Suresh Pradeep Meera Ashok Kavita".split(),
           "Sharma Gupta Menon Rao Iyer Nair Kumar Mehta Verma Joshi".split(), "gf"),
    "ur": ("Tariq Imran Asif Khalid Farooq Javed Salman Nadeem".split(),
           "Qureshi Malik Hussain Butt Chaudhry Siddiqui Ahmed Abbasi".split(), "gf"),
    "ps": ("Ahmad Mohammad Abdul Gul Najib Zalmai Farid Hamid".split(),
           "Rahimi Karimi Popal Wardak Ahmadzai Sultani Noorzai Hakimi".split(), "gf"),
    "ar": ("Ahmed Mohammed Khalid Omar Hassan Faisal Samir Walid Adel Nabil".split(),
           "Al-Hashimi Al-Jabouri Abdelaziz El-Sayed Mansour Haddad Al-Otaibi Nasser Khatib Saleh".split(), "gf"),
    "tr": ("Mehmet Ahmet Mustafa Murat Emre Selim Kemal Orhan".split(),
           "Yilmaz Kaya Demir Sahin Celik Ozturk Aydin Arslan".split(), "gf"),
    "he": ("David Yossi Moshe Avi Eitan Ron Yael Dan".split(),
           "Cohen Levi Mizrahi Peretz Biton Friedman Shapira Ben-Ami".split(), "gf"),
    "fr": ("Jean Pierre Philippe Francois Michel Alain Laurent Claire Anne".split(),
           "Martin Bernard Dubois Moreau Lefebvre Girard Fontaine Rousseau Mercier".split(), "gf"),
    "en": ("James John Peter Simon David Nigel Richard Andrew Helen Sarah".split(),
           "Smith Jones Taylor Brown Wilson Evans Roberts Walker Wright Hughes".split(), "gf"),
    "de": ("Klaus Hans Wolfgang Thomas Andreas Juergen Stefan Ulrich".split(),
           "Mueller Schmidt Schneider Fischer Weber Becker Hoffmann Schulz Koch".split(), "gf"),
    "it": ("Marco Giuseppe Giovanni Luca Paolo Franco Roberto Stefano".split(),
           "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Greco".split(), "gf"),
    "es": ("Jose Juan Carlos Luis Javier Miguel Antonio Fernando Ricardo Alejandro".split(),
           "Garcia Fernandez Gonzalez Rodriguez Lopez Martinez Sanchez Perez Gomez Torres".split(), "gf"),
    "pt": ("Joao Paulo Marcos Luiz Antonio Ricardo Fernando Sergio".split(),
           "Silva Santos Oliveira Souza Costa Pereira Almeida Ferreira Carvalho".split(), "gf"),
    "nl": ("Jan Pieter Hendrik Marc Luc Dirk Willem Geert".split(),
           "Jansen Bakker Peeters Maes Janssens Visser Smit Mertens".split(), "gf"),
    "ka": ("Giorgi David Levan Nikoloz Zurab Irakli Tamar Nino".split(),
           "Beridze Kapanadze Gelashvili Tsiklauri Lomidze Japaridze Maisuradze".split(), "gf"),
    "za": ("Thabo Sipho Johan Pieter Nomvula Mandla Lindiwe".split(),
           "Nkosi Dlamini Botha Mokoena Ndlovu Khumalo Pretorius".split(), "gf"),
    "ke": ("John Peter Samuel Joseph Mary James".split(),
           "Kamau Otieno Mwangi Ochieng Kiprop Njoroge Mutua".split(), "gf"),
    "ng": ("Olusegun Chukwuemeka Ibrahim Aliyu Ngozi Babatunde Emeka Musa".split(),
           "Adeyemi Okafor Bello Okonkwo Abubakar Eze Adebayo Danjuma".split(), "gf"),
    "id": ("Budi Agus Hadi Joko Dewi Bambang Eko".split(),
           "Santoso Wibowo Hidayat Setiawan Kusuma Nugroho Susanto".split(), "gf"),
    "th": ("Somchai Surapong Kasem Prasert Anan Chaiya Wichai".split(),
           "Srisuk Wongsawat Chaiyasit Boonmee Thongdee Suwannarat".split(), "gf"),
}
_VI_MIDDLE = "Van Thi Duc Minh Quang Huu Thanh".split()

# Host-government titles: (full title, short prefix used with the surname, ministry).
_HOST_TITLES = (
    ("Foreign Minister", "FM", "the Foreign Ministry"),
    ("Vice Foreign Minister", "VFM", "the Foreign Ministry"),
    ("Deputy Foreign Minister", "DFM", "the Foreign Ministry"),
    ("MFA Director General for International Organizations", "DG", "the MFA"),
    ("MFA Director General for the Americas", "DG", "the MFA"),
    ("MFA Deputy Director General for Multilateral Affairs", "DDG", "the MFA"),
    ("MFA desk officer", "", "the MFA"),
    ("Presidential foreign policy advisor", "", "the Presidency"),
    ("Minister of Trade", "Minister", "the Ministry of Trade"),
    ("Vice Minister of Finance", "Vice Minister", "the Ministry of Finance"),
    ("Deputy Minister of Defense", "Deputy Minister", "the Ministry of Defense"),
    ("National Security Advisor", "NSA", "the National Security Council"),
)

# --------------------------------------------------------------------------------------
# Topics: TAGS, demarche targets, subject headlines and sentences. Every sentence here
# was written for this generator. Slots: {CTRY} {GOV} {GOVC} {ADJ} {US} {USC} {HOST}
# {HS} {HOST2} {HS2} {TGT} {DAY} {DAY2} {MIN} {N1} {N2} {PCT} {YEAR} {CAP}.
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Topic:
    key: str
    weight: float
    tags: tuple[str, ...]
    targets: tuple[str, ...]
    headlines: tuple[str, ...]
    sentences: tuple[str, ...]


_TOPICS = (
    _Topic("unvote", 9, ("PREL", "UNGA", "PHUM", "UNSC"), (
        "the Third Committee resolution on human rights in Burma",
        "the UNGA resolution on the human rights situation in Iran",
        "the draft UNSC resolution on Sudan",
        "the U.S. candidacy for the Human Rights Council",
        "the UNSC presidential statement on the North Korean launch",
        "the draft resolution on the situation in Belarus",
        "the Security Council sanctions resolution on Iran",
        "the resolution on the moratorium on the death penalty",
        "the no-action motion on the Burma resolution",
    ), (
        "{UCTRY} AND THE THIRD COMMITTEE: VOTING INTENTIONS",
        "UNGA: {UCTRY} POSITION ON COUNTRY-SPECIFIC RESOLUTIONS",
        "SECURITY COUNCIL CONSULTATIONS WITH {UCTRY}",
    ), (
        "The resolution is expected to come to a vote in New York within the next two weeks.",
        "{GOVC} has traditionally voted with the Non-Aligned Movement on country-specific texts.",
        "The draft text was circulated to delegations in New York on {DAY}.",
        "Several co-sponsors have asked that capitals weigh in before the vote.",
        "Last year the resolution passed by a margin of {N1} votes.",
        "The delegation in New York is expected to receive final instructions from {CAP} shortly.",
        "Other members of the regional group have not yet announced their positions.",
    )),
    _Topic("nonprolif", 5, ("PARM", "KNNP", "PREL", "MNUC", "IAEA"), (
        "the IAEA Board of Governors resolution on Iran",
        "the Proliferation Security Initiative",
        "the Additional Protocol to the safeguards agreement",
        "the proposed Nuclear Suppliers Group exemption",
        "the start of negotiations on a fissile material cutoff treaty",
        "the interdiction request for the suspect cargo",
    ), (
        "{UCTRY}: NONPROLIFERATION DEMARCHE DELIVERED",
        "{UCTRY} ON THE IAEA BOARD AND IRAN",
        "EXPORT CONTROLS: {UCTRY} REVIEWS LICENSING PRACTICE",
    ), (
        "The Board of Governors meets in Vienna on {DAY2}.",
        "{GOVC} signed its safeguards agreement in {YEAR} but has not yet brought the protocol into force.",
        "The cargo in question was reportedly transshipped through a regional port in early {MONTH}.",
        "Export control officials said the licensing office had reviewed {N1} applications this year.",
        "The interagency process on nonproliferation issues in {CAP} remains slow.",
    )),
    _Topic("terror", 6, ("PTER", "ASEC", "PREL", "KCRM"), (
        "the designation of the group under UNSCR 1267",
        "the proposed counterterrorism information-sharing arrangement",
        "the Container Security Initiative",
        "the freezing of assets of the designated charity",
        "the request to extradite the suspect",
    ), (
        "{UCTRY}: COUNTERTERRORISM COOPERATION UPDATE",
        "TERRORIST FINANCE: {UCTRY} AND THE 1267 LIST",
        "{UCTRY} SECURITY SERVICES REPORT ARRESTS",
    ), (
        "Police announced the arrest of {N1} suspects in the capital on {DAY}.",
        "The security services have increased their presence around diplomatic facilities.",
        "The Interior Ministry has not released details of the investigation.",
        "Local press reported that the group had been under surveillance for several months.",
        "The Embassy's Regional Security Office continues to monitor the situation closely.",
    )),
    _Topic("trade", 8, ("ETRD", "ECON", "EINV", "WTO"), (
        "the Doha Round agricultural proposal",
        "the bilateral investment treaty",
        "the draft free trade agreement text",
        "the WTO accession package",
        "the market access offer on services",
        "the proposed tariff reduction on U.S. agricultural products",
    ), (
        "{UCTRY}: TRADE MINISTER ON DOHA ROUND",
        "{UCTRY} TRADE POLICY REVIEW",
        "BILATERAL TRADE TALKS WITH {UCTRY} MAKE HALTING PROGRESS",
    ), (
        "Bilateral trade reached {N1} billion dollars last year, up {PCT} percent.",
        "Business groups in {CAP} have lobbied hard against further tariff cuts.",
        "The next round of negotiations is scheduled for {DAY2}.",
        "U.S. exporters continue to face non-tariff barriers in the agricultural sector.",
        "{MINC} has promised to publish the draft regulations for comment.",
    )),
    _Topic("finance", 4, ("EFIN", "ECON", "KTFN"), (
        "the FATF mutual evaluation recommendations",
        "the G-20 proposals on financial regulation",
        "the IMF quota reform",
        "the new anti-money laundering law",
    ), (
        "{UCTRY}: CENTRAL BANK HOLDS RATES STEADY",
        "{UCTRY} BANKING SECTOR UNDER STRESS",
        "{UCTRY}: FINANCE MINISTRY OUTLINES BUDGET PRIORITIES",
    ), (
        "The central bank kept its policy rate at {PCT} percent at its last meeting.",
        "Inflation rose to {PCT} percent in the twelve months to {MONTH}.",
        "The budget deficit is projected at {N2} percent of GDP.",
        "Foreign exchange reserves stood at {N1} billion dollars at the end of the quarter.",
        "Bankers told Econoff that credit conditions had tightened considerably.",
    )),
    _Topic("energy", 4, ("ENRG", "EPET", "ECON"), (
        "the regional gas pipeline proposal",
        "the energy security dialogue",
        "the production-sharing agreement with U.S. firms",
    ), (
        "{UCTRY}: ENERGY MINISTER ON PIPELINE PLANS",
        "{UCTRY} ELECTRICITY SHORTAGES WORSEN",
    ), (
        "Power outages in {CAP} have lasted up to {N2} hours a day this month.",
        "Oil production averaged {N1} thousand barrels per day last quarter.",
        "The state energy company has delayed the tender for the new field.",
        "Several U.S. firms are competing for the contract.",
    )),
    _Topic("environment", 3, ("SENV", "KGHG", "ECON", "TSPL"), (
        "the Copenhagen climate accord",
        "the fisheries management initiative",
        "the proposal to list the species under CITES",
    ), (
        "{UCTRY}: CLIMATE CHANGE POSITIONS AHEAD OF COPENHAGEN",
        "{UCTRY} LAUNCHES NATIONAL ENVIRONMENT STRATEGY",
    ), (
        "Officials said emissions from the energy sector had grown by {PCT} percent.",
        "Environmental groups in {CAP} have criticized the pace of reform.",
        "The new environment law takes effect on {DAY2}.",
    )),
    _Topic("humanrights", 6, ("PHUM", "PGOV", "KDEM", "KIRF"), (
        "the release of detained activists",
        "the visit by the UN Special Rapporteur",
        "the registration of independent NGOs",
        "the draft law restricting foreign-funded organizations",
    ), (
        "{UCTRY}: HUMAN RIGHTS DIALOGUE",
        "{UCTRY}: ACTIVISTS SENTENCED",
        "{UCTRY}: RELIGIOUS FREEDOM UPDATE",
    ), (
        "Some {N1} activists remain in detention following the protests in {MONTH}.",
        "Family members told Poloff that they had not been allowed to visit the detainees.",
        "The trial was closed to diplomats and foreign journalists.",
        "Human rights groups have documented {N2} new cases of arbitrary detention this year.",
        "The annual human rights dialogue was last held in {CAP} in {YEAR}.",
    )),
    _Topic("politics", 14, ("PGOV", "PREL", "PINR", "KDEM"), (), (
        "{UCTRY}: PARTY CONGRESS SETS STAGE FOR LEADERSHIP CHANGE",
        "{UCTRY}: CABINET RESHUFFLE",
        "{UCTRY} POLITICAL SCENE: OPPOSITION REGROUPS",
        "{UCTRY}: PARLIAMENT DEBATES ELECTION LAW",
        "{UCTRY}: PROVINCIAL ELECTIONS PREVIEW",
        "{UCTRY} COALITION UNDER STRAIN",
    ), (
        "The ruling party's congress is scheduled to open on {DAY2}.",
        "Opposition leaders told Poloff that they expected the vote to be postponed.",
        "The Prime Minister reshuffled {N2} cabinet posts on {DAY}.",
        "Turnout in the last elections was {PCT} percent.",
        "Contacts described the new Interior Minister as a pragmatic technocrat.",
        "Parliament passed the amended election law by a vote of {N1} to {N2}.",
        "Party insiders expect a younger generation of leaders to move up.",
        "Local media have covered the dispute extensively.",
        "The President's approval rating has fallen to {PCT} percent.",
    )),
    _Topic("economy", 8, ("ECON", "EFIN", "EAGR", "EINV"), (), (
        "{UCTRY}: ECONOMIC GROWTH SLOWS",
        "{UCTRY}: INFLATION WORRIES DOMINATE BUDGET DEBATE",
        "{UCTRY}: FOREIGN INVESTMENT CLIMATE",
        "{UCTRY} ECONOMIC HIGHLIGHTS",
    ), (
        "GDP grew by {PCT} percent in the first half of the year.",
        "Foreign direct investment fell to {N1} billion dollars.",
        "Exports of agricultural products rose sharply in {MONTH}.",
        "The government plans to privatize {N2} state enterprises by the end of the year.",
        "Economists in {CAP} expect growth to slow next year.",
        "The stock market index has lost {PCT} percent since January.",
    )),
    _Topic("military", 5, ("MARR", "PREL", "MOPS", "MASS"), (
        "the ship visit request",
        "the status of forces agreement",
        "the troop contribution to ISAF",
        "the overflight clearance request",
        "the proposed joint military exercise",
    ), (
        "{UCTRY}: DEFENSE COOPERATION TALKS",
        "{UCTRY} MILITARY MODERNIZATION PLANS",
        "{UCTRY}: PEACEKEEPING CONTRIBUTION",
    ), (
        "The Defense Attache met the Chief of the General Staff on {DAY}.",
        "The military budget will increase by {PCT} percent next year.",
        "About {N1} personnel are currently deployed on peacekeeping missions abroad.",
        "The next round of defense talks is planned for {DAY2}.",
    )),
    _Topic("narcotics", 4, ("SNAR", "KCRM", "PGOV", "KJUS"), (
        "the extradition request",
        "the joint counternarcotics operation",
        "the maritime interdiction agreement",
    ), (
        "{UCTRY}: COUNTERNARCOTICS UPDATE",
        "{UCTRY}: RECORD DRUG SEIZURE",
    ), (
        "Police seized {N1} kilograms of cocaine in a raid on {DAY}.",
        "Eradication teams have destroyed {N1} hectares of illicit crops this year.",
        "The judicial police have asked for additional training assistance.",
        "Trafficking organizations are shifting routes toward the coast.",
    )),
    _Topic("trafficking", 2, ("KTIP", "KCRM", "PHUM", "SMIG", "KWMN"), (
        "the anti-trafficking action plan",
        "the proposed trafficking in persons law",
    ), (
        "{UCTRY}: TRAFFICKING IN PERSONS UPDATE",
    ), (
        "The government has prosecuted {N2} trafficking cases this year.",
        "Shelters for victims remain underfunded.",
        "NGOs told Poloff that labor trafficking was increasing.",
    )),
    _Topic("consular", 3, ("CVIS", "CASC", "CMGT", "KFRD"), (), (
        "{UCTRY}: CONSULAR FRAUD SUMMARY",
        "VISA DEMAND IN {UCTRY} CONTINUES TO GROW",
    ), (
        "The consular section issued {N1} nonimmigrant visas last fiscal year.",
        "The refusal rate for tourist visas was {PCT} percent.",
        "The Fraud Prevention Unit investigated {N2} cases during the period.",
        "Wait times for visa interviews now exceed {N2} days.",
    )),
    _Topic("media", 3, ("KMDR", "KPAO", "OPRC", "OIIP"), (), (
        "MEDIA REACTION: {UCTRY} PRESS ON U.S. POLICY",
        "{UCTRY} MEDIA REACTION",
    ), (
        "Leading dailies devoted front-page coverage to the Secretary's remarks.",
        "An editorial in the largest daily criticized U.S. policy in the region.",
        "Television commentators were divided on the significance of the visit.",
        "A columnist argued that the bilateral relationship was stronger than ever.",
    )),
    _Topic("health", 2, ("TBIO", "KFLU", "SOCI", "EAID", "KHIV"), (
        "the sharing of avian influenza virus samples",
        "the joint pandemic preparedness plan",
    ), (
        "{UCTRY}: AVIAN INFLUENZA UPDATE",
        "{UCTRY}: HIV/AIDS PROGRAM REVIEW",
    ), (
        "Health officials confirmed {N2} new human cases since {DAY}.",
        "The Ministry of Health has stockpiled antiviral medication for {N1} thousand people.",
        "Donor coordination meetings are held monthly in {CAP}.",
    )),
    _Topic("aid", 3, ("EAID", "ECON", "PREL", "KMCA"), (
        "the Millennium Challenge compact",
        "the proposed assistance agreement",
    ), (
        "{UCTRY}: DONOR COORDINATION",
        "{UCTRY}: ASSISTANCE PROGRAMS REVIEW",
    ), (
        "U.S. assistance to {CTRY} totaled {N1} million dollars last year.",
        "The compact would fund roads and irrigation in the poorest provinces.",
        "Other donors have pledged {N1} million dollars over three years.",
    )),
    _Topic("visits", 3, ("OVIP", "PREL", "PGOV"), (), (
        "SCENESETTER FOR THE SECRETARY'S VISIT TO {UCTRY}",
        "{UCTRY}: CODEL MEETS PRESIDENT",
        "DEPUTY SECRETARY'S MEETING WITH {UCTRY} FOREIGN MINISTER",
    ), (
        "The delegation will arrive in {CAP} on {DAY2}.",
        "The visit comes at a time of growing cooperation on regional issues.",
        "Our hosts have asked for a joint press availability after the meeting.",
        "The bilateral relationship has expanded considerably since {YEAR}.",
    )),
    _Topic("ipr", 2, ("KIPR", "ETRD", "ECON"), (
        "the Special 301 action plan",
        "the enforcement campaign against pirated software",
    ), (
        "{UCTRY}: SPECIAL 301 REVIEW",
        "{UCTRY}: INTELLECTUAL PROPERTY ENFORCEMENT",
    ), (
        "Customs officials destroyed {N1} thousand counterfeit items in {MONTH}.",
        "Industry estimates piracy rates at {PCT} percent for business software.",
        "The new copyright law has not yet been implemented.",
    )),
    _Topic("labor", 2, ("ELAB", "PHUM", "ECON"), (), (
        "{UCTRY}: LABOR UNREST SPREADS",
        "{UCTRY}: MINIMUM WAGE INCREASE",
    ), (
        "Workers at {N2} factories went on strike in {MONTH}.",
        "The minimum wage will rise by {PCT} percent from January.",
        "Union leaders told Econoff they would continue their protests.",
    )),
    _Topic("regional", 5, ("PREL", "PGOV", "MARR"), (
        "the EU statement on Georgia's territorial integrity",
        "the condemnation of the North Korean nuclear test",
        "the recognition of Kosovo's independence",
        "the international contact group's proposal on Somalia",
        "the Annapolis process",
    ), (
        "{UCTRY} ON REGIONAL SECURITY",
        "{UCTRY}'S VIEWS ON KOSOVO AND GEORGIA",
        "{UCTRY} AND ITS NEIGHBORS",
    ), (
        "Relations with neighboring states have been tense since the border incident in {MONTH}.",
        "{GOVC} hosted a regional foreign ministers' meeting on {DAY}.",
        "The issue dominated the agenda of the regional summit.",
    )),
)
_TOPIC_BY_KEY = {t.key: t for t in _TOPICS}
_DEMARCHE_TOPICS = tuple(t.key for t in _TOPICS if t.targets)

# Extra subject tags, most frequent first (a Zipf-like tail added to the topic's tags).
_ZIPF_TAGS = (
    "PREL PGOV ECON PHUM ETRD MARR PTER EFIN KDEM SNAR PINR ENRG EAID ASEC KCRM SENV EINV "
    "CASC KIPR SOCI ELAB EAGR MOPS PARM KNNP CVIS KPAO OVIP ELTN EAIR TBIO KTIP SMIG KWMN "
    "PINS PREF SCUL KJUS AMGT EPET KSCA TSPL KISL PHSA KFLU KHIV KMDR OEXC"
).split()
_ZIPF_WEIGHTS = [1.0 / (r + 1) ** 1.1 for r in range(len(_ZIPF_TAGS))]

_GENERIC = (
    "Contacts expect the issue to remain on the agenda for some time.",
    "The Embassy will continue to follow developments closely.",
    "Press coverage of the meeting was limited.",
    "The meeting lasted about an hour and was cordial throughout.",
    "{GOVC} has made similar statements in the past.",
    "The Ministry has promised a written reply within {W} weeks.",
    "Several diplomats in {CAP} share this assessment.",
    "We will report further details septel.",
    "The issue was also raised during the Deputy Secretary's visit in {MONTH}.",
    "Our interlocutors appeared well briefed on the details.",
)
_DELIVERY = (
    "On {DAY}, {US} delivered reftel points on {TGT} to {HOST}.",
    "{USC} raised {TGT} with {HOST} on {DAY}, drawing on reftel points.",
    "Per reftel instructions, {US} met {HOST} on {DAY} to seek {ADJ} support on {TGT}.",
    "{USC} called on {HOST} on {DAY} to urge {ADJ} backing for {TGT}.",
)
_US_POINTS = (
    "{USC} stressed that the United States strongly supports {TGT} and hopes {CTRY} will do the same.",
    "{USC} noted that the international community is watching closely.",
    "{USC} left a non-paper summarizing our position.",
    "{USC} underscored the importance Washington attaches to the issue.",
    "{USC} emphasized that a clear signal from {CAP} would carry weight in the region.",
)
# Stance sentences: the actor slot {A} is the stance's actor as named in the text.
_STANCE = {
    "support": (
        "{A} said {GOV} would support {TGT}.",
        "{A} told {US} that {CTRY} welcomed {TGT} and would vote in favor.",
        "{A} confirmed that {GOV} would co-sponsor {TGT}.",
        "{A} pledged {ADJ} support for {TGT}.",
        "{A} said {CTRY} fully shared our concerns and would back {TGT}.",
        "{A} said {GOV} had no objection to {TGT} and would join the consensus.",
        "{A} agreed that {TGT} deserved support and said {CTRY} would vote yes.",
    ),
    "oppose": (
        "{A} said {GOV} would not support {TGT}.",
        "{A} rejected {TGT}, calling it interference in internal affairs.",
        "{A} made clear that {CTRY} would vote against {TGT}.",
        "{A} said {GOV} could not join {TGT}.",
        "{A} objected strongly to {TGT}.",
        "{A} said {CTRY} was not in a position to support {TGT}.",
        "{A} refused to endorse {TGT}, arguing that it would only raise tensions.",
    ),
    "neutral": (
        "{A} said {GOV} will study the proposal carefully before taking a position on {TGT}.",
        "{A} could not comment on {TGT} pending review by senior leaders.",
        "{A} said {CTRY} had not yet decided its position on {TGT}.",
        "{A} said {GOV} would consider {TGT} and respond in due course.",
        "{A} indicated that {CTRY} would likely abstain on {TGT}.",
        "{A} said {GOV} could not yet commit to {TGT}.",
    ),
}
_SUMMARY_STANCE = {
    "support": ("{A} told us {CTRY} would support {TGT}.", "{A} said {GOV} would back {TGT}."),
    "oppose": ("{A} said {CTRY} would not support {TGT}.", "{A} rejected {TGT}."),
    "neutral": ("{A} said {GOV} would study {TGT} before deciding.",
                "{A} could not comment on {TGT} pending review."),
}
_SUMMARY_GOV_STANCE = {
    "support": ("{A} will support {TGT}.", "{A} has agreed to back {TGT}."),
    "oppose": ("{A} will not support {TGT}.", "{A} has rejected {TGT}."),
    "neutral": ("{A} has not yet decided its position on {TGT}.",
                "{A} is still studying {TGT} and could not comment pending review."),
}
_SUBJECT_STANCE = {
    "support": ("{UCTRY} TO SUPPORT {UTGT}", "{UCTRY} BACKS {UTGT}"),
    "oppose": ("{UCTRY} WILL NOT SUPPORT {UTGT}", "{UCTRY} REJECTS {UTGT}"),
    "neutral": ("{UCTRY} NONCOMMITTAL ON {UTGT}", "{UCTRY} STILL STUDYING {UTGT}"),
}
_EXPLAIN = (
    "{HS} explained that the decision had been discussed at the highest levels.",
    "{HS} noted that {CTRY} had a long tradition of dialogue on such questions.",
    "{HS} said domestic opinion on the issue was divided.",
    "In {ADJ} view, {HS} continued, the matter should be handled through quiet diplomacy.",
    "{HS} added that {GOV} valued its close consultations with Washington.",
    "{HS} asked that the United States keep {CAP} informed of further developments.",
)
_COMMENT = (
    "We expect {CTRY} will abstain when the text comes to a vote.",
    "We see no reason why {CTRY} would break with its past practice in this case.",
    "{ADJ} officials are likely to wait for a regional consensus before committing.",
    "Continued engagement at senior levels will be needed to move {GOV}.",
    "The response was in line with our expectations.",
)
_INSTRUCT = (
    "Posts are requested to deliver the points in paragraph {P} to appropriate host government officials at the highest appropriate level.",
    "The Department seeks host government support for {TGT}.",
    "Posts should report responses by {DAY2}.",
    "Embassies may leave the points as a non-paper.",
    "The United States believes {TGT} deserves broad support.",
    "Washington regards the matter as a priority for the coming weeks.",
)
_POINTS = (
    "-- The United States strongly supports {TGT}.",
    "-- We urge your government to join us in supporting {TGT}.",
    "-- We believe this is an important moment for the international community.",
    "-- We look forward to working closely with you on this issue.",
)
# Reported-speech clauses ("<source> told Poloff that <clause>."), per topic, written for
# this generator. They report facts and expectations, never a position on a US request, so
# they are not stances.
_CLAUSES = {
    "unvote": (
        "the delegation in New York had not yet received instructions",
        "the regional group would meet to coordinate positions before the vote",
        "the vote was likely to be close",
        "several smaller states were under pressure from the sponsors",
        "the text had been revised twice since its first reading",
        "the issue would be discussed at the next cabinet meeting",
        "capitals were still reviewing the latest draft",
        "the Non-Aligned Movement would issue a joint statement",
    ),
    "nonprolif": (
        "the export control law would be amended next year",
        "the licensing office lacked trained staff",
        "customs had installed new radiation portal monitors at the main port",
        "the shipment had been held for inspection",
        "the IAEA inspectors had completed their visit on schedule",
        "the interagency review of the protocol was nearly complete",
        "the shipping company had cooperated with the authorities",
    ),
    "terror": (
        "the suspects had links to a regional extremist network",
        "the police had stepped up patrols in the capital",
        "the investigation was being led by the national intelligence service",
        "the group had recruited members in the border provinces",
        "the new counterterrorism law would take effect next month",
        "cooperation with neighboring services had improved",
        "the court would hear the case in {MONTH}",
    ),
    "trade": (
        "the cabinet had approved the new tariff schedule",
        "agricultural lobbies remained the main obstacle",
        "the negotiating team would travel to Geneva in {MONTH}",
        "customs procedures had been simplified for U.S. exporters",
        "imports of U.S. beef had resumed in {MONTH}",
        "the draft investment law had been sent to parliament",
        "the trade surplus with the United States had narrowed",
    ),
    "finance": (
        "the central bank would tighten reserve requirements",
        "non-performing loans had risen to {PCT} percent",
        "the finance ministry planned to issue new bonds in {MONTH}",
        "the currency had weakened against the dollar",
        "several small banks were likely to merge",
        "the budget would be submitted to parliament by {DAY2}",
    ),
    "energy": (
        "the new refinery would not be completed for several years",
        "fuel subsidies cost the budget {N1} million dollars a year",
        "the tender for the offshore blocks had been postponed",
        "the grid could not cope with peak demand",
        "the government was considering a nuclear power program",
    ),
    "environment": (
        "the environment ministry lacked enforcement powers",
        "illegal logging had declined in the last two years",
        "the delegation to the climate talks would be led by a deputy minister",
        "water pollution in the industrial zones remained severe",
    ),
    "humanrights": (
        "the detainees had been held without charge for {N2} weeks",
        "the trial had lasted less than a day",
        "police had broken up a small demonstration near the courthouse",
        "the new press law contained vague provisions on state secrets",
        "several journalists had been questioned by the security services",
        "religious groups still faced registration problems in the provinces",
    ),
    "politics": (
        "the party congress would choose a new general secretary",
        "the coalition would survive until the budget vote",
        "the opposition was divided over whether to boycott the elections",
        "the Prime Minister's position had been weakened by the scandal",
        "turnout would be low in the rural provinces",
        "the new cabinet included {N2} ministers under the age of fifty",
        "the election commission had registered {N2} parties",
        "the governor was likely to run for parliament",
        "the reform bill would be delayed until after the holidays",
    ),
    "economy": (
        "growth would slow to about {PCT} percent next year",
        "the government would raise electricity prices in {MONTH}",
        "foreign investors remained concerned about corruption",
        "the privatization program was behind schedule",
        "remittances from workers abroad had fallen sharply",
        "rice exports would be restricted until the harvest",
        "the new special economic zone had attracted {N2} foreign firms",
    ),
    "military": (
        "the defense budget would focus on maritime surveillance",
        "the armed forces had completed a major exercise near the border",
        "the purchase of transport aircraft had been approved",
        "the general staff was reviewing its peacekeeping commitments",
        "military education exchanges were highly valued",
    ),
    "narcotics": (
        "traffickers were using small aircraft to move cocaine",
        "the special prosecutor's office was understaffed",
        "the seizure was the largest this year",
        "coca cultivation had increased in the southern valleys",
        "the extradition hearing had been postponed again",
    ),
    "trafficking": (
        "the labor ministry had inspected {N1} recruitment agencies",
        "victims were often recruited with promises of work abroad",
        "the new shelter would open in {MONTH}",
        "the police unit had only {N2} investigators",
    ),
    "consular": (
        "most fraud cases involved false employment letters",
        "demand for student visas had doubled",
        "the new appointment system had reduced waiting times",
        "the local police had arrested a document vendor",
    ),
    "media": (
        "editorials reflected widespread skepticism in the capital",
        "the state broadcaster had given the visit prominent coverage",
        "the tabloid press had focused on the security arrangements",
    ),
    "health": (
        "the outbreak had been contained in {N2} villages",
        "poultry vaccination would continue through {MONTH}",
        "the health ministry had asked donors for laboratory equipment",
        "the number of people on antiretroviral treatment had doubled",
    ),
    "aid": (
        "the road component of the program was ahead of schedule",
        "donors would meet in {CAP} in {MONTH}",
        "the planning ministry needed help with project monitoring",
    ),
    "visits": (
        "the President would raise regional security and trade",
        "the host government hoped for a joint statement",
        "the media would focus on economic cooperation",
    ),
    "ipr": (
        "pirated DVDs were still sold openly in the main markets",
        "the courts rarely imposed deterrent penalties",
        "the copyright office had hired {N2} new examiners",
    ),
    "labor": (
        "the strikes had spread to the garment sector",
        "the labor code would be amended before the end of the year",
        "unions were demanding a {PCT} percent wage increase",
    ),
    "regional": (
        "border talks with the neighbors would resume in {MONTH}",
        "the foreign ministers had agreed to meet again in {MONTH}",
        "the regional organization was divided on the question",
        "trade with the neighboring countries had grown quickly",
    ),
}
_GENERIC_CLAUSES = (
    "the issue would remain on the agenda for some time",
    "a decision was unlikely before {DAY2}",
    "the ministry was preparing a formal reply",
    "senior officials had discussed the matter on {DAY}",
    "the press had exaggerated the differences",
    "{GOV} wanted to avoid a public dispute",
    "further consultations would be needed",
    "the provincial authorities had not been consulted",
    "the matter was under review by a working group",
    "the deadline would probably be extended",
    "the minister planned to travel to Washington in {MONTH}",
    "budget constraints would limit what could be done",
    "the President had taken a personal interest in the file",
    "the bureaucracy was slow to implement new rules",
)
# Sources: (sentence-initial form, form after "According to").
_GENERIC_WHO = (
    ("Contacts", "contacts"), ("A senior MFA official", "a senior MFA official"),
    ("Diplomatic colleagues", "diplomatic colleagues"), ("Local analysts", "local analysts"),
    ("Several observers", "several observers"), ("A well-placed contact", "a well-placed contact"),
    ("Embassy contacts", "Embassy contacts"), ("Journalists", "journalists"),
    ("Academic contacts", "academic contacts"), ("{HS2}", "{HS2}"),
    ("Western diplomats", "Western diplomats"),
)
_TOPIC_WHO = {
    "politics": (("Opposition leaders", "opposition leaders"), ("Party insiders", "party insiders"),
                 ("A parliamentary contact", "a parliamentary contact")),
    "economy": (("Bankers", "bankers"), ("Business representatives", "business representatives"),
                ("Economists", "economists"), ("AmCham members", "AmCham members")),
    "finance": (("Central bank officials", "central bank officials"), ("Bankers", "bankers")),
    "trade": (("Trade ministry officials", "trade ministry officials"),
              ("Business representatives", "business representatives")),
    "humanrights": (("NGO contacts", "NGO contacts"), ("Defense lawyers", "defense lawyers")),
    "military": (("Defense ministry officials", "defense ministry officials"),),
    "terror": (("Police officials", "police officials"), ("Security contacts", "security contacts")),
    "narcotics": (("Police officials", "police officials"), ("Prosecutors", "prosecutors")),
    "consular": (("FPU staff", "FPU staff"),),
}
_SAID = ("told Poloff", "told Econoff", "told us", "said", "noted", "observed", "stressed",
         "claimed", "explained", "commented", "added", "believed", "reported")
_GENERIC_FACTS = _GENERIC
# Per topic: (facts, clauses, sources) with the generic ones appended.
_POOLS = {
    t.key: (t.sentences + _GENERIC_FACTS, _CLAUSES.get(t.key, ()) + _GENERIC_CLAUSES,
            _TOPIC_WHO.get(t.key, ()) + _GENERIC_WHO)
    for t in _TOPICS
}

# Background sentences of Department (STATE) cables.
_STATE_FACTS = (
    "The Department appreciates posts' continued assistance.",
    "Washington will coordinate closely with like-minded partners.",
    "Posts should emphasize that the United States is consulting widely.",
    "The Department will provide further guidance as the situation develops.",
    "Posts may draw on the background below in discussions with host government officials.",
    "The Department recognizes that some governments may have concerns about timing.",
    "Posts are asked to report any substantive response by cable.",
    "The points below have been cleared by the interagency.",
    "Washington has shared the draft text with key partners.",
    "Posts should not leave paper unless asked.",
    "The Department's point of contact for this issue is the office director.",
    "Host governments may raise questions about funding, which should be referred to the Department.",
    "Posts in capitals that have already responded need not repeat the approach.",
    "The issue will be discussed at the next ministerial meeting in {MONTH}.",
    "The Secretary has raised this issue with several of her counterparts.",
    "The Department thanks posts for their prompt action.",
    "A decision by the relevant governing body is expected by {DAY2}.",
    "Our goal is to secure the broadest possible support before the meeting.",
    "Posts should stress that this is a priority for the Administration.",
    "Further background is available on the Department's classified website.",
)
_HEADINGS = ("BACKGROUND", "DETAILS", "NEXT STEPS", "CONTEXT", "ANALYSIS", "THE VIEW FROM THE MINISTRY")
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")

# Classification: Cablegate label -> (banner word(s), ZN line, markings in order of weight).
_CLASSIFICATIONS = (
    # label, weight, banner variants, ZN line, paragraph markings
    ("UNCLASSIFIED", 0.30, ("UNCLAS",), "ZNR UUUUU ZZH", ("U", None)),
    ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", 0.23, ("UNCLAS",), "ZNR UUUUU ZZH", ("SBU", "U")),
    ("CONFIDENTIAL", 0.39, ("C O N F I D E N T I A L", "CONFIDENTIAL"), "ZNY CCCCC ZZH", ("C", "SBU", "U")),
    ("CONFIDENTIAL//NOFORN", 0.02, ("C O N F I D E N T I A L",), "ZNY CCCCC ZZH", ("C/NF", "C", "SBU")),
    ("SECRET", 0.045, ("S E C R E T", "SECRET"), "ZNY SSSSS ZZH", ("S", "C", "SBU")),
    ("SECRET//NOFORN", 0.017, ("S E C R E T",), "ZNY SSSSS ZZH", ("S/NF", "S", "C")),
)
_CLASS_INFO = {c[0]: c for c in _CLASSIFICATIONS}
_CLASS_LABELS = [c[0] for c in _CLASSIFICATIONS]
_CLASS_WEIGHTS = [c[1] for c in _CLASSIFICATIONS]

_PRECEDENCE = (("P", "PRIORITY", 0.41), ("R", "ROUTINE", 0.30), ("O", "IMMEDIATE", 0.283),
               ("O", "NIACT IMMEDIATE", 0.006), ("Z", "FLASH", 0.001))

# Years: Cablegate's shape (2010 holds January and February only).
_YEARS = ((1998, 0.003), (1999, 0.003), (2000, 0.004), (2001, 0.004), (2002, 0.006),
          (2003, 0.055), (2004, 0.075), (2005, 0.11), (2006, 0.16), (2007, 0.18),
          (2008, 0.19), (2009, 0.18), (2010, 0.03))

_WASHINGTON_INFO = (
    "RHEHNSC/NSC WASHDC", "RUEKJCS/SECDEF WASHDC", "RUEAIIA/CIA WASHDC",
    "RUEKJCS/JOINT STAFF WASHDC", "RUCPDOC/USDOC WASHDC", "RUEATRS/DEPT OF TREASURY WASHDC",
    "RHMFISS/CDR USCENTCOM MACDILL AFB FL", "RUEAWJA/DEPT OF JUSTICE WASHDC",
)
_REGION_INFO = {
    "EAP": ("RUEHZS/ASSOCIATION OF SOUTHEAST ASIAN NATIONS", "RUEHOO/CHINA POSTS COLLECTIVE",
            "RHHMUNA/CDR USPACOM HONOLULU HI"),
    "EUR": ("RUEHZL/EUROPEAN POLITICAL COLLECTIVE", "RUEHNO/USMISSION USNATO",
            "RUEHBS/USEU BRUSSELS"),
    "NEA": ("RUEHEE/ARAB LEAGUE COLLECTIVE", "RHMFISS/CDR USCENTCOM MACDILL AFB FL"),
    "SCA": ("RUEHZG/SOUTH AND CENTRAL ASIA COLLECTIVE", "RHMFISS/CDR USCENTCOM MACDILL AFB FL"),
    "WHA": ("RUEHWH/WESTERN HEMISPHERIC AFFAIRS DIPL POSTS", "RUMIAAA/USSOUTHCOM MIAMI FL"),
    "AF": ("RUEHZO/AFRICAN UNION COLLECTIVE", "RHMFISS/CDR USAFRICOM STUTTGART GE"),
    "IO": ("RUEHGV/USMISSION GENEVA", "RUEHUNV/USMISSION UNVIE VIENNA"),
    "WASH": (),
}
_STATE_BUREAUS = ("EAP", "EUR", "NEA", "SCA", "WHA", "AF", "IO", "ISN", "EEB", "DRL", "INL", "PM")


# --------------------------------------------------------------------------------------
# Tenures: who is chief of mission (and DCM, section chiefs) at each post, from the seed
# only, so a corpus of 500 and one of 250,000 with the same seed share their people.
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Person:
    name: str          # "Michael W. Ashford"
    surname: str       # "ASHFORD"


@dataclass(frozen=True)
class _Term:
    person: _Person
    start: date
    end: date
    role: str


class _Staff:
    """Per-post terms of the chief of mission, the DCM and the section chiefs."""

    def __init__(self, seed: int):
        rng = random.Random(f"staff:{seed}")
        pool = [p + s for p in _SUR_PREFIX for s in _SUR_SUFFIX]
        rng.shuffle(pool)
        self._pool = pool
        self._next = 0
        self.chiefs: dict[str, list[_Term]] = {}
        self.deputies: dict[str, list[_Term]] = {}
        self.sections: dict[str, dict[str, list[_Term]]] = {}
        self.bureau_heads: dict[str, list[_Term]] = {}
        start, stop = date(1995, 1, 1), date(2011, 12, 31)
        for code, st in STATIONS.items():
            roles = {
                "embassy": ("ambassador", "chargé d'affaires a.i."),
                "consulate": ("consul general", "acting consul general"),
                "mission": ("permanent representative", "acting permanent representative"),
                "department": ("secretary of state", "acting secretary of state"),
            }[st.kind]
            deps = self._contiguous(rng, start, stop, 24, 40, "deputy")
            self.deputies[code] = deps
            chiefs: list[_Term] = []
            t = start - timedelta(days=rng.randrange(0, 900))
            while t < stop:
                if st.kind == "department":
                    length = 48 * 30
                else:
                    length = rng.randrange(24 * 30, 42 * 30)
                person = self._person(rng)
                end = t + timedelta(days=length)
                chiefs.append(_Term(person, t, end, roles[0]))
                gap = 0 if st.kind == "department" or rng.random() < 0.3 else rng.randrange(30, 270)
                if gap:
                    g_end = end + timedelta(days=gap)
                    d = end
                    while d < g_end:       # the DCM(s) in office during the gap are chargé
                        dep = _term_at(deps, d)
                        seg_end = min(g_end, dep.end) if dep.end > d else g_end
                        chiefs.append(_Term(dep.person, d, seg_end, roles[1]))
                        d = seg_end
                    end = g_end
                t = end
            self.chiefs[code] = chiefs
            self.sections[code] = {
                k: self._contiguous(rng, start, stop, 24, 36, k)
                for k in ("political", "economic")
            }
        for b in _STATE_BUREAUS:
            self.bureau_heads[b] = self._contiguous(rng, start, stop, 24, 48, "assistant secretary")

    def _person(self, rng: random.Random) -> _Person:
        surname = self._pool[self._next]
        self._next += 1
        first = rng.choice(_US_FIRST)
        middle = f" {chr(65 + rng.randrange(26))}." if rng.random() < 0.75 else ""
        return _Person(f"{first}{middle} {surname}", surname.upper())

    def _contiguous(self, rng, start, stop, lo, hi, role) -> list[_Term]:
        out = []
        t = start - timedelta(days=rng.randrange(0, 700))
        while t < stop:
            end = t + timedelta(days=rng.randrange(lo * 30, hi * 30))
            out.append(_Term(self._person(rng), t, end, role))
            t = end
        return out

    def tenures(self) -> pd.DataFrame:
        rows = []
        for code, terms in self.chiefs.items():
            for term in terms:
                rows.append((STATIONS[code].origin, term.person.surname, term.start, term.end,
                             term.role, term.person.name))
        df = pd.DataFrame(rows, columns=["origin", "signer", "start", "end", "role", "name"])
        df["start"] = pd.to_datetime(df["start"])
        df["end"] = pd.to_datetime(df["end"])
        return df


def _term_at(terms: list[_Term], d: date) -> _Term:
    for term in terms:
        if term.start <= d < term.end:
            return term
    return terms[-1]


# --------------------------------------------------------------------------------------
# The plan: one record per cable with everything another cable or a writer needs.
# --------------------------------------------------------------------------------------
_EPOCH = datetime(1997, 1, 1)
_EPOCH_ORD = _EPOCH.toordinal()
_YEAR_START_MIN = [(date(y, 1, 1).toordinal() - _EPOCH_ORD) * 1440 for y in range(1997, 2013)]


def _year_of(t: int) -> int:
    """Calendar year of `t` minutes after 1997-01-01 00:00 UTC."""
    return 1996 + bisect_right(_YEAR_START_MIN, t)


class _Plan:
    __slots__ = ("i", "st", "t", "year", "serial", "cid", "cls", "form", "topic", "role",
                 "target", "addressees", "refs", "instr")

    def __init__(self, i, st, t):
        self.i = i
        self.st = st
        self.t = t                # minutes after 1997-01-01 00:00 UTC
        self.year = _year_of(t)
        self.serial = 0
        self.cid = ""
        self.cls = "UNCLASSIFIED"
        self.form = "vzczc"
        self.topic = "politics"
        self.role = None          # None, "instruction" (STATE demarche) or "response"
        self.target = None
        self.addressees = []      # station codes a STATE instruction goes to
        self.refs = []            # (station code, year, serial, notal)
        self.instr = None         # plan index of the instruction a response answers

    @property
    def when(self) -> datetime:
        return _EPOCH + timedelta(minutes=self.t)


def _cid(code: str, year: int, serial: int) -> str:
    return f"{year % 100:02d}{code}{serial}"


def _picker(rnd, items, weights):
    """A function drawing from `items` with `weights` (cumulative table, one bisect)."""
    cum, acc = [], 0.0
    for w in weights:
        acc += w
        cum.append(acc)
    items = list(items)
    last = len(items) - 1
    return lambda: items[min(last, bisect_right(cum, rnd() * acc))]


#: Posts that (re)opened inside the corpus period: no cables from them before that day.
_OPENED = {"BAGHDAD": date(2004, 6, 28).toordinal(), "KABUL": date(2002, 1, 17).toordinal()}


def _post_shares(seed: int, share: float) -> dict[str, float]:
    """Each post's release share: `share` times a factor in [0.5, 1.5) drawn per post (mean 1),
    capped at 1; from its own generator, so the plan's draws are the same with or without it.

    >>> s = _post_shares(1, 0.05); 0.025 <= s["HANOI"] < 0.075
    True
    """
    rng = random.Random(f"share:{seed}")
    return {code: min(1.0, share * (0.5 + rng.random())) for code in sorted(STATIONS)}


def _serial_span(code: str, year: int, held: int, shares: dict[str, float] | None) -> int:
    """How many cables post `code` sent in `year` (the serial range the `held` ones are drawn from).

    Without release shares: the post's annual volume (a fraction of it in 2010, which the corpus
    ends on 28 February), at least 1.3 x held + 10. With shares: held / share, rounded.
    """
    if shares is None:
        frac = 59 / 365 if year == 2010 else 1.0
        return max(int(STATIONS[code].annual * frac), int(held * 1.3) + 10)
    return max(held, round(held / shares[code]))


def _make_plan(n: int, seed: int, release_share: float | None = None) -> tuple[list[_Plan], dict]:
    """The corpus plan and the serial series it was drawn from: {(station, year): total sent}."""
    rng = random.Random(f"plan:{n}:{seed}")
    rnd = rng.random
    stations = list(STATIONS.values())
    pick_station = _picker(rnd, stations, [s.weight for s in stations])
    pick_year = _picker(rnd, [y for y, _ in _YEARS], [w for _, w in _YEARS])
    pick_class = _picker(rnd, _CLASS_LABELS, _CLASS_WEIGHTS)
    pick_topic = _picker(rnd, [t.key for t in _TOPICS], [t.weight for t in _TOPICS])
    year_info = {y: (date(y, 1, 1).toordinal(), 59 if y == 2010 else (366 if y % 4 == 0 else 365))
                 for y, _ in _YEARS}
    plans: list[_Plan] = []
    for i in range(n):
        st = pick_station()
        first, ndays = year_info[pick_year()]
        ordinal = first + int(rnd() * ndays)
        weekday = (ordinal - 1) % 7
        if weekday >= 5 and rnd() < 0.85:                       # few cables at weekends
            ordinal -= weekday - 4
        local_hour = min(23, max(0, int(13.5 + 6.4 * (rnd() + rnd() + rnd() - 1.5))))
        if st.code in _OPENED and ordinal < _OPENED[st.code]:
            ordinal = _OPENED[st.code] + int(rnd() * (date(2010, 2, 28).toordinal() - _OPENED[st.code]))
        t = (ordinal - _EPOCH_ORD) * 1440 + (local_hour - st.utc_offset) * 60 + int(rnd() * 60)
        plans.append(_Plan(i, st, t))
    plans.sort(key=lambda p: (p.t, p.st.code, p.i))
    # serial numbers: increasing with time within each station and year
    groups: dict[tuple[str, int], list[_Plan]] = {}
    for p in plans:
        groups.setdefault((p.st.code, p.year), []).append(p)
    shares = None if release_share is None else _post_shares(seed, release_share)
    totals: dict[tuple[str, int], int] = {}
    for (code, year), group in sorted(groups.items()):
        span = totals[code, year] = _serial_span(code, year, len(group), shares)
        for p, serial in zip(group, sorted(rng.sample(range(1, span + 1), len(group)))):
            p.serial = serial
            p.cid = _cid(code, year, serial)
    for idx, p in enumerate(plans):
        p.i = idx
        p.cls = pick_class()
        y = p.year
        r = rnd()
        if y >= 2005:
            p.form = "vzczc" if r < 0.88 else "plain" if r < 0.925 else "partial"
        elif y >= 2003:
            p.form = "partial" if r < 0.85 else "plain" if r < 0.97 else "vzczc"
        else:
            p.form = "partial" if r < 0.7 else "plain"
        if p.st.kind == "mission":
            p.topic = "unvote" if rnd() < 0.6 else ("nonprolif", "regional", "humanrights")[int(rnd() * 3)]
        else:
            p.topic = pick_topic()
    _link(plans, rng)
    return plans, totals


def _link(plans: list[_Plan], rng: random.Random) -> None:
    """Demarche campaigns (STATE instruction -> post responses) and REF chains."""
    rnd = rng.random
    window = 45 * 1440
    recent: deque[_Plan] = deque()                               # all recent instructions
    by_topic: dict[str, deque[_Plan]] = {k: deque() for k in _TOPIC_BY_KEY}
    by_station: dict[str, deque[_Plan]] = {code: deque(maxlen=40) for code in STATIONS}
    posts = [s.code for s in _POSTS]
    for p in plans:
        t = p.t
        while recent and t - recent[0].t > window:
            recent.popleft()
        st = p.st
        topic = _TOPIC_BY_KEY[p.topic]
        if st.code == "STATE":
            if topic.targets and rnd() < 0.6:
                p.role = "instruction"
                p.target = topic.targets[int(rnd() * len(topic.targets))]
                p.addressees = rng.sample(posts, 1 + int(rnd() * 3))
                recent.append(p)
                by_topic[p.topic].append(p)
        elif topic.targets and rnd() < 0.55:
            p.role = "response"
            same = by_topic[p.topic]
            while same and t - same[0].t > window:
                same.popleft()
            if same:
                pick = same[-1 - int(rnd() * min(3, len(same)))]
            else:
                pick = recent[-1] if recent and rnd() < 0.5 else None
            if pick is not None:
                p.topic, p.target, p.instr = pick.topic, pick.target, pick.i
                if st.code not in pick.addressees:
                    pick.addressees.append(st.code)
                p.refs.append(("STATE", pick.year, pick.serial, False))
            else:
                p.target = topic.targets[int(rnd() * len(topic.targets))]
                p.refs.append(("STATE", p.year, _external_serial(rnd, "STATE", p), False))
        # follow-ups to the post's own earlier cables, or other references
        if rnd() < 0.3:
            earlier = by_station[st.code]
            for _ in range(1 + int(rnd() * 3)):
                q = earlier[-1 - int(rnd() * len(earlier))] if earlier else None
                if q is not None and t - q.t < 550 * 1440 and rnd() < 0.7:   # recent cables only
                    ref = (q.st.code, q.year, q.serial, False)
                else:
                    code = st.code if rnd() < 0.6 else "STATE"
                    ref = (code, p.year, _external_serial(rnd, code, p), rnd() < 0.1)
                if all(r[:3] != ref[:3] for r in p.refs) and ref[:3] != (st.code, p.year, p.serial):
                    p.refs.append(ref)
        by_station[st.code].append(p)


def _external_serial(rnd, code: str, p: _Plan) -> int:
    """A plausible serial for a cable sent shortly before `p` (not necessarily in the corpus)."""
    if code == p.st.code:
        return 1 + int(rnd() * (p.serial - 1)) if p.serial > 1 else 1
    annual = STATIONS[code].annual
    day = (p.t - _YEAR_START_MIN[p.year - 1997]) // 1440
    return max(1, int(annual * day / 366) - 1 - int(rnd() * (annual // 60)))


# --------------------------------------------------------------------------------------
# Rendering one cable.
# --------------------------------------------------------------------------------------
_WRAP_CACHE: dict[int, re.Pattern] = {}


def _wrapper(width: int) -> re.Pattern:
    pat = _WRAP_CACHE.get(width)
    if pat is None:
        pat = _WRAP_CACHE[width] = re.compile(r"(.{1,%d})(?: +|$)" % width)
    return pat


def _norm(text: str) -> str:
    return " ".join(text.split())


def _dtg(t: datetime) -> str:
    return f"{t.day:02d}{t.hour:02d}{t.minute:02d}Z {_MONTHS[t.month - 1]} {t.year % 100:02d}"


def _host_name(rng: random.Random, culture: str) -> tuple[str, str]:
    """(full name, the name used on second mention)."""
    given, family, order = _CULTURES[culture]
    g, f = rng.choice(given), rng.choice(family)
    if order == "fmg":
        return f"{f} {rng.choice(_VI_MIDDLE)} {g}", g
    if order == "fg":
        return f"{f} {g}", f
    return f"{g} {f}", f


def _sentences(rnd, pools, k: int) -> list[str]:
    """`k` distinct sentence templates (slots still unfilled): about a third are facts, the
    rest "<source> <said> that <clause>." or "According to <source>, <clause>."."""
    facts, bank = pools
    nf, nb = len(facts), len(bank)
    out: list[str] = []
    for _ in range(4 * k):
        s = facts[int(rnd() * nf)] if rnd() < 0.35 else bank[int(rnd() * nb)]
        if s not in out:
            out.append(s)
            if len(out) == k:
                break
    return out


_BANKS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _pools(key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(facts, reported sentences) of a topic; the second holds every source x verb x clause
    combination, plus the "According to" forms, built once per topic."""
    got = _BANKS.get(key)
    if got is None and key == "STATE":
        got = _BANKS[key] = (_STATE_FACTS, _STATE_FACTS)
    if got is None:
        facts, clauses, whos = _POOLS[key]
        according = [f"According to {w[1]}, {c}." for w in whos for c in clauses]
        # "According to" forms make up about a fifth of the reported sentences
        bank = [f"{w[0]} {v} that {c}." for w in whos for v in _SAID for c in clauses]
        bank += according * max(1, len(bank) // (4 * len(according)))
        got = _BANKS[key] = (facts, tuple(bank))
    return got


@dataclass
class SyntheticCable:
    """One rendered cable: its file name, text (``header + "\\n" + body``), truth, stances."""

    filename: str
    header: str
    body: str
    truth: dict
    stances: list[dict]

    @property
    def text(self) -> str:
        return self.header + "\n" + self.body


class _Renderer:
    def __init__(self, corpus: "SyntheticCorpus"):
        self.c = corpus
        self.plans = corpus._plans
        self.staff = corpus._staff

    # -- people --------------------------------------------------------------------------
    def _officials(self, rng, st: Station):
        culture = st.culture
        t1, t2 = rng.sample(_HOST_TITLES, 2)
        n1, s1 = _host_name(rng, culture)
        n2, s2 = _host_name(rng, culture)
        return (f"{t1[0]} {n1}", f"{t1[1]} {s1}".strip(), t1[2]), (f"{t2[0]} {n2}", f"{t2[1]} {s2}".strip(), t2[2])

    def render(self, i: int) -> SyntheticCable:
        p = self.plans[i]
        st = p.st
        rng = random.Random(self.c.seed * 1_000_003 + i)
        when = p.when
        d = when.date()
        year = when.year
        cls_label = p.cls
        cls = _CLASS_INFO[cls_label]
        classified = cls_label.startswith(("CONFIDENTIAL", "SECRET"))
        partial = p.form == "partial"
        site_wrap = rng.random() < 0.55            # wrapped at 60-70 columns, else long lines
        width = rng.randrange(60, 70)
        trail = " " if rng.random() < 0.5 else ""  # trailing space at line ends
        blank = trail + "\n"
        pilcrow = "¶" if rng.random() < 0.92 else ""
        two = "  " if rng.random() < 0.5 else " "  # spaces between sentences

        # -- people in office ------------------------------------------------------------
        chief = _term_at(self.staff.chiefs[st.code], d)
        deputy = _term_at(self.staff.deputies[st.code], d)
        in_gap = chief.role.startswith(("chargé", "acting"))
        if st.code != "STATE" and not in_gap and rng.random() < 0.08:
            signer = deputy.person.surname          # the DCM signs while the chief is away
        else:
            signer = chief.person.surname

        # -- slots -----------------------------------------------------------------------
        host_st = st
        if st.code in ("STATE", "USUNNEWYORK"):
            host_st = rng.choice(_POSTS)
        topic = _TOPIC_BY_KEY[p.topic]
        (h1, hs1, ministry), (h2, hs2, _m2) = self._officials(rng, host_st)
        if st.kind == "mission":
            h1 = f"{host_st.adjective} PermRep {_host_name(rng, host_st.culture)[0]}"
            hs1 = h1.split()[-1]
        if st.kind == "embassy":
            us = "the Charge" if in_gap else rng.choice(("the Ambassador", "the Ambassador", "the DCM", "Poloff", "PolCouns", "Econoff"))
        elif st.kind == "consulate":
            us = rng.choice(("the Consul General", "Poloff", "Econoff", "the Pol/Econ Chief"))
        else:
            us = rng.choice(("the Ambassador", "USUN Poloff", "the Deputy Permanent Representative"))
        target = p.target or (rng.choice(topic.targets) if topic.targets else "the proposal")
        day_before = d - timedelta(days=rng.randrange(0, 4))
        later = d + timedelta(days=rng.randrange(5, 40))
        country = host_st.country
        gov = host_st.government
        S = {
            "CTRY": country, "UCTRY": country.upper(), "GOV": gov, "GOVC": gov[0].upper() + gov[1:],
            "ADJ": host_st.adjective, "US": us, "USC": us[0].upper() + us[1:],
            "HOST": h1, "HS": hs1, "HOST2": h2, "HS2": hs2, "TGT": target, "UTGT": target.upper(),
            "DAY": f"{_MONTH_NAMES[day_before.month - 1]} {day_before.day}",
            "DAY2": f"{_MONTH_NAMES[later.month - 1]} {later.day}",
            "MIN": ministry, "MINC": ministry[0].upper() + ministry[1:],
            "N1": str(rng.randrange(3, 900)), "N2": str(rng.randrange(2, 40)),
            "PCT": f"{rng.randrange(1, 30)}.{rng.randrange(10)}",
            "YEAR": str(year - rng.randrange(1, 8)), "MONTH": _MONTH_NAMES[rng.randrange(12)],
            "CAP": _CAPITALS.get(host_st.code, host_st.printed.title()), "P": "3", "W": str(rng.randrange(2, 7)),
        }

        # -- paragraphs (unwrapped text, marking) ----------------------------------------
        markings = cls[4]
        top = markings[0]
        mark_w = (0.7, 0.2, 0.1)[: len(markings)]
        paras: list[tuple[str, str | None]] = []   # (text, marking)
        stances: list[tuple[int, str, str, str, str]] = []   # (para index, actor, stance, evidence, target)
        summary = None
        stance = None
        fill = str.format_map
        pools = _pools("STATE" if st.code == "STATE" else topic.key)
        if p.role == "response":
            stance = rng.choices(("support", "oppose", "neutral"), (0.4, 0.35, 0.25))[0]
        # summary paragraph
        if rng.random() < 0.45:
            sents = []
            if p.role == "response":
                sents.append(fill(rng.choice(_DELIVERY), S))
                if rng.random() < 0.5:
                    a, templates = hs1, _SUMMARY_STANCE[stance]
                else:
                    a, templates = S["GOVC"], _SUMMARY_GOV_STANCE[stance]
                ev = fill(rng.choice(templates), {**S, "A": a})
                sents.append(ev)
                stances.append((0, a, stance, ev, target))
            elif p.role == "instruction":
                sents.append(fill(rng.choice(_INSTRUCT[1:2] + _INSTRUCT[4:]), S))
            sents.extend(fill(x, S) for x in _sentences(rng.random, pools, 1 + int(rng.random() * 2)))
            summary = " ".join(sents)
            style = rng.randrange(4)
            if style == 0:
                text = f"Summary: {two.join(sents)}{two}End Summary."
            elif style == 1:
                text = f"SUMMARY: {two.join(sents)}{two}END SUMMARY."
            elif style == 2:
                text = f"Summary. {two.join(sents)}{two}End summary."
            else:
                text = f"Summary and Comment: {two.join(sents)}{two}End Summary and Comment."
            paras.append((text, top))
        # FOUO handling note
        if cls_label == "UNCLASSIFIED//FOR OFFICIAL USE ONLY" and rng.random() < 0.25:
            paras.insert(0, ("This cable is sensitive but unclassified. Please protect accordingly.", "U"))
            if stances:
                stances = [(k + 1, *rest) for k, *rest in stances]
        if p.role == "instruction":
            S["P"] = str(len(paras) + 2)
            paras.append((two.join(fill(s, S) for s in rng.sample(_INSTRUCT, 3)), top))
            paras.append(("Begin points:\n" + "\n".join(fill(s, S) for s in _POINTS) + "\nEnd points.", top))
            paras.append((two.join(fill(x, S) for x in rng.sample(_STATE_FACTS, 2)), markings[-1]))
        elif p.role == "response":
            paras.append((two.join([fill(rng.choice(_DELIVERY), S)] + [fill(s, S) for s in rng.sample(_US_POINTS, 2)]), top))
            # the main response
            ev = fill(rng.choice(_STANCE[stance]), {**S, "A": h1})
            sents = [ev] + [fill(s, S) for s in rng.sample(_EXPLAIN, rng.randrange(1, 3))]
            stances.append((len(paras), h1, stance, ev, target))
            paras.append((two.join(sents), top))
            if rng.random() < 0.4:                 # a second official, sometimes a different view
                st2 = stance if rng.random() < 0.6 else rng.choice(("support", "oppose", "neutral"))
                ev2 = fill(rng.choice(_STANCE[st2]), {**S, "A": h2})
                stances.append((len(paras), h2, st2, ev2, target))
                paras.append((two.join([ev2, fill(rng.choice(_EXPLAIN), {**S, "HS": hs2})]), rng.choice(markings[:2])))
        # body paragraphs until the target length
        target_len = self.c._length(rng)
        length = sum(len(t) for t, _ in paras) + 1100
        rnd = rng.random
        nmark = len(markings)
        while length < target_len or len(paras) < 2:
            text = two.join(_sentences(rnd, pools, 3 + int(rnd() * 6)))
            if rnd() < 0.1:
                text += "\n-- " + "\n-- ".join(_sentences(rnd, pools, 2 + int(rnd() * 2)))
            text = fill(text, S)
            m = markings[0] if rnd() < mark_w[0] else markings[int(rnd() * nmark)]
            paras.append((text, m))
            length += len(text) + 12
        if p.role == "response" or (rng.random() < 0.2 and st.code != "STATE"):
            paras.append(("Comment: " + two.join(fill(s, S) for s in rng.sample(_COMMENT, 2)) + two + "End Comment.", top))

        # -- TAGS ------------------------------------------------------------------------
        tags = list(rng.sample(topic.tags, rng.randrange(1, min(4, len(topic.tags)) + 1)))
        for _ in range(rng.randrange(0, 3)):
            t = rng.choices(_ZIPF_TAGS, _ZIPF_WEIGHTS)[0]
            if t not in tags:
                tags.append(t)
        geos = []
        if st.fips and rng.random() < 0.97:
            geos.append(st.fips)
        elif not st.fips:
            geos.append(host_st.fips)
        if (p.topic == "regional" or rng.random() < 0.15) and host_st.neighbors:
            for g in rng.sample(host_st.neighbors, rng.randrange(1, min(3, len(host_st.neighbors)) + 1)):
                if g not in geos:
                    geos.append(g)
        if rng.random() < 0.75:
            tags = tags + geos
        else:
            tags = geos[:1] + tags + geos[1:]
        tag_style = rng.random()
        if tag_style < 0.80:
            tag_line = "TAGS: " + " ".join(tags)
        elif tag_style < 0.93:
            tag_line = "TAGS: " + ", ".join(tags)
        else:
            tag_line = "TAGS " + ", ".join(tags)

        # -- SUBJECT ---------------------------------------------------------------------
        if p.role == "response":
            subject = fill(rng.choice(_SUBJECT_STANCE[stance]), S)
        elif p.role == "instruction":
            subject = rng.choice(("DEMARCHE REQUEST: {UTGT}", "SEEKING SUPPORT FOR {UTGT}",
                                  "{UTGT}: INSTRUCTIONS FOR POSTS")).format_map(S)
        else:
            subject = fill(rng.choice(topic.headlines), S)
        if rng.random() < 0.08:
            subject = subject.title()
        subject = _norm(subject)
        subj_mark = f"({top}) " if rng.random() < 0.05 and top else ""
        subj_lines = _wrapper(width + 4).findall("SUBJECT: " + subj_mark + subject)

        # -- REF -------------------------------------------------------------------------
        ref_items = []
        for code, y, serial, notal in p.refs:
            printed = STATIONS[code].printed
            s = f"{printed} {serial}" if y == year else f"{y % 100:02d} {printed} {serial}"
            ref_items.append(s + (" (NOTAL)" if notal else ""))
        ref_lines: list[str] = []
        if len(ref_items) == 1:
            ref_lines = ["REF: " + ref_items[0]]
        elif ref_items:
            letters = "ABCDEFGH"
            style = rng.randrange(3)
            if style == 0:
                ref_lines = [f"REF: A. {ref_items[0]}"] + [
                    f"     {pilcrow}{letters[k]}. {r}" for k, r in enumerate(ref_items[1:], 1)]
            elif style == 1:
                ref_lines = ["REF: " + " ".join(f"{letters[k]}. {r}" for k, r in enumerate(ref_items))]
            else:
                ref_lines = ["REF: " + " ".join(f"({letters[k]}) {r}" for k, r in enumerate(ref_items))]

        # -- classification lines --------------------------------------------------------
        caveats: list[str] = []
        if year >= 2002 and rng.random() < 0.93:
            caveats.append("SIPDIS")
        if cls_label.endswith("FOR OFFICIAL USE ONLY"):
            caveats.insert(rng.randrange(len(caveats) + 1), "SENSITIVE")
        if cls_label.endswith("NOFORN"):
            caveats.insert(0, "NOFORN")
        if classified and rng.random() < 0.03:
            caveats.append(rng.choice(("EXDIS", "EXDIS", "NODIS")))
        declassify_on = classified_by = reasons = None
        if classified:
            years_on = rng.choices((10, 20, 25, 5), (0.7, 0.1, 0.1, 0.1))[0]
            decl = _add_years(d, years_on)
            declassify_on = decl.isoformat()
            dstyle = rng.random()
            if dstyle < 0.75:
                decl_text = f"DECL: {decl.month:02d}/{decl.day:02d}/{decl.year}"
            else:
                decl_text = f"DECL: {decl.year}/{decl.month:02d}/{decl.day:02d}"
            eo_line = ("E.O. 12958: " if rng.random() < 0.88 else "EO 12958 ") + decl_text
            classified_by, cby_line, reasons = self._classified_by(rng, st, d, chief, deputy, in_gap)
        else:
            eo_line = "E.O. 12958: N/A" if rng.random() < 0.95 else "EO 12958 N/A"

        ref_printed = f"{st.printed} {p.serial:06d}"
        nsec = 1
        body_len = sum(len(t) for t, _ in paras)
        if body_len > 5500 and rng.random() < 0.8:
            nsec = min(9, 1 + body_len // 5000)
        banner_word = cls[2][0] if rng.random() < 0.95 else cls[2][-1]
        section = f"SECTION 01 OF {nsec:02d} " if nsec > 1 else ""
        banner = f"{banner_word} {section}{ref_printed}"

        out: list[str] = [banner + trail, blank[:-1]]
        out.extend(c + trail for c in caveats)
        if rng.random() < 0.35:
            if caveats:
                out.append(blank[:-1])
            out.append(rng.choice((f"DEPT FOR {rng.choice(_STATE_BUREAUS)}/{rng.choice(('FO', 'P', 'ECON', 'RSP'))}",
                                   f"STATE FOR {rng.choice(_STATE_BUREAUS)}", "STATE PASS USTR",
                                   "DEPT PASS TO USAID")) + trail)
        if out[-1] != blank[:-1]:
            out.append(blank[:-1])
        out.append(eo_line + trail)
        out.append(tag_line + trail)
        out.extend(line + trail for line in subj_lines)
        out.append(blank[:-1])
        if ref_lines:
            out.extend(line + trail for line in ref_lines)
            out.append(blank[:-1])
        if classified:
            out.extend(line + trail for line in (_wrapper(width + 4).findall(cby_line) if site_wrap else [cby_line]))
            out.append(blank[:-1])

        # paragraphs
        wrap = _wrapper(width).findall
        breaks = set()
        if nsec > 1:
            per = max(1, len(paras) // nsec)
            breaks = {k * per for k in range(1, nsec) if k * per > 1}
        sec_no = 1
        numbering_no_space = rng.random() < 0.1
        for k, (text, mark) in enumerate(paras):
            if k in breaks and sec_no < nsec:
                sec_no += 1
                out.append(blank[:-1])
                out.append(f"{st.printed} {p.serial:08d}  {sec_no:03d} OF {nsec:03d}{trail}")
                out.append(blank[:-1])
                out.append(blank[:-1])
            num = f"{pilcrow}{k + 1}."
            lead = f"{num}{'' if numbering_no_space else ' '}({mark}) " if mark else f"{num} "
            if k > 0 and rng.random() < 0.08:
                h = rng.choice(_HEADINGS)
                out.append(h + trail)
                out.append("-" * len(h) + trail)
                out.append(blank[:-1])
            if site_wrap:
                eol = trail + "\n"
                for line in (lead + text).split("\n"):
                    out.append(eol.join(wrap(line)) + trail)
            else:
                out.append(lead + text + trail)
            out.append(blank[:-1])
        out.append(signer)
        body = "\n".join(out)
        # map the paragraph index of each stance to its printed number
        stance_rows = [
            {"cable_id": p.cid, "para": k + 1, "actor": actor, "actor_country": country,
             "target": tgt, "stance": label, "evidence": ev}
            for k, actor, label, ev, tgt in stances
        ]

        # -- header ----------------------------------------------------------------------
        prec_code, prec = self._precedence(rng)
        to, info, to_lines = self._recipients(rng, p, prec)
        dtg = _dtg(when)
        transmission_id = None
        if partial:
            header = PARTIAL_BANNER
            dtg_out = prec_out = fm = None
            to = info = []
        else:
            lines: list[str] = []
            if p.form == "vzczc":
                xro = rng.random() < 0.6
                transmission_id = f"VZCZC{'XRO' if xro else 'XYZ'}{rng.randrange(10000):04d}"
                lines.append(transmission_id)
                if xro:
                    relays = rng.sample(_RELAYS, rng.randrange(1, 6))
                    lines.append(f"{prec_code}{prec_code} " + " ".join(relays))
                else:
                    lines.append(f"{prec_code}{prec_code} RUEHWEB")
                    lines.append("")
                part = f"/{1:02d}" if nsec > 1 else ""
                lines.append(f"DE {st.routing} #{p.serial % 10000:04d}{part} "
                             f"{when.timetuple().tm_yday:03d}{when.hour:02d}{when.minute:02d}")
                lines.append(cls[3])
            lines.append(f"{prec_code} {dtg}")
            lines.append(f"FM {st.fm}")
            lines.extend(to_lines if p.form == "vzczc" else [re.sub(r"^(TO |INFO )?[A-Z]+/", r"\1", x) for x in to_lines])
            header = "\n".join(lines)
            dtg_out, prec_out, fm = dtg, prec, st.fm

        truth = {
            "cable_id": p.cid, "ref": ref_printed, "station": st.code, "origin": st.origin,
            "country": st.country, "date": when, "dtg": dtg_out, "precedence": prec_out,
            "transmission_id": transmission_id, "classification": cls_label, "caveats": caveats,
            "fm": fm, "to": to, "info": info, "tags": tags, "subject": subject,
            "references": [_cid(c, y, s) for c, y, s, _ in p.refs],
            "classified_by": classified_by, "reasons": reasons, "declassify_on": declassify_on,
            "summary": _norm(summary) if summary else None, "signer": signer, "is_partial": partial,
        }
        return SyntheticCable(p.cid + ".txt", header, body, truth, stance_rows)

    def _precedence(self, rng):
        r = rng.random()
        acc = 0.0
        for code, name, w in _PRECEDENCE:
            acc += w
            if r < acc:
                return code, name
        return "R", "ROUTINE"

    def _recipients(self, rng, p: _Plan, prec: str):
        st = p.st
        word = "" if prec == "ROUTINE" else " " + prec
        mcn = lambda: f" {rng.randrange(10000):04d}"  # noqa: E731
        to: list[str] = []
        info: list[str] = []
        to_lines: list[str] = []
        if st.code == "STATE":
            codes = p.addressees or rng.sample([s.code for s in _POSTS], rng.randrange(1, 4))
            for code in codes:
                s = STATIONS[code]
                to.append(s.fm)
                to_lines.append(f"{s.routing}/{s.fm}{word}{mcn()}")
            if rng.random() < 0.3:
                infos = [rng.choice(_WASHINGTON_INFO)]
            else:
                infos = []
        else:
            to.append("SECSTATE WASHDC")
            to_lines.append(f"RUEHC/SECSTATE WASHDC{word}{mcn()}")
            infos = []
            # sibling posts in the same country, then regional collectives, Washington
            for sib in _SIBLINGS[st.code]:
                if rng.random() < 0.7:
                    infos.append(sib)
            infos.extend(rng.sample(_REGION_INFO[st.region], rng.randrange(0, len(_REGION_INFO[st.region]) + 1)))
            if rng.random() < 0.3 and st.code != "USUNNEWYORK":
                infos.append("RUCNDT/USMISSION USUN NEW YORK")
            if rng.random() < 0.4:
                for x in rng.sample(_WASHINGTON_INFO, rng.randrange(1, 3)):
                    if x not in infos:
                        infos.append(x)
        info_lines = []
        for x in infos:
            info.append(x.split("/", 1)[1])
            info_lines.append(x + (word + mcn() if rng.random() < 0.5 else ""))
        lines = ["TO " + to_lines[0]] + to_lines[1:]
        if info_lines:
            lines += ["INFO " + info_lines[0]] + info_lines[1:]
        return to, info, lines

    def _classified_by(self, rng, st, d, chief, deputy, in_gap):
        letters = rng.choices((("b", "d"), ("d",), ("b",), ("c", "d"), ("a", "b", "d"), ("b", "c", "d")),
                              (0.7, 0.12, 0.05, 0.05, 0.04, 0.04))[0]
        if st.code == "STATE":
            bureau = rng.choice(_STATE_BUREAUS)
            person = _term_at(self.staff.bureau_heads[bureau], d).person
            title, long_title = f"{bureau} Assistant Secretary", "Assistant Secretary"
        else:
            r = rng.random()
            if r < 0.45:
                person = chief.person
                if in_gap:
                    title, long_title = rng.choice((("Charge d'Affaires", "Charge d'Affaires"), ("CDA", "Charge d'Affaires")))
                elif st.kind == "consulate":
                    title, long_title = "Consul General", "Consul General"
                else:
                    title, long_title = "Ambassador", "Ambassador"
            elif r < 0.7:
                person = deputy.person
                title = "Charge d'Affaires" if in_gap else rng.choice(("DCM", "Deputy Chief of Mission", "Acting DCM"))
                long_title = "Deputy Chief of Mission"
            else:
                kind = rng.choice(("political", "economic"))
                person = _term_at(self.staff.sections[st.code][kind], d).person
                title = rng.choice(("Political Counselor", "PolCouns")) if kind == "political" else rng.choice(
                    ("Economic Counselor", "EconCouns"))
                long_title = "Political Counselor" if kind == "political" else "Economic Counselor"
        name = person.name
        style = rng.randrange(6)
        if style == 0:
            reasons = "1.4 (" + ") and (".join(letters) + ")"
            line = f"Classified By: {title} {name} for reasons {reasons}."
        elif style == 1:
            reasons = f"1.4 ({'/'.join(letters)})"
            line = f"Classified By: {title} {name}, reasons {reasons}."
        elif style == 2:
            reasons = f"1.4 ({','.join(letters)})"
            line = f"Classified By: {title} {name}. Reason: {reasons}"
        elif style == 3:
            reasons = "1.4" + ", ".join(f"({x.upper()})" for x in letters)
            where = "Department of State" if st.code == "STATE" else st.origin.replace(
                "Embassy", "US Embassy").replace("Consulate", "US Consulate")
            line = f"CLASSIFIED BY: {name}, {long_title}, State, {where}; REASON: {reasons}"
        elif style == 4:
            name = name.upper()
            reasons = "1.4 (" + ") AND (".join(x.upper() for x in letters) + ")"
            line = f"Classified By: {title.upper()} {name}. REASONS: {reasons}."
        else:
            reasons = f"1.4 ({', '.join(letters)})"
            line = f"Classified By: {title} {name} for Reasons {reasons}"
        return name, line, reasons


_RELAYS = ("RUEHDBU", "RUEHFL", "RUEHKW", "RUEHLA", "RUEHNP", "RUEHROV", "RUEHSL", "RUEHSR",
           "RUEHCHI", "RUEHHM", "RUEHPB", "RUEHDE", "RUEHDIR", "RUEHTRO", "RUEHPOD", "RUEHAO")
_CAPITALS = {
    "HANOI": "Hanoi", "HOCHIMINHCITY": "Hanoi", "MOSCOW": "Moscow", "BEIJING": "Beijing",
    "SHANGHAI": "Beijing", "TOKYO": "Tokyo", "SEOUL": "Seoul", "NEWDELHI": "New Delhi",
    "MUMBAI": "New Delhi", "ISLAMABAD": "Islamabad", "KABUL": "Kabul", "BAGHDAD": "Baghdad",
    "ANKARA": "Ankara", "ISTANBUL": "Ankara", "CAIRO": "Cairo", "TELAVIV": "Jerusalem",
    "AMMAN": "Amman", "RIYADH": "Riyadh", "PARIS": "Paris", "LONDON": "London",
    "BERLIN": "Berlin", "ROME": "Rome", "MADRID": "Madrid", "BRUSSELS": "Brussels",
    "THEHAGUE": "The Hague", "TBILISI": "Tbilisi", "BRASILIA": "Brasilia", "SAOPAULO": "Brasilia",
    "BUENOSAIRES": "Buenos Aires", "MEXICO": "Mexico City", "BOGOTA": "Bogota",
    "CARACAS": "Caracas", "LIMA": "Lima", "PRETORIA": "Pretoria", "NAIROBI": "Nairobi",
    "ABUJA": "Abuja", "JAKARTA": "Jakarta", "BANGKOK": "Bangkok",
}


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:                       # February 29
        return d.replace(year=d.year + years, day=28)


# --------------------------------------------------------------------------------------
# The corpus object.
# --------------------------------------------------------------------------------------
class _Texts(Sequence):
    """Lazy sequence of (filename, text): renders each cable when asked."""

    def __init__(self, corpus: "SyntheticCorpus"):
        self._c = corpus

    def __len__(self) -> int:
        return len(self._c)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        cable = self._c.cable(i)
        return cable.filename, cable.text

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for cable in self._c.cables():
            yield cable.filename, cable.text


class SyntheticCorpus:
    """A generated corpus: lazily rendered texts plus ground truth.

    Attributes: ``texts`` (sequence of ``(filename, text)`` in date order), ``truth`` (one
    row per cable, :data:`TRUTH_COLUMNS`), ``stances`` (cable_id, para, actor, actor_country,
    target, stance, evidence), ``tenures`` (origin, signer, start, end, role, name).

    >>> c = generate_corpus(20, seed=3)
    >>> bool(c.truth.signer.isin(c.tenures.signer).mean() > 0.8)
    True
    """

    def __init__(self, n: int, seed: int, mean_chars: int = 6800, release_share: float | None = None):
        if n < 0:
            raise ValueError("n must be >= 0")
        if release_share is not None and not 0 < release_share <= 1:
            raise ValueError(f"release_share must be in (0, 1], not {release_share!r}")
        self.n, self.seed, self.mean_chars = int(n), int(seed), int(mean_chars)
        self.release_share = release_share
        self._staff = _Staff(self.seed)
        self._plans, self._totals = _make_plan(self.n, self.seed, release_share)
        self._renderer = _Renderer(self)
        self._truth: pd.DataFrame | None = None
        self._stances: pd.DataFrame | None = None
        # lognormal body length: mean of exp(mu + sigma^2/2) == mean_chars - header (~900)
        self._sigma = 0.65
        self._mu = math.log(max(600, self.mean_chars + 300)) - self._sigma ** 2 / 2

    def __len__(self) -> int:
        return self.n

    def __repr__(self) -> str:
        share = "" if self.release_share is None else f", release_share={self.release_share}"
        return f"SyntheticCorpus(n={self.n}, seed={self.seed}, mean_chars={self.mean_chars}{share})"

    def _length(self, rng: random.Random) -> int:
        return int(math.exp(rng.gauss(self._mu, self._sigma)))

    @property
    def texts(self) -> Sequence[tuple[str, str]]:
        return _Texts(self)

    @property
    def ids(self) -> list[str]:
        """Cable ids in corpus (date) order, without rendering."""
        return [p.cid for p in self._plans]

    def cable(self, i: int) -> SyntheticCable:
        """Render cable number `i` (0-based, date order)."""
        if not -self.n <= i < self.n:
            raise IndexError(i)
        return self._renderer.render(i % self.n if self.n else i)

    def cables(self) -> Iterator[SyntheticCable]:
        render = self._renderer.render
        for i in range(self.n):
            yield render(i)

    def _materialize(self) -> None:
        records, stances = [], []
        for cable in self.cables():
            records.append(cable.truth)
            stances.extend(cable.stances)
        self._truth = _truth_frame(records)
        self._stances = pd.DataFrame(stances, columns=["cable_id", "para", "actor", "actor_country",
                                                       "target", "stance", "evidence"])

    @property
    def truth(self) -> pd.DataFrame:
        if self._truth is None:
            self._materialize()
        return self._truth

    @property
    def stances(self) -> pd.DataFrame:
        if self._stances is None:
            self._materialize()
        return self._stances

    @property
    def tenures(self) -> pd.DataFrame:
        return self._staff.tenures()

    @property
    def serials(self) -> pd.DataFrame:
        """The full serial series the corpus was released from: station, year, total (cables
        the post sent that year, numbered 1..total), held (how many of them the corpus holds).

        >>> c = generate_corpus(200, seed=1, release_share=0.2)
        >>> s = c.serials; bool((s.total >= s.held).all()) and int(s.held.sum())
        200
        """
        held: dict[tuple[str, int], int] = {}
        for p in self._plans:
            held[p.st.code, p.year] = held.get((p.st.code, p.year), 0) + 1
        rows = [(code, year, total, held[code, year]) for (code, year), total in sorted(self._totals.items())]
        return pd.DataFrame(rows, columns=["station", "year", "total", "held"])

    def metadata(self, i: int) -> dict:
        """What a source states outside the text (cables.csv / JSON columns) for cable `i`."""
        p = self._plans[i]
        return {"cable_id": p.cid, "date": p.when, "origin": p.st.origin,
                "classification": p.cls, "references": [_cid(c, y, s) for c, y, s, _ in p.refs]}


def _truth_frame(records: list[dict]) -> pd.DataFrame:
    """Truth records -> a frame with the cable DataFrame's dtypes (cabletools.schema)."""
    from cabletools.schema import records_to_table, table_to_frame

    df = table_to_frame(records_to_table(records))
    return df[list(TRUTH_COLUMNS)]


def generate_corpus(n: int, seed: int = 0, *, mean_chars: int = 6800,
                    release_share: float | None = None) -> SyntheticCorpus:
    """Plan `n` synthetic cables for `seed`; texts are rendered lazily.

    `mean_chars` sets the average text length (Cablegate: about 6,800 characters).
    `release_share` (e.g. 0.05) makes the `n` cables a leak of that share of all cables sent:
    each post-year's cables are a uniform random draw from serials 1..total with total = held /
    share, the share varying per post by a factor 0.5-1.5 (:attr:`SyntheticCorpus.serials` holds
    the totals; :func:`write_truth` writes them to ``serials.tsv``). Without it (the default),
    output is what it always was.

    >>> c = generate_corpus(5, seed=7)
    >>> c.texts[0] == generate_corpus(5, seed=7).texts[0]
    True
    """
    return SyntheticCorpus(n, seed, mean_chars, release_share)


# --------------------------------------------------------------------------------------
# Writers.
# --------------------------------------------------------------------------------------
def _txt_chunk(corpus: SyntheticCorpus, out: Path, start: int, stop: int) -> str:
    render = corpus._renderer.render
    for i in range(start, stop):
        cable = render(i)
        with open(out / cable.filename, "w", encoding="utf-8", newline="\n") as f:
            f.write(cable.text)
    return ""


def _csv_field(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'") + '"'


def _csv_chunk(corpus: SyntheticCorpus, start: int, stop: int) -> str:
    render, rows = corpus._renderer.render, []
    for i in range(start, stop):
        cable = render(i)
        meta = corpus.metadata(i)
        t = meta["date"]
        header = cable.header + ("\n\n" if cable.truth["is_partial"] else "")
        content = cable.body.replace("¶", "") + "\n"
        rows.append(",".join((
            _csv_field(str(i + 1)),
            _csv_field(f"{t.month}/{t.day}/{t.year} {t.hour}:{t.minute:02d}"),
            _csv_field(meta["cable_id"]), _csv_field(meta["origin"]),
            _csv_field(meta["classification"]), _csv_field("|".join(meta["references"])),
            _csv_field(header), _csv_field(content),
        )) + "\n")
    return "".join(rows)


def _jsonl_chunk(corpus: SyntheticCorpus, start: int, stop: int) -> str:
    render, rows = corpus._renderer.render, []
    for i in range(start, stop):
        cable = render(i)
        meta = corpus.metadata(i)
        t = meta["date"]
        rows.append(json.dumps({
            "_id": meta["cable_id"], "reference_id": meta["cable_id"], "origin": meta["origin"],
            "date_time": f"{t.month}/{t.day}/{t.year} {t.hour}:{t.minute:02d}",
            "classification": meta["classification"], "header": cable.header, "body": cable.body,
        }, ensure_ascii=False) + "\n")
    return "".join(rows)


_WORKER_JOB = None     # (function, args) inherited by forked workers


def _run_chunk(bounds: tuple[int, int]) -> str:
    fn, args = _WORKER_JOB
    return fn(*args, *bounds)


def _chunks(corpus: SyntheticCorpus, fn, args: tuple, workers: int | None) -> Iterator[str]:
    """The outputs of ``fn(*args, start, stop)`` over the corpus in order, rendered by
    `workers` forked processes (1 or None: in this process). Same bytes either way."""
    size = max(1, min(1000, -(-len(corpus) // (4 * max(1, workers or 1)))))
    bounds = [(k, min(k + size, len(corpus))) for k in range(0, len(corpus), size)]
    import multiprocessing as mp

    if not workers or workers <= 1 or len(bounds) < 2 or "fork" not in mp.get_all_start_methods():
        for b in bounds:
            yield fn(*args, *b)
        return
    global _WORKER_JOB
    _WORKER_JOB = (fn, args)
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(_run_chunk, bounds)
    finally:
        _WORKER_JOB = None


def write_txt_folder(corpus: SyntheticCorpus, out_dir: str | Path, *, workers: int | None = None) -> Path:
    """One ``<ID>.txt`` per cable (cablegate-site text: header box, newline, body box).

    `workers` > 1 renders in that many forked processes (same files).

    >>> import tempfile; d = tempfile.mkdtemp()
    >>> sorted(p.name for p in write_txt_folder(generate_corpus(2, 1), d).iterdir())[0].endswith(".txt")
    True
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for _ in _chunks(corpus, _txt_chunk, (corpus, out), workers):
        pass
    return out


def write_cables_csv(corpus: SyntheticCorpus, path: str | Path, *, workers: int | None = None) -> Path:
    """WikiLeaks' ``cables.csv`` dialect: 8 quoted fields, backslash escapes, no ``¶``.

    Columns: row, "M/D/YYYY H:MM", REFID, Origin, CLASSIFICATION, refs (``|``-joined), header,
    content. Read it back with ``csv.reader(f, escapechar='\\\\', doublequote=False)``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for chunk in _chunks(corpus, _csv_chunk, (corpus,), workers):
            f.write(chunk)
    return path


def write_jsonl(corpus: SyntheticCorpus, path: str | Path, *, workers: int | None = None) -> Path:
    """JSON lines in cablegatesearch's field names (``_id``, ``origin``, ``date_time``,
    ``classification``, ``header``, ``body``), newlines kept."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for chunk in _chunks(corpus, _jsonl_chunk, (corpus,), workers):
            f.write(chunk)
    return path


def write_truth(corpus: SyntheticCorpus, out_dir: str | Path) -> Path:
    """``truth.tsv`` (list fields ``|``-joined), ``stances.tsv`` and ``tenures.tsv`` in `out_dir`,
    and ``serials.tsv`` (station, year, total, held) for a corpus made with a `release_share`.

    Tab-separated on purpose: a folder read with ``read_cables`` takes every ``.csv`` for a
    WikiLeaks ``cables.csv``, and these files must not be mistaken for cables.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    truth = corpus.truth.copy()
    for col in _TRUTH_LISTS:
        truth[col] = truth[col].map("|".join)
    truth["date"] = truth["date"].dt.strftime("%Y-%m-%d %H:%M")
    truth.to_csv(out / "truth.tsv", sep="\t", index=False, lineterminator="\n")
    corpus.stances.to_csv(out / "stances.tsv", sep="\t", index=False, lineterminator="\n")
    ten = corpus.tenures
    ten["start"] = ten["start"].dt.strftime("%Y-%m-%d")
    ten["end"] = ten["end"].dt.strftime("%Y-%m-%d")
    ten.to_csv(out / "tenures.tsv", sep="\t", index=False, lineterminator="\n")
    if corpus.release_share is not None:
        corpus.serials.to_csv(out / "serials.tsv", sep="\t", index=False, lineterminator="\n")
    return out


def read_truth(path: str | Path) -> pd.DataFrame:
    """Read a ``truth.tsv`` written by :func:`write_truth` back into the truth frame's types.

    >>> import tempfile; d = tempfile.mkdtemp(); c = generate_corpus(5, 2)
    >>> read_truth(write_truth(c, d) / "truth.tsv").equals(c.truth)
    True
    """
    df = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    records = []
    for row in df.to_dict("records"):
        for col in _TRUTH_LISTS:
            row[col] = row[col].split("|") if row[col] else []
        for col in TRUTH_COLUMNS:
            if col not in _TRUTH_LISTS and row[col] == "":
                row[col] = None
        row["date"] = datetime.strptime(row["date"], "%Y-%m-%d %H:%M")
        row["is_partial"] = row["is_partial"] == "True"
        records.append(row)
    return _truth_frame(records)


#: How data/sample/ was made (see data/sample/README.md).
SAMPLE = {"n": 2000, "seed": 2008, "mean_chars": 3000}
SAMPLE_COMMAND = (
    f"python -m cabletools synth --n {SAMPLE['n']} --seed {SAMPLE['seed']} "
    f"--mean-chars {SAMPLE['mean_chars']} --truth data/sample/truth --overwrite data/sample/cables"
)


# --------------------------------------------------------------------------------------
# Command line: cabletools synth --n N --seed S [--format txt|csv|jsonl] OUT
# --------------------------------------------------------------------------------------
def synth_main(argv: list[str] | None = None) -> int:
    """``cabletools synth``: write a synthetic corpus (and, with ``--truth``, its ground truth)."""
    ap = argparse.ArgumentParser(prog="cabletools synth", description=(
        "Write N synthetic cables (reproducible for a given --n/--seed/--mean-chars)."))
    ap.add_argument("--n", type=int, required=True, help="number of cables")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--format", choices=("txt", "csv", "jsonl"), default="txt",
                    help="txt: a folder of <ID>.txt; csv: WikiLeaks cables.csv; jsonl: JSON lines")
    ap.add_argument("--mean-chars", type=int, default=6800, help="average cable length (default 6800)")
    ap.add_argument("--workers", type=int, default=1,
                    help="render in this many processes (same bytes; default 1)")
    ap.add_argument("--share", type=float, metavar="S",
                    help="release the N cables as this share (0-1] of the posts' full serial series; "
                         "--truth then also gets serials.tsv with the true totals")
    ap.add_argument("--truth", metavar="DIR", help="also write truth.tsv, stances.tsv, tenures.tsv here")
    ap.add_argument("--overwrite", action="store_true",
                    help="txt: delete the .txt files already in OUT first (else OUT must hold none)")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("out", help="output folder (txt) or file (csv, jsonl)")
    args = ap.parse_args(argv)
    out_path = Path(args.out)
    if args.format == "txt" and out_path.is_dir():
        old = sorted(out_path.glob("*.txt"))
        if old and not args.overwrite:
            ap.error(f"{out_path} already holds {len(old)} .txt files; use --overwrite to replace them")
        for f in old:
            f.unlink()
    t0 = time.perf_counter()
    if args.share is not None and not 0 < args.share <= 1:
        ap.error(f"--share must be in (0, 1], not {args.share}")
    corpus = generate_corpus(args.n, args.seed, mean_chars=args.mean_chars, release_share=args.share)
    writer = {"txt": write_txt_folder, "csv": write_cables_csv, "jsonl": write_jsonl}[args.format]
    out = writer(corpus, args.out, workers=args.workers)
    if args.truth:
        write_truth(corpus, args.truth)
    if not args.quiet:
        dt = time.perf_counter() - t0
        print(f"wrote {args.n} cables to {out} in {dt:.1f} s ({args.n / max(dt, 1e-9):,.0f} cables/s)",
              file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(synth_main())
