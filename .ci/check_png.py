#!/usr/bin/env python3
"""Fails unless each PNG given exists, decodes, and is neither blank nor a
single colour (a smoke test of the game's --screenshot). Standard library
only: zlib and the PNG filters."""
import struct
import sys
import zlib


def pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or interlace != 0 or colour not in (2, 6):
        raise ValueError(f"unexpected PNG format {header}")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    ok = True
    for path in sys.argv[1:]:
        try:
            width, height, bpp, rows = pixels(path)
        except Exception as e:  # any failure to read is a failed check
            print(f"{path}: cannot read: {e}")
            ok = False
            continue
        colours = set()
        for row in rows[:: max(1, height // 60)]:
            for x in range(0, width, max(1, width // 80)):
                colours.add(row[x * bpp:x * bpp + 3])
        if len(colours) < 8:
            print(f"{path}: only {len(colours)} colour(s): blank or a single colour")
            ok = False
        else:
            print(f"{path}: {width}x{height}, {len(colours)} colours sampled")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
