"""Render a `tmux capture-pane -e -p` dump (text with ANSI colours) to a PNG, with a CJK font.
Usage: python render.py capture.txt out.png"""
import re
import sys
import unicodedata

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
SIZE = 16
CW, CH = 9, 20  # cell width and height in pixels
PALETTE = [(0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16), (36, 114, 200), (188, 63, 188), (17, 168, 205), (229, 229, 229),
           (102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67), (59, 142, 234), (214, 112, 214), (41, 184, 219), (255, 255, 255)]
FG, BG = (212, 212, 212), (30, 30, 30)


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


def main(src, out):
    lines = open(src, encoding="utf-8").read().rstrip("\n").split("\n")
    cols = 110
    img = Image.new("RGB", (cols * CW + 16, len(lines) * CH + 16), BG)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, SIZE, index=1)
    for row, line in enumerate(lines):
        fg, bg, x = FG, None, 0
        for part in re.split(r"(\x1b\[[0-9;:]*m)", line):
            if part.startswith("\x1b["):
                codes = [int(c) if c else 0 for c in re.split("[;:]", part[2:-1])] or [0]
                i = 0
                while i < len(codes):
                    c = codes[i]
                    if c == 0:
                        fg, bg = FG, None
                    elif 30 <= c <= 37:
                        fg = PALETTE[c - 30]
                    elif 90 <= c <= 97:
                        fg = PALETTE[c - 90 + 8]
                    elif 40 <= c <= 47:
                        bg = PALETTE[c - 40]
                    elif c in (38, 48) and i + 1 < len(codes):
                        if codes[i + 1] == 5 and i + 2 < len(codes):
                            col = xterm256(codes[i + 2]); i += 2
                        elif codes[i + 1] == 2 and i + 4 < len(codes):
                            col = tuple(codes[i + 2:i + 5]); i += 4
                        else:
                            col = None
                        if col:
                            if c == 38:
                                fg = col
                            else:
                                bg = col
                    elif c == 39:
                        fg = FG
                    elif c == 49:
                        bg = None
                    i += 1
                continue
            for ch in part:
                w = width(ch)
                px, py = 8 + x * CW, 8 + row * CH
                if bg:
                    draw.rectangle([px, py, px + w * CW, py + CH], fill=bg)
                draw.text((px, py + 1), ch, font=font, fill=fg)
                x += w
    img.save(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
