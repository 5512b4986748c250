# disclosure: the one attack every report test makes on a printed report
# with suppressed cells (D34, D42). A test describes what the report prints
# (Report: its counts, suppressed or not, and the cells it only shows through
# a share) and the relations a reader knows (parts add up to a total, a share
# is a count over a denominator); recover() then computes, from the printed
# values only, every cell it can: one relation at a time, repeated with what it
# found, where a relation gives a cell when it is the only unknown one or when
# its unknown parts must all be 0 (counts are not negative), and a printed
# share gives its numerator (or denominator) when exactly one whole number fits
# its rounding. check_none() fails the test when a suppressed cell (or the
# numerator of a suppressed share) comes out. Replies of several requests
# (every period parameter of a report, D51) go into one Report: a cell is
# keyed by its period's label, so a cell one request prints and another
# suppresses is recovered at once, and period_relations() relates every
# period any of them prints (T1 + T2 = T1+T2, T1+T2 + T3 = T1+T2+T3).
from fractions import Fraction

import scenario


class Report:
    """A printed report as a reader sees it. Keys are any hashable names."""

    def __init__(self):
        self.known = {}  # key -> printed value
        self.protected = set()  # keys a reader must not learn
        self.sums = []  # (parts, whole)
        self.shares = []  # (Fraction printed, num, den, scale, step)
        self.share_protected = set()  # numerators of suppressed shares

    def cell(self, key, value, suppressed=None):
        """A printed count: value None (or suppressed=True) when suppressed.
        The same key given twice (two requests of the same report) is one
        cell: printed once is known, suppressed once is protected."""
        if suppressed is None:
            suppressed = value is None
        if suppressed:
            self.protected.add(key)
        else:
            self.known[key] = int(value)

    def hidden(self, key):
        """A count the report does not print but relates to others (a
        share's numerator or denominator, a total no line shows)."""

    def sum(self, parts, whole):
        """sum(parts) == whole holds among the cells."""
        self.sums.append((list(parts), whole))

    def over_periods(self, labels, key_of):
        """The period relations (period_relations) for one cell: key_of(label)
        is its key in a period."""
        for parts, whole in period_relations(labels):
            self.sum([key_of(p) for p in parts], key_of(whole))

    def share(self, shown, num, den, scale=1, suppressed=None, decimals=2):
        """A printed share round(num / den * scale, decimals) half-up; shown
        is the printed text (None or suppressed=True when suppressed, '' when
        the denominator is 0). A suppressed share protects its numerator
        unless the report prints that as a count itself."""
        if suppressed is None:
            suppressed = shown is None
        if suppressed:
            self.share_protected.add(num)
        elif shown not in (None, ""):
            self.shares.append((Fraction(shown), num, den, Fraction(scale), Fraction(1, 10**decimals)))
        elif shown == "":
            self.known.setdefault(den, 0)

    def recover(self):
        """{key: value} of every protected cell a reader computes from the
        printed values and the relations."""
        known = dict(self.known)
        protected = self.protected | {k for k in self.share_protected if k not in self.known}
        changed = True
        while changed:
            changed = False
            for parts, whole in self.sums:
                unknown = [c for c in parts + [whole] if c not in known]
                if not unknown:
                    continue
                if len(unknown) == 1:
                    u = unknown[0]
                    s = sum(known[c] for c in parts if c in known)
                    known[u] = s if u == whole else known[whole] - s
                    changed = True
                elif whole in known and known[whole] == sum(known[c] for c in parts if c in known):
                    for u in unknown:  # the unknown parts add up to 0
                        known[u] = 0
                    changed = True
            for shown, num, den, scale, step in self.shares:
                lo, hi = shown - step / 2, shown + step / 2  # num / den * scale in [lo, hi)
                if den in known and num not in known and known[den] > 0:
                    d = known[den]
                    fits = [v for v in range(max(0, int(lo * d / scale) - 1), int(hi * d / scale) + 2)
                            if lo <= Fraction(v) * scale / d < hi]
                    if len(fits) == 1:
                        known[num] = fits[0]
                        changed = True
                elif num in known and den not in known and known[num] > 0 and lo > 0:
                    n = known[num]
                    fits = [v for v in range(max(1, int(n * scale / hi)), int(n * scale / lo) + 2)
                            if lo <= Fraction(n) * scale / v < hi]
                    if len(fits) == 1:
                        known[den] = fits[0]
                        changed = True
        return {k: known[k] for k in protected if k in known}


def period_relations(labels):
    """The relations a reader knows among the periods of one school year
    (D51), over every label printed by any request: a cumulative period is
    the sum of its trimesters ("T1+T2" = T1 + T2), and a shorter cumulative
    period plus the trimesters after it makes a longer one (T1+T2 + T3 =
    T1+T2+T3). [(parts, whole)] of labels."""
    rels = []
    for lbl in labels:
        if "+" not in lbl:
            continue
        rels.append((lbl.split("+"), lbl))
        for m in labels:
            if "+" in m and m != lbl and lbl.startswith(m + "+"):
                rels.append(([m] + lbl[len(m) + 1:].split("+"), lbl))
    return rels


def periods_of(replies):
    """The period labels of one or more report replies (their perioden), in
    first-seen order: the union over every request an attacker combines."""
    out = []
    for r in replies:
        for p in r.perioden:
            if p not in out:
                out.append(p)
    return out


def as_list(replies):
    """One reply or several (a report asked with every period parameter)."""
    return list(replies) if isinstance(replies, (list, tuple)) else [replies]


def check_none(name, report, truth=None):
    """One assertion: no protected cell of report can be recovered. truth
    (key -> real value, e.g. from the bestuur's unsuppressed report) makes a
    recovered value that differs from it a failure of the model instead."""
    got = report.recover()
    if truth is not None:
        wrong = {k: (v, truth.get(k)) for k, v in got.items() if k in truth and truth[k] != v}
        if wrong:
            return scenario.check(name, False, "the attack model is wrong (recovered, real): %r" % wrong)
    return scenario.check(name, not got, "recovered suppressed cells: %r" % dict(sorted(got.items(), key=repr)))


def check_some(name, report):
    """One assertion: the attack recovers something from report (the test's
    control: the same attack on per-cell suppression must succeed, or the
    test could not fail). Returns what it recovered."""
    got = report.recover()
    scenario.check(name, bool(got), "nothing recovered")
    return got
