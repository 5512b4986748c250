#!/usr/bin/env python3
"""report_html_check: checks one `passend rapport … --output html` page as a
browser and a reader see it (run by test_report_html.sh; prints ok/FAIL
lines).

  * static: HTML5 doctype, lang="nl", one <style>, no <script>, <link>, <img>,
    <iframe>, <object>, no url()/@import in CSS, no http:/https: (or any
    other scheme) in a src/href, balanced elements;
  * headless Chromium --dump-dom: an <svg> in each section named by --chart,
    with the expected number of bars/badges (<rect>), and no <svg> elsewhere
    than announced;
  * --screenshot: a PNG that is not blank (pixel variety, non-white share);
  * --print-to-pdf: pdftotext reads back every --heading;
  * --scholen CSV: no basisschool of the list is named (toezicht's page).
"""
import argparse
import html.parser
import os
import re
import struct
import subprocess
import sys
import zlib

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source", "track",
        "embed", "param"}
SVG_VOID = {"rect", "line", "circle", "path", "polyline", "polygon"}

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import scenario  # noqa: E402
from scenario import check  # noqa: E402


def fail(name, why=""):
    check(name, False, why)


class Page(html.parser.HTMLParser):
    """Sections (h2 text -> svg count, rect count), forbidden elements and
    attributes, element balance."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.forbidden, self.urls = [], [], [], []
        self.sections, self.cur, self.in_h2, self.styles = [], None, False, []
        self.in_style, self.svg_outside, self.text = False, 0, []
        self.doctype = None
        self.lang = None

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag in ("script", "link", "img", "iframe", "object", "embed", "base"):
            self.forbidden.append(tag)
        for k, v in attrs:
            if k in ("src", "href", "xlink:href", "action", "srcset", "poster", "data") and v is not None:
                if not v.startswith("#"):
                    self.urls.append("%s=%s" % (k, v))
            if k.startswith("on"):
                self.forbidden.append("%s attribute" % k)
        if tag == "section":
            self.cur = {"title": "", "svg": 0, "rect": 0}
            self.sections.append(self.cur)
        if tag == "h2":
            self.in_h2 = True
        if tag == "style":
            self.in_style = True
        if tag == "svg":
            if self.cur is None:
                self.svg_outside += 1
            else:
                self.cur["svg"] += 1
        if tag == "rect" and self.cur is not None and a.get("class") in ("bar", "badge"):
            self.cur["rect"] += 1
        if tag not in VOID and tag not in SVG_VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and tag not in SVG_VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID or tag in SVG_VOID:
            return
        if tag == "h2":
            self.in_h2 = False
        if tag == "style":
            self.in_style = False
        if tag == "section":
            self.cur = None
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes <%s>" % (tag, self.stack[-1] if self.stack else "nothing"))
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_h2 and self.cur is not None:
            self.cur["title"] += data
        if self.in_style:
            self.styles.append(data)
        self.text.append(data)


def parse(text):
    p = Page()
    p.feed(text)
    p.close()
    return p


def png_pixels(path):
    """(width, height, rows of RGB tuples) of an 8-bit RGB/RGBA PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                raise ValueError("PNG type %d depth %d" % (ctype, depth))
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def chromium(args, timeout=120):
    exe = os.environ.get("CHROMIUM", "chromium")
    base = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", "--disable-sync", "--disable-default-apps",
            "--disable-dev-shm-usage", "--user-data-dir=" + os.environ["CHROME_PROFILE"]]
    return subprocess.run(base + args, capture_output=True, timeout=timeout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("html")
    ap.add_argument("--chart", action="append", default=[], help="SECTION-TITLE-PREFIX=RECTS")
    ap.add_argument("--heading", action="append", default=[])
    ap.add_argument("--text", action="append", default=[], help="text the page shows (DOM)")
    ap.add_argument("--scholen", help="scholen.csv: no basisschool (soort bao) may be named")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    name = os.path.basename(a.html)
    os.makedirs(a.out, exist_ok=True)
    os.environ.setdefault("CHROME_PROFILE", os.path.join(a.out, "chrome-profile"))
    src = open(a.html, encoding="utf-8").read()

    # ---- static ----
    p = parse(src)
    check("%s: HTML5 doctype" % name, (p.doctype or "").lower() == "doctype html", repr(p.doctype))
    check("%s: lang nl" % name, p.lang == "nl", repr(p.lang))
    check("%s: no script, link, img, iframe or handler" % name, not p.forbidden, ", ".join(p.forbidden))
    check("%s: no src/href leaves the page" % name, not p.urls, ", ".join(p.urls[:5]))
    check("%s: no http: or https: in any src/href" % name,
          not re.search(r'(src|href)\s*=\s*["\']?\s*https?:', src, re.I))
    css = "".join(p.styles)
    check("%s: inline CSS without url() or @import" % name, css and "url(" not in css and "@import" not in css)
    check("%s: a print stylesheet for A4" % name, "@page{size:A4" in css.replace(" ", "") and "@media print" in css)
    check("%s: elements balanced" % name, not p.errors and not p.stack, "; ".join(p.errors[:5]) + str(p.stack))
    check("%s: svg only inside sections" % name, p.svg_outside == 0)

    # ---- the DOM as Chromium builds it ----
    dom_path = os.path.join(a.out, name + ".dom.html")
    r = chromium(["--dump-dom", "file://" + os.path.abspath(a.html)])
    dom = r.stdout.decode("utf-8", "replace")
    open(dom_path, "w").write(dom)
    check("%s: chromium --dump-dom" % name, r.returncode == 0 and "<body" in dom,
          "exit %d: %s" % (r.returncode, r.stderr.decode()[-500:]))
    d = parse(dom)
    charted = set()
    for spec in a.chart:
        title, want = spec.rsplit("=", 1)
        secs = [s for s in d.sections if s["title"].startswith(title)]
        if not secs:
            fail("%s: section '%s' in the DOM" % (name, title), [s["title"] for s in d.sections])
            continue
        s = secs[0]
        charted.add(s["title"])
        check("%s: '%s' has one <svg>" % (name, title), s["svg"] == 1, "%d" % s["svg"])
        check("%s: '%s' chart has %s bars" % (name, title, want), s["rect"] == int(want), "%d" % s["rect"])
    other = [s["title"] for s in d.sections if s["svg"] and s["title"] not in charted]
    check("%s: no chart beyond the announced ones" % name, not other, ", ".join(other))
    dom_text = "".join(d.text)
    for t in a.text:
        check("%s: the page shows %r" % (name, t), t in dom_text)
    if a.scholen:
        import csv
        with open(a.scholen, encoding="utf-8") as f:
            bao = [r["name"] for r in csv.DictReader(f) if r.get("soort") == "bao"]
        named = [n for n in bao if n in dom_text or n in src]
        check("%s: no basisschool named (%d basisscholen)" % (name, len(bao)), bao and not named, repr(named[:5]))

    # ---- screenshot ----
    png = os.path.join(a.out, name + ".png")
    r = chromium(["--screenshot=" + png, "--window-size=1200,1600", "--hide-scrollbars",
                  "file://" + os.path.abspath(a.html)])
    if r.returncode != 0 or not os.path.exists(png):
        fail("%s: chromium --screenshot" % name, r.stderr.decode()[-500:])
    else:
        w, h, bpp, rows = png_pixels(png)
        colours, ink = set(), 0
        for y in range(0, h, 2):
            row = rows[y]
            for x in range(0, w * bpp, bpp * 2):
                px = row[x:x + 3]
                colours.add(px)
                if px != b"\xff\xff\xff":
                    ink += 1
        share = ink / ((h // 2 + 1) * (w // 2 + 1))
        check("%s: screenshot is not blank (%d colours, %.1f %% ink)" % (name, len(colours), 100 * share),
              len(colours) >= 16 and share > 0.01)
        # the charts' colours are on screen (blue bars or a badge colour)
        palette = {b"\x2b\x6c\xb0", b"\x2f\x85\x5a", b"\xc0\x56\x21", b"\xc5\x30\x30", b"\xdd\x6b\x20"}
        if a.chart:
            check("%s: screenshot shows chart colours" % name, bool(colours & palette))

    # ---- print to PDF ----
    pdf = os.path.join(a.out, name + ".pdf")
    r = chromium(["--print-to-pdf=" + pdf, "--no-pdf-header-footer", "file://" + os.path.abspath(a.html)])
    if r.returncode != 0 or not os.path.exists(pdf):
        fail("%s: chromium --print-to-pdf" % name, r.stderr.decode()[-500:])
    else:
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        m = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
        check("%s: PDF pages are A4" % name,
              m and abs(float(m.group(1)) - 595.3) < 2 and abs(float(m.group(2)) - 841.9) < 2, info)
        txt = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
        flat = re.sub(r"\s+", " ", txt)
        for hd in a.heading:
            check("%s: PDF text has heading %r" % (name, hd), re.sub(r"\s+", " ", hd) in flat)
    return scenario.exit_code()


if __name__ == "__main__":
    sys.exit(main())
