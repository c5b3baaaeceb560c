"""Which layout profile fits a document, and why.

Contract: :func:`rank_profiles` scores every profile against the document's text (all pages,
whitespace removed): 3 points per title keyword found, 1 per keyword; a profile with an
exclude keyword present or a required keyword absent is out. The result lists every profile
with its score and the keywords that hit or missed, best first (score, then priority), so
``shebao inspect`` can show a paralegal why a layout was or was not chosen. Generic profiles
(``granularity: auto``) stay in the running with score 0 as the fallback.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shebao.ingest.normalize import squash
from shebao.ingest.profiles import Profile, profiles


@dataclass
class Score:
    profile: Profile
    score: int
    hits: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    excluded_by: list[str] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        if self.excluded_by:
            return False
        return self.score >= self.profile.match.min_score or self.profile.granularity == "auto"


def score_profile(p: Profile, text: str) -> Score:
    m = p.match
    s = Score(p, 0)
    for kw in m.title_keywords:
        if squash(kw) in text:
            s.score += 3
            s.hits.append(kw)
        else:
            s.misses.append(kw)
    for kw in m.keywords:
        if squash(kw) in text:
            s.score += 1
            s.hits.append(kw)
        else:
            s.misses.append(kw)
    s.excluded_by = [kw for kw in m.exclude_keywords if squash(kw) in text]
    s.excluded_by += [f"缺少 {kw}" for kw in m.required_keywords if squash(kw) not in text]
    return s


def rank_profiles(text: str, kind: str | None = None) -> list[Score]:
    """All profiles scored against ``text`` (already squashed), best first."""
    scores = [score_profile(p, text) for p in profiles() if kind is None or p.kind == kind]
    scores.sort(
        key=lambda s: (s.eligible, s.profile.granularity != "auto", s.score, s.profile.priority),
        reverse=True,
    )
    return scores
