"""Render `tmux capture-pane -e -p` dumps (text with ANSI SGR colours) to one PNG, one captioned
panel per dump, with a CJK font for wide characters and DejaVu Sans Mono for the rest (box
drawing, ✗, ✓). Usage: python render.py out.png COLS "caption 1" cap1.txt ["caption 2" cap2.txt ...]
Needs Pillow and the fonts of Debian's fonts-wqy-microhei and fonts-dejavu-core."""
import re
import sys
import unicodedata

from PIL import Image, ImageDraw, ImageFont

CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
MONO_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
MONO_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
SIZE = 15
CH = 19  # row height in pixels
PAD = 8
CAPTION_H = 26
PALETTE = [(30, 30, 30), (224, 82, 82), (120, 190, 90), (220, 190, 80), (90, 140, 220), (190, 110, 200), (80, 180, 200), (210, 210, 210),
           (110, 110, 110), (245, 110, 110), (150, 220, 120), (240, 215, 110), (120, 170, 245), (215, 140, 225), (110, 210, 230), (250, 250, 250)]
FG, BG = (215, 215, 215), (24, 26, 30)


def xterm256(n):
    if n < 16:
        return PALETTE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return (v, v, v)


def width(ch):
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


class Style:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg, self.bg, self.bold, self.underline, self.reverse, self.ul_colour = None, None, False, False, False, None

    def apply(self, params):
        groups = [[int(x) if x else 0 for x in p.split(":")] for p in params.split(";")] if params else [[0]]
        i = 0
        while i < len(groups):
            g = groups[i]
            c = g[0]
            if c == 0:
                self.reset()
            elif c == 1:
                self.bold = True
            elif c == 22:
                self.bold = False
            elif c == 4:
                self.underline = len(g) == 1 or g[1] != 0
            elif c == 24:
                self.underline = False
            elif c == 7:
                self.reverse = True
            elif c == 27:
                self.reverse = False
            elif 30 <= c <= 37:
                self.fg = PALETTE[c - 30]
            elif 90 <= c <= 97:
                self.fg = PALETTE[c - 90 + 8]
            elif 40 <= c <= 47:
                self.bg = PALETTE[c - 40]
            elif 100 <= c <= 107:
                self.bg = PALETTE[c - 100 + 8]
            elif c == 39:
                self.fg = None
            elif c == 49:
                self.bg = None
            elif c in (38, 48, 58):
                # 38;5;n / 38;2;r;g;b, or the colon forms 38:5:n / 38:2::r:g:b
                if len(g) > 1:
                    rest = g[1:]
                else:
                    rest = [x[0] for x in groups[i + 1:i + 5]]
                col = None
                if rest and rest[0] == 5 and len(rest) > 1:
                    col = xterm256(rest[1])
                    used = 2
                elif rest and rest[0] == 2 and len(rest) >= 4:
                    col = tuple(rest[-3:]) if len(g) > 1 else tuple(rest[1:4])
                    used = 4
                else:
                    used = 0
                if len(g) == 1:
                    i += used
                if col:
                    if c == 38:
                        self.fg = col
                    elif c == 48:
                        self.bg = col
                    else:
                        self.ul_colour = col
            i += 1

    def colours(self):
        fg, bg = self.fg or FG, self.bg
        if self.reverse:
            fg, bg = (bg or BG), fg
        return fg, bg


def render_panel(draw, fonts, lines, top, cw):
    style = Style()
    for row, line in enumerate(lines):
        x = 0
        for part in re.split(r"(\x1b\[[0-9;:]*m)", line):
            if part.startswith("\x1b["):
                style.apply(part[2:-1])
                continue
            for ch in part:
                w = width(ch)
                px, py = PAD + x * cw, top + row * CH
                fg, bg = style.colours()
                if bg:
                    draw.rectangle([px, py, px + w * cw - 1, py + CH - 1], fill=bg)
                if ch != " ":
                    font = fonts["cjk"] if w == 2 else (fonts["bold"] if style.bold else fonts["mono"])
                    draw.text((px, py + 2), ch, font=font, fill=fg)
                if style.underline:
                    draw.line([px, py + CH - 2, px + w * cw - 1, py + CH - 2], fill=style.ul_colour or fg)
                x += w


def main(out, cols, *pairs):
    fonts = {
        "cjk": ImageFont.truetype(CJK_FONT, SIZE, index=0),
        "mono": ImageFont.truetype(MONO_FONT, SIZE - 1),
        "bold": ImageFont.truetype(MONO_BOLD, SIZE - 1),
    }
    cw = round(fonts["mono"].getlength("M"))
    panels = []
    for caption, path in zip(pairs[0::2], pairs[1::2]):
        with open(path, encoding="utf-8") as f:
            panels.append((caption, f.read().rstrip("\n").split("\n")))
    height = sum(CAPTION_H + len(lines) * CH + PAD for _, lines in panels) + PAD
    img = Image.new("RGB", (int(cols) * cw + 2 * PAD, height), BG)
    draw = ImageDraw.Draw(img)
    top = PAD
    for caption, lines in panels:
        draw.rectangle([0, top - PAD // 2, img.width, top + CAPTION_H - 6], fill=(48, 52, 60))
        draw.text((PAD, top), caption, font=fonts["cjk"], fill=(250, 250, 250))
        top += CAPTION_H
        render_panel(draw, fonts, lines, top, cw)
        top += len(lines) * CH + PAD
    # Few colours: a palette image keeps the PNG small.
    img.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(out, optimize=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
