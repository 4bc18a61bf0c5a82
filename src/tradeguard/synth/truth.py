"""The text of ``truth/README.md``."""

README = """# Ground truth of this synthetic world

These files are never read by the loaders. They say what the data were generated from, so that
engines can be scored against the truth. Column meanings:

## importers.csv (one row per importer in data/importers.csv)
- `role`: ORDINARY; EXCLUDED_ORIGINAL (the IOR number a CBP-excluded firm used before its
  exclusion); REESTABLISHED (a new importer behind which an excluded person comes back);
  LOOKALIKE (an innocent firm whose name resembles an excluded one).
- `behaviour`: how the importer pays supplemental AD/CVD bills: GOOD (on time), LATE (often
  31+ days after the bill date), PARTIAL (pays part; sometimes the surety pays the rest),
  SURETY (the surety pays, up to its cap), DEFAULTER (stops paying on `default_on`),
  VANISHER (stops importing on `vanished_on`, before its first supplemental bill, and never pays).
- `is_new`: created inside the data's history window, so it has no prior imports before it.
- `adcvd_importer`: buys goods under AD/CVD orders. `volume_share`: its share of entry volume.
- `uncollected_usd`: supplemental bill amounts minus payments by the importer, the surety or
  set-off (write-offs are not collections), as of the last day of the world.

## exclusion_links.csv (exclusion <-> importer)
- `relation`: ORIGINAL (the excluded firm's own IOR number), REESTABLISHED (comes back as this
  importer; every SAM number of the case is listed, firm and principals), LOOKALIKE (not a match).
- `is_match`: true for ORIGINAL and REESTABLISHED, false for LOOKALIKE.
- `transformations` (`;`-separated) for re-established importers: legal_form_swap,
  transliteration, typo, reordered_tokens, abbreviation (name changes); shared_officer,
  shared_phone, shared_address, shared_email_domain (links to the original importer's record);
  new_entity_after_exclusion (always: created after the exclusion's active date).
- `note`: a sentence on the link (for look-alikes, why it is not the same person).

## post_quarters.csv (one row per post and quarter)
- Latent rates per item: `cf_rate` (counterfeit, mail finding IPR), `nx_rate` (narcotics,
  DRUGS), `cb_rate` (other contraband); `aed_coverage` (share of goods items with AED),
  `aed_timeliness` (share of AED received before arrival), `aed_quality` (share of AED passing
  completeness and plausibility), `response_rate` (information requests answered within 72 h).
- `latent_score`: the methods brief 5.A composite computed on the latent values with its
  default goalposts (trafficking pillar: CF 0.3, NX 0.5, CB 0.2, log goalposts 1-100 per 10k;
  cooperation pillar: mean of coverage x timeliness (0.50-0.98), quality (0.50-0.95) and
  responses (0.50-0.95); pillar weights 0.5 and 0.3 renormalised; the effectiveness pillar is
  left out because it compares a post with itself).
- `non_compliant`: `latent_score < threshold` (50). `consecutive_non_compliant`: the EO counter.
- `kind`: GOOD, MIDDLING, IMPROVING (gets better over the quarters) or BAD.

## express_links.csv
Express shipments that carry an excluded person: `link` IOR (the re-established importer's IOR
number), SHIPPER or CONSIGNEE (the excluded firm's or individual's name as written in SAM).

## debt_summary.csv
Uncollected AD/CVD debt at the world's last day: total, number of debtors, share held by the
top 20 debtors, and the median and mean balance of the open supplemental bills.
"""
