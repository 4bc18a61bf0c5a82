"""Publications of EO 13904 s.4(a) and s.5(d)-(e), generated from the active policy and results.

* :func:`guidance_html`: how a post is deemed non-compliant and how it is removed (s.5(e));
* :func:`noncompliant_list` / :func:`noncompliant_list_html`: the quarter's list;
* :func:`circular_text`: the circular to the international postal network (s.4(a));
* :func:`measures_report_html`: posts at eight or more quarters and the measures available (s.5(d));
* :func:`history_charts_html`: score history per post with threshold and measures.

Every output is a pure function of its inputs (no clock, no randomness): the same inputs give
the same bytes.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from tradeguard.domain.calendar import Quarter
from tradeguard.posts.charts import score_history_svg
from tradeguard.posts.metric import quarter_threshold
from tradeguard.posts.params import PostsPolicy

__all__ = [
    "circular_text",
    "guidance_html",
    "history_charts_html",
    "measures_report_html",
    "noncompliant_list",
    "noncompliant_list_html",
]

_CSS = (
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.45;color:#222}"
    "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:.25em .6em;"
    "text-align:left;vertical-align:top}th{background:#f0f0f0}.tag{font-size:.8em;color:#555}"
)


def _page(title: str, body: list[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>\n"
        f"<h1>{escape(title)}</h1>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def _tag(policy: PostsPolicy, key: str) -> str:
    return f' <span class="tag">[{escape(policy.status(key))}]</span>'


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _indicator_rows(p: PostsPolicy) -> list[list[str]]:
    rg, rows = p.rate_goalposts, []
    for k, name in (("cf", "Counterfeit goods"), ("nx", "Narcotics"), ("cb", "Other contraband")):
        rows.append(
            [
                f"{name} in the random compliance sample, per 10,000 items (lower is better)",
                f"{rg.lower:g} - {rg.upper:g} (log scale)",
                f"{p.pillar_weights['trafficking']:.2f} x {p.severity_weights[k]:.2f}"
                + _tag(p, "weights.severity"),
            ]
        )
    tg = p.trend_goalposts
    rows.append(
        [
            "Trend: this quarter's severity-weighted rate against the mean of the previous "
            f"{p.baseline_quarters} quarters (lower is better)",
            f"ratio {tg.lower:g} - {tg.upper:g}",
            f"{p.pillar_weights['effectiveness']:.2f}" + _tag(p, "weights.pillars"),
        ]
    )
    labels = {
        "aed_coverage": "Goods items whose advance electronic data arrived in time",
        "aed_quality": "AED records passing completeness and plausibility checks",
        "responses": f"Requests answered within {p.request_sla_hours:g} hours",
    }
    for k, label in labels.items():
        g = p.share_goalposts[k]
        rows.append(
            [
                label + " (higher is better)",
                f"{g.lower:.0%} - {g.upper:.0%}",
                f"{p.pillar_weights['cooperation']:.2f} x {p.cooperation_weights[k]:.2f}"
                + _tag(p, "weights.cooperation"),
            ]
        )
    return rows


def guidance_html(policy: PostsPolicy) -> str:
    """The s.5(e) guidance, every number read from the policy in force."""
    p, lv = policy, policy.level_quarters
    ref = p.reference_profile
    body = [
        f"<p>Policy version {escape(p.version)}, in force on {p.on.isoformat()}. Each rule is "
        "tagged "
        "<em>law</em> (fixed by the order or a regulation), <em>proposed</em> or "
        "<em>assumption</em> "
        "(a choice of the programme, open to comment).</p>",
        "<h2>1. How a post is scored</h2>",
        "<p>Each quarter every international post receives an overall compliance score from 0 to "
        "100 "
        "(EO 13904 s.5(a)). The score combines three pillars: the rates of trafficking of "
        "counterfeit "
        "goods, narcotics and other contraband found in a <strong>random</strong> compliance "
        "sample of "
        "the post's items; the trend of those rates (effectiveness); and cooperation with CBP.</p>",
        _table(["Indicator", "Goalposts (0 to full credit)", "Weight"], _indicator_rows(p)),
        f"<p>Rates are shrunk toward the previous year's average (empirical Bayes) so that a small "
        "sample cannot make a post look better or worse than its data "
        f"show{_tag(p, 'prior.window_quarters')}. "
        f"Pillars are combined by a weighted <strong>{p.aggregation}</strong> "
        f"mean{_tag(p, 'composite.aggregation')}, "
        "so that good cooperation cannot offset high narcotics rates.</p>",
        f"<p>A post with fewer than {p.min_sample} items in the random sample"
        f"{' (after pooling with the previous quarter)' if p.pool_previous else ''} is "
        f"<strong>not scored</strong> that quarter; this is published as insufficient data"
        f"{_tag(p, 'sample.min_items')}.</p>",
        "<h2>2. How a post is deemed non-compliant</h2>",
        "<p>The minimum threshold for the quarter is the score of a reference profile: "
        "counterfeit "
        f"{ref['cf_per_10k']:g}, narcotics {ref['nx_per_10k']:g} and other contraband "
        f"{ref['cb_per_10k']:g} "
        f"per 10,000 items, AED in time for {ref['aed_coverage']:.0%} of goods items, "
        f"{ref['aed_quality']:.0%} "
        f"of AED records complete, {ref['responses']:.0%} of requests answered, and a flat trend. "
        "Under this "
        "policy the threshold is "
        f"<strong>{quarter_threshold(p):.1f}</strong>{_tag(p, 'threshold.reference_profile')}. "
        "A post whose score is <strong>below</strong> the threshold is deemed non-compliant for "
        "that "
        "quarter; a score equal to the threshold is compliant.</p>",
    ]
    if p.nx_cap_enabled:
        body.append(
            "<p>Whatever its score, a post is also non-compliant when the 90% lower credible "
            "bound of its "
            f"narcotics rate exceeds {p.nx_cap_per_10k:g} per 10,000 "
            f"items{_tag(p, 'nx_cap.per_10k')}.</p>"
        )
    body += [
        "<h2>3. Measures</h2>",
        _table(
            ["Consecutive non-compliant quarters", "Measures", "Basis"],
            [
                [
                    f"{lv[0]} or more",
                    "Targeted inspection of the post's items is prioritised.",
                    "EO 13904 s.5(b)" + _tag(p, "escalation.priority_targeting_quarters"),
                ],
                [
                    f"{lv[1]} or more",
                    f"Additional information may be required for any shipment; where it is not "
                    f"provided within {p.promptly_hours:g} hours, importation of the shipment is "
                    "prevented.",
                    "EO 13904 s.5(c)" + _tag(p, "escalation.promptly_hours"),
                ],
                [
                    f"{lv[2]} or more",
                    "Measures to protect the United States, which may include preventing "
                    "importation regardless of whether additional information is provided"
                    + ("" if p.prevent_regardless_enabled else " (not applied under this policy)")
                    + ".",
                    "EO 13904 s.5(d)" + _tag(p, "escalation.prevent_regardless_enabled"),
                ],
            ],
        ),
        "<p>The count of consecutive quarters is kept exactly as the order states: one compliant "
        "quarter "
        "resets it"
        + (
            ". A quarter that is not scored also resets it"
            if p.unscored_counter == "reset"
            else ". A quarter that is not scored leaves it unchanged"
        )
        + f"{_tag(p, 'sample.unscored_quarter_counter')}.</p>",
        "<h2>4. How a post is removed from the list and measures are lifted</h2>",
        "<p>A post leaves the quarterly list as soon as it scores at or above the threshold. "
        "Measures in "
        f"force are lifted one level at a time, after {p.removal_quarters} consecutive quarters "
        "scoring at "
        f"least {p.removal_margin:g} points above the threshold{_tag(p, 'removal.quarters')}"
        + (
            ", and the last level only after a verified remediation"
            if p.tier3_requires_attestation
            else ""
        )
        + ". This margin prevents measures from switching on and off with sampling noise.</p>",
    ]
    return _page("Guidance: International Mail Non-Compliance (EO 13904 s.5)", body)


def noncompliant_list(scores: pd.DataFrame, robust: pd.DataFrame | None = None) -> pd.DataFrame:
    """The posts deemed non-compliant in the quarter, worst first."""
    rows = scores[scores["noncompliant"].astype(bool)].copy()
    cols = ["post_code", "quarter", "score", "threshold", "p_below", "counter", "level"]
    out = rows[cols]
    if robust is not None:
        out = out.merge(
            robust[["post_code", "p_noncompliant", "robustly_noncompliant"]],
            on="post_code",
            how="left",
        )
    return out.sort_values(["score", "post_code"]).reset_index(drop=True)


def noncompliant_list_html(
    scores: pd.DataFrame,
    quarter: Quarter,
    names: dict[str, str] | None = None,
    robust: pd.DataFrame | None = None,
) -> str:
    listed = noncompliant_list(scores, robust)
    names = names or {}
    rows = [
        [
            escape(str(r["post_code"])),
            escape(names.get(str(r["post_code"]), "")),
            f"{r['score']:.1f}",
            f"{r['threshold']:.1f}",
            f"{r['p_below']:.2f}",
            str(int(r["counter"])),
            escape(str(r["level"])),
        ]
        for r in listed.to_dict("records")
    ]
    unscored = sorted(scores.loc[~scores["scored"].astype(bool), "post_code"].astype(str))
    body = [
        f"<p>{len(listed)} international post(s) scored below the minimum threshold in {quarter} "
        "and are deemed non-compliant for that quarter (EO 13904 s.5(a)).</p>",
        _table(
            ["Post", "Name", "Score", "Threshold", "P(below)", "Consecutive quarters", "Measures"],
            rows,
        ),
    ]
    if unscored:
        body.append("<p>Not scored for insufficient data: " + escape(", ".join(unscored)) + ".</p>")
    return _page(f"Non-compliant international posts, {quarter}", body)


def circular_text(policy: PostsPolicy) -> str:
    """The circular to the international postal network (s.4(a)), plain text."""
    lv = policy.level_quarters
    return "\n".join(
        [
            "CIRCULAR TO THE INTERNATIONAL POSTAL NETWORK",
            "Policy of the United States on items sent through the international postal network",
            "",
            "1. Policy (EO 13904 s.1). The United States acts against the importation of "
            "counterfeit goods,",
            "   narcotics (including synthetic opioids such as fentanyl) and other contraband "
            "through",
            "   e-commerce, express consignments and international mail, and protects its revenue.",
            "2. Compliance score (s.5(a)). CBP scores each international post every quarter on the "
            "rates of",
            "   trafficking found in random compliance samples, the trend of those rates, and "
            "cooperation:",
            "   advance electronic data received in time and complete, and answers to CBP "
            "requests.",
            "3. Threshold. A post scoring below the quarter's minimum threshold "
            f"({quarter_threshold(policy):.1f}",
            "   under the current policy) is deemed non-compliant for that quarter.",
            f"4. Measures. {lv[0]}+ consecutive non-compliant quarters: prioritised targeted "
            "inspection (s.5(b)).",
            f"   {lv[1]}+: additional information may be required for any shipment; shipments "
            "whose information",
            f"   is not provided within {policy.promptly_hours:g} hours may be refused (s.5(c)).",
            f"   {lv[2]}+: measures that may include preventing importation regardless (s.5(d)).",
            f"5. Removal. Measures are lifted one level after {policy.removal_quarters} "
            "consecutive quarters at",
            f"   least {policy.removal_margin:g} points above the threshold.",
            "6. Importer of record. Persons who may not obtain an importer of record number (s.2) "
            "must not be",
            "   facilitated; new contractual instruments should reflect the importer of record "
            "criteria.",
            f"Policy version {policy.version}, in force on {policy.on.isoformat()}.",
            "",
        ]
    )


def history_charts_html(history: pd.DataFrame, names: dict[str, str] | None = None) -> str:
    """One chart per post of score, threshold, non-compliant quarters and measures."""
    names = names or {}
    body = []
    for post, rows in sorted(history.groupby("post_code"), key=lambda kv: str(kv[0])):
        ordered = rows.assign(
            _k=rows["quarter"].map(lambda s: (Quarter.parse(s).year, Quarter.parse(s).number))
        )
        ordered = ordered.sort_values("_k")
        title = f"{post} {names.get(str(post), '')}".strip()
        body.append(f"<h2>{escape(title)}</h2>\n" + score_history_svg(ordered, title))
    return _page("Compliance score history by international post", body)


def measures_report_html(history: pd.DataFrame, quarter: Quarter, policy: PostsPolicy) -> str:
    """The s.5(d) report: posts at eight or more consecutive quarters and the measures available."""
    now = history[history["quarter"] == str(quarter)]
    at8 = now[now["counter"].astype(int) >= policy.level_quarters[2]].sort_values("post_code")
    rows = [
        [
            escape(str(r["post_code"])),
            str(int(r["counter"])),
            f"{r['score']:.1f}",
            escape(str(r["level"])),
        ]
        for r in at8.to_dict("records")
    ]
    options = [
        [
            "Refuse importation of the post's goods items regardless of information (s.5(d))",
            "enabled" if policy.prevent_regardless_enabled else "not enabled",
        ],
        [
            "Require additional information and refuse when not provided within "
            f"{policy.promptly_hours:g} hours (s.5(c))",
            "in force from level 2",
        ],
        [
            "Prioritised targeted inspection of all items from the post (s.5(b))",
            "in force from level 1",
        ],
        [
            "Negotiation with the post through USPS; circular to the postal network (s.4(a))",
            "available",
        ],
    ]
    body = [
        f"<p>{len(at8)} post(s) deemed non-compliant for {policy.level_quarters[2]} or more "
        "consecutive "
        f"quarters as of {quarter}.</p>",
        _table(["Post", "Consecutive quarters", "Score", "Measures in force"], rows),
        "<h2>Measures available under existing authorities</h2>",
        _table(
            ["Measure", "Status under this policy"], [[escape(a), escape(b)] for a, b in options]
        ),
    ]
    chosen = history[history["post_code"].isin(set(at8["post_code"]))]
    if len(chosen):
        body.append(
            history_charts_html(chosen)
            .split("<body>\n", 1)[1]
            .rsplit("</body>", 1)[0]
            .split("</h1>\n", 1)[1]
        )
    return _page(f"Report on measures against posts at 8+ non-compliant quarters, {quarter}", body)
