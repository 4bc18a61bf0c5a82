"""Facilitators, importers and the SAM exclusion list, with re-established firms and
innocent look-alikes planted among the importers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tradeguard.synth import names as nm
from tradeguard.synth.config import CARGO_PORTS, Frame, Sizes, date_of, days
from tradeguard.synth.ids import Registry

NONRESIDENT_COUNTRIES = (
    "CN",
    "CN",
    "CN",
    "HK",
    "HK",
    "VN",
    "CA",
    "MX",
    "IN",
    "TW",
    "KR",
    "DE",
    "TR",
    "MY",
    "AE",
)
EXPRESS_OPERATORS = (
    "SKYLINK EXPRESS",
    "TRANSPAC COURIER",
    "ORBITAL PARCEL NETWORK",
    "BLUEJET EXPRESS",
    "MERIDIAN AIR EXPRESS",
    "QUICKSTAR COURIER",
    "NORTHWIND EXPRESS",
    "VELOCITY CONSIGNMENTS",
)
PLATFORMS = (
    "BAZAARLY",
    "SHOPSTREAM",
    "DEALHIVE",
    "CARTWAVE",
    "MARKETNEST",
    "TRENDLOOP",
    "BUYORBIT",
    "PARCELMART",
    "GLOBUYS",
    "FLASHCRATE",
    "WISHDEPOT",
    "TEMPOSHOP",
)


@dataclass
class Importer:
    """One importer row plus the hidden facts the truth files record."""

    ior_number: str
    name: str
    company_type: str
    resident: bool
    country: str
    street: str
    city: str
    state: str
    postal_code: str
    phone: str
    email: str
    officers: list[str]
    created_on: dt.date
    broker_filer_code: str
    ctpat_tier: int = 0
    dba: str = ""
    weight: float = 1.0
    role: str = "ORDINARY"  # ORDINARY, EXCLUDED_ORIGINAL, REESTABLISHED, LOOKALIKE
    adcvd: bool = False
    vanisher: bool = False
    is_new: bool = False

    def row(self) -> dict[str, Any]:
        return {
            "ior_number": self.ior_number,
            "name": self.name,
            "dba": self.dba or None,
            "company_type": self.company_type,
            "ctpat_tier": self.ctpat_tier,
            "resident": self.resident,
            "country": self.country,
            "street": self.street,
            "city": self.city,
            "state": self.state or None,
            "postal_code": self.postal_code,
            "phone": self.phone,
            "email": self.email,
            "officers": ";".join(self.officers),
            "created_on": self.created_on,
            "broker_filer_code": self.broker_filer_code,
        }


@dataclass
class SamPerson:
    """One SAM record (one SAM Number); ``rows`` says how many times it is written."""

    sam_number: str
    classification: str
    name: str  # firm name, or blank for individuals
    first: str
    middle: str
    last: str
    street: str
    city: str
    state: str
    country3: str
    zip_code: str
    uei: str
    agency: str
    exclusion_type: str
    comments: str
    active: dt.date
    termination: dt.date | None
    program: str = "Reciprocal"
    cross_refs: list[str] = field(default_factory=list)
    cage: str = ""
    npi: str = ""
    prefix: str = ""
    suffix: str = ""
    rows: int = 1
    ct_code: str = ""
    extra_agency: str = ""  # a second row under another agency

    @property
    def display(self) -> str:
        return self.name or nm.full_name(self.first, self.middle, self.last)


@dataclass
class Parties:
    facilitators: list[dict[str, Any]]
    brokers: list[str]  # filer codes
    operators: list[str]
    platforms: list[str]
    importers: list[Importer]
    sam: list[SamPerson]
    links: list[dict[str, Any]]  # truth: exclusion <-> importer


_ISO3 = {
    "US": "USA",
    "CN": "CHN",
    "HK": "HKG",
    "MX": "MEX",
    "CA": "CAN",
    "VN": "VNM",
    "IN": "IND",
    "TW": "TWN",
    "KR": "KOR",
    "DE": "DEU",
    "TR": "TUR",
    "MY": "MYS",
    "AE": "ARE",
    "TH": "THA",
    "GB": "GBR",
    "LT": "LTU",
}

_OTHER_AGENCIES = (
    ("HHS", 40),
    ("OPM", 8),
    ("GSA", 7),
    ("DOL", 5),
    ("NAVY", 6),
    ("ARMY", 5),
    ("AF", 4),
    ("EPA", 3),
    ("HUD", 5),
    ("DOS", 2),
    ("TREAS-OFAC", 6),
    ("PS", 2),
    ("SBA", 2),
    ("", 3),
)
_HHS_COMMENT = (
    "Excluded by the Department of Health and Human Services from participation in all "
    "Federal health care programs pursuant to 42 U.S.C. 1320a-7 or other sections of the Social "
    "Security Act."
)
_CBP_CAUSES = (
    "Suspended by CBP: failure to pay antidumping duty bills owed to CBP (19 CFR 24.3a); "
    "proceedings pending.",
    "Debarred by CBP following conviction for entry of goods by false statement "
    "(18 U.S.C. 542) to evade antidumping duties.",
    "Debarred by CBP: evasion of antidumping and countervailing duties by transshipment "
    "(19 U.S.C. 1517 determination).",
    "Suspended by CBP pending proceedings: importation of merchandise bearing counterfeit "
    "trademarks.",
    "Debarred by CBP: failure to pay a substantial debt owed to CBP (penalties under "
    "19 U.S.C. 1592).",
    "Debarred by CBP: false country-of-origin declarations on entries of honey.",
)


def build_parties(sizes: Sizes, frame: Frame, rng: np.random.Generator) -> Parties:
    reg = Registry(rng)
    facilitators, brokers = _facilitators(sizes, reg, rng)
    operators = [f["facilitator_id"] for f in facilitators if f["kind"] == "EXPRESS_OPERATOR"]
    platforms = [f["facilitator_id"] for f in facilitators if f["kind"] == "PLATFORM"]
    broker_w = np.arange(1, len(brokers) + 1, dtype=float) ** -1.0
    broker_w /= broker_w.sum()

    def broker() -> str:
        return brokers[int(rng.choice(len(brokers), p=broker_w))]

    importers = [_ordinary(reg, frame, rng, broker) for _ in range(sizes.importers)]
    sam, cases = _sam(sizes, frame, reg, rng)
    links: list[dict[str, Any]] = []
    cbp_cases = [c for c in cases if c[0].agency == "DHS-CBP"]
    _plant(cbp_cases, sizes, frame, reg, rng, broker, importers, links)
    _lookalikes(sam, sizes, frame, reg, rng, broker, importers, links)
    _assign_weights(importers, rng)
    return Parties(facilitators, brokers, operators, platforms, importers, sam, links)


def _facilitators(
    sizes: Sizes, reg: Registry, rng: np.random.Generator
) -> tuple[list[dict[str, Any]], list[str]]:
    rows: list[dict[str, Any]] = []
    brokers: list[str] = []
    for i in range(sizes.brokers):
        code = reg.filer_code()
        brokers.append(code)
        name = str(nm.firm(rng)).replace("TRADING", "CUSTOMS BROKERS")
        status = "ACTIVE" if rng.random() > 0.04 else "SUSPENDED"
        rows.append(
            {
                "facilitator_id": f"BRK-{i + 1:04d}",
                "kind": "BROKER",
                "name": name,
                "broker_license": f"{int(rng.integers(10000, 99999))}",
                "filer_code": code,
                "country": "US",
                "ctpat_tier": int(rng.random() < 0.3),
                "status": status,
            }
        )
    for i, name in enumerate(EXPRESS_OPERATORS):
        rows.append(
            {
                "facilitator_id": f"ECO-{i + 1:02d}",
                "kind": "EXPRESS_OPERATOR",
                "name": name + " INC",
                "broker_license": None,
                "filer_code": reg.filer_code(),
                "country": "US",
                "ctpat_tier": int(rng.integers(1, 4)),
                "status": "ACTIVE",
            }
        )
    for i in range(4):
        rows.append(
            {
                "facilitator_id": f"CAR-{i + 1:02d}",
                "kind": "CARRIER",
                "name": f"{nm.pick(rng, nm.WORDS)} AIR CARGO INC",
                "broker_license": None,
                "filer_code": None,
                "country": "US",
                "ctpat_tier": 1,
                "status": "ACTIVE",
            }
        )
    for i, port in enumerate(("4196", "2095", "4197")):
        rows.append(
            {
                "facilitator_id": f"HUB-{port}",
                "kind": "HUB",
                "name": f"EXPRESS HUB FACILITY {port}",
                "broker_license": None,
                "filer_code": None,
                "country": "US",
                "ctpat_tier": None,
                "status": "ACTIVE" if i else "APPROVED",
            }
        )
    for i, name in enumerate(PLATFORMS):
        rows.append(
            {
                "facilitator_id": f"PLT-{i + 1:02d}",
                "kind": "PLATFORM",
                "name": name + " MARKETPLACE",
                "broker_license": None,
                "filer_code": None,
                "country": nm.pick(rng, ("US", "US", "CN", "SG", "IE")),
                "ctpat_tier": None,
                "status": "ACTIVE",
            }
        )
    return rows, brokers


def _new_address(
    rng: np.random.Generator, resident: bool, country: str
) -> tuple[str, str, str, str, str]:
    if resident:
        return nm.us_address(rng)
    street, city, postal, phone = nm.foreign_address(rng, country)
    return street, city, "", postal, phone


def _ordinary(reg: Registry, frame: Frame, rng: np.random.Generator, broker: Any) -> Importer:
    resident = rng.random() > 0.12
    country = "US" if resident else nm.pick(rng, NONRESIDENT_COUNTRIES)
    is_new = rng.random() < 0.15
    lo = days(frame.history_start)
    if is_new:
        created = date_of(rng.integers(lo, days(frame.end) - 90))
    else:
        created = date_of(rng.integers(days(dt.date(1995, 1, 1)), lo - 30))
    street, city, state, postal, phone = _new_address(rng, resident, country)
    individual = resident and rng.random() < 0.07
    if individual:
        first, middle, last = nm.person(rng)
        name = nm.full_name(first, middle, last)
        ior = reg.ssn()
        ctype = nm.pick(rng, ("SOLE_PROPRIETORSHIP", "INDIVIDUAL"))
        officers = [nm.full_name(first, "", last)]
        email = nm.email_for(first + last, nm.pick(rng, nm.EMAIL_DOMAINS))
        dba = str(nm.firm(rng)) if rng.random() < 0.5 else ""
    else:
        firm = nm.firm(rng, chinese=country == "CN" and rng.random() < 0.7)
        name = str(firm)
        ior = reg.ein_ior() if resident else reg.cbp_number(created.year, nm.pick(rng, CARGO_PORTS))
        ctype = {"LLC": "LLC", "LP": "PARTNERSHIP"}.get(firm.form, "CORPORATION")
        officers = [nm.officer(rng) for _ in range(int(rng.integers(1, 4)))]
        domain = nm.company_domain(firm) if rng.random() < 0.7 else nm.pick(rng, nm.EMAIL_DOMAINS)
        email = nm.email_for(nm.pick(rng, ("info", "import", "sales", "ops")), domain)
        dba = str(nm.firm(rng)) if rng.random() < 0.05 else ""
    tier = 0
    if resident and not is_new:
        u = rng.random()
        tier = 3 if u < 0.01 else 2 if u < 0.035 else 1 if u < 0.075 else 0
    return Importer(
        ior,
        name,
        ctype,
        resident,
        country,
        street,
        city,
        state,
        postal,
        phone,
        email,
        officers,
        created,
        broker(),
        tier,
        dba,
        is_new=is_new,
    )


def _assign_weights(importers: list[Importer], rng: np.random.Generator) -> None:
    """Zipf-like volumes; a quarter import AD/CVD goods; a few will vanish. The very largest
    volumes go to established resident importers (large retailers and manufacturers)."""
    for imp in importers:
        planted = imp.role in ("REESTABLISHED", "EXCLUDED_ORIGINAL")
        imp.adcvd = planted or rng.random() < (0.45 if (imp.is_new or not imp.resident) else 0.22)
        if imp.adcvd and imp.ctpat_tier < 2 and imp.role != "EXCLUDED_ORIGINAL":
            risky = imp.is_new or not imp.resident or imp.role == "REESTABLISHED"
            imp.vanisher = bool(rng.random() < (0.3 if risky else 0.03))
    n = len(importers)
    weights = np.arange(1, n + 1, dtype=float) ** -0.75
    weights /= weights.sum()
    big = [
        k
        for k, i in enumerate(importers)
        if i.role == "ORDINARY" and i.resident and not i.is_new and not i.vanisher
    ]
    n_big = min(len(big), max(1, n // 50))
    head = [big[int(k)] for k in rng.permutation(len(big))[:n_big]]
    taken = set(head)
    rest = [k for k in range(n) if k not in taken]
    order = head + [rest[int(k)] for k in rng.permutation(len(rest))]
    for rank, k in enumerate(order):
        importers[k].weight = float(weights[rank])
        if importers[k].vanisher:  # vanishers import big, briefly
            importers[k].weight *= float(rng.uniform(1.5, 4))


# --- SAM -------------------------------------------------------------------------------


def _person_record(
    reg: Registry,
    rng: np.random.Generator,
    agency: str,
    active: dt.date,
    frame: Frame,
    *,
    firm: nm.FirmName | None,
    person: tuple[str, str, str] | None,
    address: tuple[str, str, str, str, str] | None = None,
) -> SamPerson:
    street, city, state, postal, _phone = address or nm.us_address(rng)
    etype, termination, comments = _exclusion_terms(rng, agency, active)
    if firm is not None:
        name = str(firm)
        if rng.random() < 0.3 and firm.form in ("LLC", "INC"):
            name = ", ".join(
                (" ".join(firm.tokens), firm.form + ("." if firm.form == "INC" else ""))
            )
        classification = "Firm" if rng.random() < 0.8 else "Special Entity Designation"
        rec = SamPerson(
            reg.sam_number(),
            classification,
            name,
            "",
            "",
            "",
            street,
            city,
            state,
            "USA",
            postal,
            reg.uei(),
            agency,
            etype,
            comments,
            active,
            termination,
        )
        if rng.random() < 0.3:
            rec.cage = reg.cage()
    else:
        assert person is not None
        first, middle, last = person
        rec = SamPerson(
            reg.sam_number(),
            "Individual",
            "",
            first,
            middle,
            last,
            "",
            city,
            state,
            "USA",
            postal,
            "",
            agency,
            etype,
            comments,
            active,
            termination,
        )
        if agency == "HHS" and rng.random() < 0.3:
            rec.npi = f"1{int(rng.integers(10**8, 10**9))}"
        if rng.random() < 0.04:
            rec.suffix = nm.pick(rng, ("JR", "SR", "III"))
        if rng.random() < 0.05:
            rec.prefix = nm.pick(rng, ("MR.", "MS.", "DR."))
    if agency == "TREAS-OFAC":
        rec.country3 = nm.pick(rng, ("IRN", "RUS", "PRK", "SYR", "VEN"))
        rec.state, rec.zip_code, rec.street = "", "", ""
    return rec


def _exclusion_terms(
    rng: np.random.Generator, agency: str, active: dt.date
) -> tuple[str, dt.date | None, str]:
    if agency == "HHS":
        return "Prohibition/Restriction", None, _HHS_COMMENT if rng.random() < 0.6 else ""
    if agency == "TREAS-OFAC":
        return "Prohibition/Restriction", None, "PII data has been masked from view"
    if agency == "DHS-CBP":
        u = rng.random()
        if u < 0.4:
            end = None if rng.random() < 0.5 else active + dt.timedelta(days=365)
            return "Ineligible (Proceedings Pending)", end, nm.pick(rng, _CBP_CAUSES[:4])
        return (
            "Ineligible (Proceedings Completed)",
            active + dt.timedelta(days=int(rng.choice([1095, 1095, 1826, 730]))),
            nm.pick(rng, _CBP_CAUSES),
        )
    u = rng.random()
    if u < 0.3:
        end = None if rng.random() < 0.6 else active + dt.timedelta(days=365)
        return "Ineligible (Proceedings Pending)", end, ""
    if u < 0.9:
        return "Ineligible (Proceedings Completed)", active + dt.timedelta(days=1095), ""
    return "Voluntary Exclusion", active + dt.timedelta(days=1095), ""


def _sam(
    sizes: Sizes, frame: Frame, reg: Registry, rng: np.random.Generator
) -> tuple[list[SamPerson], list[list[SamPerson]]]:
    agencies = [a for a, _ in _OTHER_AGENCIES]
    weights = np.array([w for _, w in _OTHER_AGENCIES], dtype=float)
    weights /= weights.sum()
    cases: list[list[SamPerson]] = []
    for i in range(sizes.sam_cases):
        cbp = i < sizes.cbp_cases
        agency = "DHS-CBP" if cbp else agencies[int(rng.choice(len(agencies), p=weights))]
        if cbp:
            active = date_of(rng.integers(days(frame.history_start), days(frame.end) - 200))
        else:
            active = date_of(rng.integers(days(dt.date(2004, 1, 1)), days(frame.end) - 5))
        shape = rng.random()
        if agency in ("HHS", "OPM", "TREAS-OFAC") or (not cbp and shape < 0.55):
            shape_kind = "individual"
        elif cbp:
            shape_kind = "firm+person" if shape < 0.75 else "firm" if shape < 0.9 else "individual"
        else:
            shape_kind = "firm+person" if shape < 0.8 else "firm"
        address = nm.us_address(rng)
        members: list[SamPerson] = []
        if shape_kind in ("firm", "firm+person"):
            chinese = cbp and rng.random() < 0.3
            firm = nm.firm(rng, chinese=chinese, forms=nm.LEGAL_FORMS if chinese else nm.US_FORMS)
            members.append(
                _person_record(
                    reg, rng, agency, active, frame, firm=firm, person=None, address=address
                )
            )
        if shape_kind in ("individual", "firm+person"):
            for _ in range(1 if rng.random() < 0.85 or shape_kind == "individual" else 2):
                members.append(
                    _person_record(
                        reg,
                        rng,
                        agency,
                        active,
                        frame,
                        firm=None,
                        person=nm.person(rng),
                        address=address,
                    )
                )
        for rec in members[1:]:  # the same action for every member of a case
            rec.exclusion_type, rec.termination = members[0].exclusion_type, members[0].termination
            rec.comments = members[0].comments
        if len(members) > 1:
            for rec in members:
                rec.cross_refs = [m.display for m in members if m is not rec]
        for rec in members:
            u = rng.random()
            if u < 0.05:
                rec.rows = 2  # the same exclusion written twice, as in the real extract
            elif u < 0.08 and rec.classification == "Individual" and agency != "DHS-CBP":
                rec.extra_agency = nm.pick(rng, ("OPM", "HHS", "GSA"))
        cases.append(members)
    order = rng.permutation(len(cases))
    people = [rec for k in order for rec in cases[int(k)]]
    return people, [cases[int(k)] for k in order]


# --- re-established firms and look-alikes ------------------------------------------------

NAME_OPS = ("legal_form_swap", "transliteration", "typo", "reordered_tokens", "abbreviation")
LINK_OPS = ("shared_officer", "shared_phone", "shared_address", "shared_email_domain")


def _disguise(firm: nm.FirmName, rng: np.random.Generator) -> tuple[nm.FirmName, list[str]]:
    ops = list(rng.choice(NAME_OPS, size=int(rng.integers(1, 4)), replace=False))
    applied: list[str] = []
    tokens, form = firm.tokens, firm.form
    for op in ops:
        if op == "legal_form_swap":
            form = nm.swap_form(nm.FirmName(tokens, form), rng).form
            applied.append(op)
        elif op == "transliteration":
            tokens, done = nm.transliterate(tokens)
            if done:
                applied.append(op)
        elif op == "reordered_tokens" and len(tokens) >= 3:
            tokens = nm.reorder(tokens)
            applied.append(op)
        elif op == "abbreviation":
            tokens, done = nm.abbreviate(tokens)
            if done:
                applied.append(op)
    if "typo" in ops or not applied:
        typed = tuple(nm.typo(" ".join(tokens), rng).split(" "))
        if typed != tokens:
            tokens = typed
            applied.append("typo")
    if not applied:
        form = nm.swap_form(nm.FirmName(tokens, form), rng).form
        applied.append("legal_form_swap")
    return nm.FirmName(tokens, form), sorted(applied)


def _firm_of(rec: SamPerson) -> nm.FirmName:
    text = rec.name.replace(",", "").replace("INC.", "INC")
    for form in sorted(nm.LEGAL_FORMS, key=len, reverse=True):
        if text.endswith(" " + form):
            return nm.FirmName(tuple(text[: -len(form) - 1].split(" ")), form)
    return nm.FirmName(tuple(text.split(" ")), "")


def _plant(
    cases: list[list[SamPerson]],
    sizes: Sizes,
    frame: Frame,
    reg: Registry,
    rng: np.random.Generator,
    broker: Any,
    importers: list[Importer],
    links: list[dict[str, Any]],
) -> None:
    """Each CBP case with a firm had an importer before; some come back disguised."""
    firm_cases = [c for c in cases if c[0].classification != "Individual"]
    solo = [c for c in cases if c[0].classification == "Individual"]
    planted = 0
    for case in firm_cases:
        firm_rec = case[0]
        principals = [nm.full_name(p.first, "", p.last) for p in case[1:]]
        original = _original_importer(firm_rec, principals, reg, rng, broker)
        importers.append(original)
        links.append(
            {
                "sam_number": firm_rec.sam_number,
                "ior_number": original.ior_number,
                "relation": "ORIGINAL",
                "is_match": True,
                "transformations": "",
                "note": "the excluded firm's own IOR number",
            }
        )
        if planted >= sizes.reestablished:
            continue
        new = _reestablish(firm_rec, case, original, frame, reg, rng, broker)
        if new is None:
            continue
        importer, ops = new
        importers.append(importer)
        planted += 1
        for rec in case:
            links.append(
                {
                    "sam_number": rec.sam_number,
                    "ior_number": importer.ior_number,
                    "relation": "REESTABLISHED",
                    "is_match": True,
                    "transformations": ";".join(ops),
                    "note": f"comes back as {importer.name}",
                }
            )
    for case in solo[: max(1, sizes.reestablished // 5)]:
        rec = case[0]
        created = rec.active + dt.timedelta(days=int(rng.integers(30, 300)))
        if days(created) > days(frame.end) - 60:
            continue
        street, city, state, postal, phone = nm.us_address(rng)
        firm = nm.firm(rng)
        officer = nm.full_name(rec.first, "", rec.last)
        imp = Importer(
            reg.ein_ior(),
            str(firm),
            "LLC",
            True,
            "US",
            street,
            city,
            state,
            postal,
            phone,
            nm.email_for("info", nm.company_domain(firm)),
            [officer, nm.officer(rng)],
            created,
            broker(),
            role="REESTABLISHED",
            is_new=True,
        )
        importers.append(imp)
        links.append(
            {
                "sam_number": rec.sam_number,
                "ior_number": imp.ior_number,
                "relation": "REESTABLISHED",
                "is_match": True,
                "transformations": "shared_officer;new_entity_after_exclusion",
                "note": f"the excluded individual is an officer of {imp.name}",
            }
        )


def _original_importer(
    rec: SamPerson, principals: list[str], reg: Registry, rng: np.random.Generator, broker: Any
) -> Importer:
    firm = _firm_of(rec)
    created = rec.active - dt.timedelta(days=int(rng.integers(700, 4000)))
    domain = nm.company_domain(firm)
    phone = nm.us_address(rng)[4]
    officers = principals or [nm.officer(rng)]
    ctype = {"LLC": "LLC", "LP": "PARTNERSHIP"}.get(firm.form, "CORPORATION")
    return Importer(
        reg.ein_ior(),
        rec.name,
        ctype,
        True,
        "US",
        rec.street,
        rec.city,
        rec.state,
        rec.zip_code,
        phone,
        nm.email_for("import", domain),
        officers,
        created,
        broker(),
        role="EXCLUDED_ORIGINAL",
    )


def _reestablish(
    rec: SamPerson,
    case: list[SamPerson],
    original: Importer,
    frame: Frame,
    reg: Registry,
    rng: np.random.Generator,
    broker: Any,
) -> tuple[Importer, list[str]] | None:
    created = rec.active + dt.timedelta(days=int(rng.integers(20, 400)))
    if days(created) > days(frame.end) - 60:
        return None
    firm, ops = _disguise(_firm_of(rec), rng)
    link_ops = list(rng.choice(LINK_OPS, size=int(rng.integers(1, 4)), replace=False))
    if "shared_officer" in link_ops and not original.officers:
        link_ops.remove("shared_officer")
    street, city, state, postal, phone = nm.us_address(rng)
    if "shared_address" in link_ops:
        street, city, state, postal = (
            original.street,
            original.city,
            original.state,
            original.postal_code,
        )
        if rng.random() < 0.5:
            street = f"{street} STE {int(rng.integers(100, 999))}"
    if "shared_phone" in link_ops:
        phone = original.phone
    domain = nm.company_domain(firm)
    if "shared_email_domain" in link_ops:
        domain = original.email.split("@")[1]
    officers = [nm.officer(rng)]
    if "shared_officer" in link_ops:
        officers = [original.officers[0], *officers]
    ctype = {"LLC": "LLC", "LP": "PARTNERSHIP"}.get(firm.form, "CORPORATION")
    importer = Importer(
        reg.ein_ior(),
        str(firm),
        ctype,
        True,
        "US",
        street,
        city,
        state,
        postal,
        phone,
        nm.email_for(nm.pick(rng, ("info", "sales", "trade")), domain),
        officers,
        created,
        broker(),
        role="REESTABLISHED",
        is_new=True,
    )
    return importer, sorted([*ops, *link_ops, "new_entity_after_exclusion"])


def _lookalikes(
    sam: list[SamPerson],
    sizes: Sizes,
    frame: Frame,
    reg: Registry,
    rng: np.random.Generator,
    broker: Any,
    importers: list[Importer],
    links: list[dict[str, Any]],
) -> None:
    """Innocent firms whose names resemble an excluded firm's, with nothing else shared."""
    firms = [r for r in sam if r.classification != "Individual"]
    firms.sort(key=lambda r: (r.agency != "DHS-CBP", r.sam_number))
    for k in range(min(sizes.lookalikes, len(firms))):
        rec = firms[k % len(firms)] if k < len(firms) // 2 else firms[int(rng.integers(len(firms)))]
        base = _firm_of(rec)
        u = rng.random()
        if u < 0.35:
            firm, why = (
                nm.FirmName(base.tokens, nm.pick(rng, nm.US_FORMS)),
                "same words, unrelated firm in another state",
            )
        elif u < 0.6:
            tokens = (
                (*base.tokens[:-1], nm.pick(rng, nm.INDUSTRY))
                if len(base.tokens) > 1
                else base.tokens
            )
            firm, why = nm.FirmName(tokens, base.form), "shares the distinctive words only"
        elif u < 0.8:
            firm, why = (
                nm.FirmName(tuple(nm.typo(" ".join(base.tokens), rng).split(" ")), base.form),
                "one letter apart, no shared people, places or numbers",
            )
        else:
            firm, why = (
                nm.FirmName(base.tokens, base.form),
                "identical name, different firm registered long before",
            )
        street, city, state, postal, phone = nm.us_address(rng)
        while state == rec.state:
            street, city, state, postal, phone = nm.us_address(rng)
        created = date_of(rng.integers(days(dt.date(1998, 1, 1)), days(frame.history_start)))
        imp = Importer(
            reg.ein_ior(),
            str(firm),
            "CORPORATION",
            True,
            "US",
            street,
            city,
            state,
            postal,
            phone,
            nm.email_for("info", nm.company_domain(firm).replace(".com", "-usa.com")),
            [nm.officer(rng)],
            created,
            broker(),
            role="LOOKALIKE",
        )
        importers.append(imp)
        links.append(
            {
                "sam_number": rec.sam_number,
                "ior_number": imp.ior_number,
                "relation": "LOOKALIKE",
                "is_match": False,
                "transformations": "",
                "note": why,
            }
        )
