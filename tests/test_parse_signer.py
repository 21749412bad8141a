"""parse/body.py parse_signer: the signature at the end of a cable's body."""
from __future__ import annotations

import pytest

from cabletools.parse.body import parse_signer

# (case, body) -> signer; each shape comes from the real cable named in the case
SIGNER_CASES = [
    ("plain name", "2. (C) More.\n\nMurphy\n\nNNNN\n", "Murphy"),
    ("name ending the last paragraph", "21.  BEIRUT MINIMIZE CONSIDERED.  EAGLETON", "EAGLETON"),
    ("07PARIS3740 second header after the signature",
     "3. Text.\n\nPEKALA\n\nVZCZCXRO2290\nRR RUEHAG\nDE RUEHFR #3740 2530513\nFM AMEMBASSY PARIS\n"
     "INFO RUCNMEM/EU MEMBER STATES\nRUCNMGH/MAGHREB COLLECTIVE\n", "PEKALA"),
    ("92LIMA47 note by the communications center",
     "MAY BE DESTROYED AT POST.  QUAINTON\n\n\nNOTE BY DO/CC:  (##) POSSIBLE OMISSION IN PARA. 1, LINE 4.\n"
     "                CORRECTION TO FOLLOW.\n\n                       UNCLASSIFIED\n\nNNNN\n", "QUAINTON"),
    ("06MANAGUA1002 cut-off caption under the signature",
     "June 24, 1984.\nTRIVELLI\n\nDANIEL ORTEGA AN...\n", "TRIVELLI"),
    ("05CARACAS90 cut-off word under the signature", "poor.\n\nBrownfield\nHAVEZ...\n", "Brownfield"),
    ("06BOGOTA5297 scrape footer with Classified By",
     "office.\n\nDRUCKER\n\n=======================CABLE ENDS============================\n\n"
     "Classified By: CDA Milton K. Drucker\nRea...\n", "DRUCKER"),
    ("09LONDON2557 the name itself cut", "Visit London's Classified Website: XXXXXXXXXXXX\nSusman...\n", "Susman"),
    ("09BRASILIA1412 name typed twice", "END COMMENT.\n\nKUBISKE KUBISKE\n", "KUBISKE"),
    ("09STATE127892 quoted cable's signature first", "threats.\"\nCLINTON UNQUOTE CLINTON\n", "CLINTON"),
    ("09TOKYO1598 POST is not a name", "will consider Japanese participation. POST", None),
    ("00KINSHASA8484 a closing sentence", "PROCHAINE.\nJE VOUS REMERCIE.\n", None),
    ("04YEREVAN212 a sentence's last line", "the Armenian-Turkish\nWomen's Roundtable.\n", None),
    ("04BRUSSELS2496 a quoted letter's signature", "Yours sincerely,\n\n     /S/\nGunter Verheugen\n", None),
    ("04KINSHASA1263 a diplomatic note's signature", "support.\n\nComplimentary close.\n\nAntoine Ghonda\n", None),
    ("09PARIS1426 a scenesetter's closing is the cable's own", "Paris.\n\nBest regards,\n\nRIVKIN\n", "RIVKIN"),
    ("88BAGHDAD4587 a note in mid-text leaves the signature",
     "11. Text.\nNOTE BY OC/T: (##) OMISSION IN TEXT CORRECTION TO FOLLOW\n12. More text.\n\nGLASPIE\n", "GLASPIE"),
    ("a note with a hyphen in its office", "DESTROYED AT POST.  QUAINTON\nNOTE BY S/S-O: CORRECTION TO FOLLOW.\n",
     "QUAINTON"),
    ("a heading above a cut-off paragraph is not a signer",
     "2. Text.\n\nNEXT STEPS\n\nThe Ambassador will meet the minister on Monday and rai...", None),
    ("UNQUOTE before words is not a signature", "2. Text.\nUNQUOTE SAID THE MINISTER\n", None),
    ("NOID__ebb1d4ea a flattened paragraph ending NAME UNQUOTE NAME",
     "10.  (U) A/S Dewey has cleared this cable. MULFORD UNQUOTE MULFORD ", "MULFORD"),
    ("words after UNQUOTE ending a paragraph", "2. The minister said UNQUOTE TODAY\n", None),
    ("UNQUOTE then a name with a period", "2. Text.\nUNQUOTE RICE.\n", "RICE"),
    ("a quoted signature that upper() lengthens", "2. Text.\n\nStraße UNQUOTE SMITH\n", "SMITH"),
    ("a name typed twice, with a period", "END COMMENT.\n\nKUBISKE KUBISKE.\n", "KUBISKE"),
    ("a two-word name with a period", "END COMMENT.\n\nVAN VOORST.\n", "VAN VOORST"),
    ("a two-word name with a period under a heading", "END COMMENT\n\nJOHN SMITH.\n", "JOHN SMITH"),
    ("a long capitalised line is not a name", "2. Text.\n\n" + "ABCDEFGHIJ" * 160 + "\n", None),
    ("09MANAMA597 one flattened line beginning Classified By",
     "Classified By: CDA Christopher Henzel for reasons 1.4 (b) and (d). (C) A/DCM delivered reftel demarche "
     "to MFA desk officers on October 8. Neither had any substantive comment. HENZEL\n ...", "HENZEL"),
]


@pytest.mark.parametrize("body,expected", [(b, e) for _, b, e in SIGNER_CASES], ids=[c for c, _, _ in SIGNER_CASES])
def test_parse_signer(body, expected):
    assert parse_signer(body) == expected


def test_many_cut_off_lines_do_not_blow_up():
    assert parse_signer("Text.\n\nSMITH\n" + "cut off line...\n" * 200) is None  # 40 lines are read
    assert parse_signer("Text.\n\nSMITH\n" + "cut...\n" * 30) == "SMITH"
