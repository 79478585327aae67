"""Named cuts on the painted scalp (params version 14): where a mohawk's, a faux-hawk's or an undercut's sides are
shaved, and cornrows' rows.  The hair mesh (backend/hair/) draws the crest or the top; the painted scalp beside it was
a normal crop, so a mohawk read as a crest on a full head of hair.

side_shave: how short the shaved zone is (1: stubble, scalp_length 0 there); shave_shape picks the zone, 0 a mohawk's
(all but a strip STRIP_HALF cm either side of the midline), 1 an undercut's (the sides and back below the temples).
cornrows: hair in parallel rows from the front hairline to the nape with bare scalp between (1: fully parted);
cornrow_nape (version 15) keeps them side by side down the back instead of meeting in a star.
"""
from __future__ import annotations

import math

import torch

STRIP_HALF = 2.0  # cm either side of the midline a mohawk keeps (faux-hawk: the same strip, sides a little longer)
UNDERCUT_Y = 8.5  # cm: the undercut's line, about the temples' height (the forehead's hairline is at ~11)
EDGE = 0.3  # cm: the softness of a shaved zone's border
ROW_AXIS_Y = 3.0  # cm: the rows run front to back at constant angle around the axis through here (about the ears')
ROW_PERIOD = 0.22  # radians between rows (~2.2 cm over the top of the head)
ROW_SHARP = 5.0  # how sharply a row's edge is cut
ROW_SHARE = 0.3  # of the cosine's range: above -this is row, the rest bare scalp (~60 % of the width is hair)
# cornrow_nape (params version 15): the angle round the axis made every row meet the others where the axis leaves the
# back of the head (at the occiput, in a star).  Behind NAPE_Z the rows' distance from the axis is held at least
# NAPE_REACH, so down the back the angle follows x alone: the rows run down side by side to the nape (~2 cm apart, as
# over the top) and those along the sides curve down behind the ears.
NAPE_Z = -3.5  # cm: where the back begins (the crown whorl is at z -4)
NAPE_SOFT = 2.0  # cm: how gradually the rows turn down
NAPE_REACH = 9.0  # cm: the least distance from the axis the angle is taken at, behind NAPE_Z


def shaved_zone(p: dict, pos: torch.Tensor) -> torch.Tensor:
    """0..1 per texel: 1 where the cut shaves (positions (3, h, w) in cm)."""
    x, y, _ = pos
    mohawk = torch.sigmoid((x.abs() - STRIP_HALF) / EDGE)
    undercut = torch.sigmoid((UNDERCUT_Y - y) / EDGE)
    return mohawk + p["shave_shape"] * (undercut - mohawk)


def scalp_length(p: dict, pos: torch.Tensor):
    """The scalp hair's length per texel: scalp_length, shaved to stubble in the cut's zone (side_shave)."""
    if float(p["side_shave"]) <= 0.0:  # no cut named (every head before version 14): the one length
        return p["scalp_length"]
    return p["scalp_length"] * (1.0 - p["side_shave"] * shaved_zone(p, pos))


def rows(p: dict, pos: torch.Tensor) -> torch.Tensor:
    """0..1 per texel, the share of the density that stays: cornrows' rows (1) and the bare scalp between them."""
    x, y, z = pos
    across = y - ROW_AXIS_Y
    if float(p["cornrow_nape"]) > 0.0:  # params version 15 (0 before: a star at the occiput)
        back = p["cornrow_nape"] * torch.sigmoid((NAPE_Z - z) / NAPE_SOFT)
        across = across + back * torch.nn.functional.softplus(NAPE_REACH - across)
    angle = torch.atan2(x, across)
    row = torch.sigmoid(ROW_SHARP * (torch.cos(2.0 * math.pi * angle / ROW_PERIOD) + ROW_SHARE))
    return 1.0 - p["cornrows"] * (1.0 - row)
