"""numpy's default random generator (`numpy.random.default_rng(seed)`), in plain Python.

`make_dataset` draws its points from this generator, and every number the notebooks print
(the floor, the condition number, the steps to converge) follows from those points. So
that a seed gives the same points with numpy and without it (JupyterLite's bare Pyodide),
this module reproduces the two draws the data sets need bit for bit (the tests compare
with numpy): numpy's `SeedSequence` hashes the seed into a state, PCG64 steps it,
`uniform` scales its top 53 bits, and `normal` uses numpy's ziggurat (Marsaglia and
Tsang's method) with numpy's table.
"""

from __future__ import annotations

import math

MASK32 = 0xFFFFFFFF
MASK64 = 0xFFFFFFFFFFFFFFFF
MASK128 = (1 << 128) - 1
# SeedSequence's hash constants (numpy/random/bit_generator.pyx)
INIT_A, MULT_A = 0x43B0D7E5, 0x931E8875
INIT_B, MULT_B = 0x8B51F9DD, 0x58F38DED
MIX_MULT_L, MIX_MULT_R = 0xCA01F9DD, 0x4973F715
XSHIFT = 16
POOL_SIZE = 4
PCG_MULTIPLIER = 0x2360ED051FC65DA44385DF649FCCF645
# the ziggurat for the normal distribution: 256 boxes, the last one's edge at R
ZIGGURAT_R = 3.6541528853610087963519472518
ZIGGURAT_INV_R = 0.27366123732975827203338247596
ZIGGURAT_AREA = 0.0049286732339746519


def _seed_words(seed: int) -> list[int]:
    """The seed as little-endian 32-bit words (0 is one word, 0)."""
    words = [seed & MASK32]
    seed >>= 32
    while seed:
        words.append(seed & MASK32)
        seed >>= 32
    return words


def _pool(seed: int) -> list[int]:
    """SeedSequence(seed).pool: the seed's words hashed and mixed into four words."""
    entropy = _seed_words(seed)
    hash_const = INIT_A

    def hashmix(value: int) -> int:
        nonlocal hash_const
        value ^= hash_const
        hash_const = (hash_const * MULT_A) & MASK32
        value = (value * hash_const) & MASK32
        return value ^ (value >> XSHIFT)

    def mix(x: int, y: int) -> int:
        result = (MIX_MULT_L * x - MIX_MULT_R * y) & MASK32
        return result ^ (result >> XSHIFT)

    pool = [hashmix(entropy[i] if i < len(entropy) else 0) for i in range(POOL_SIZE)]
    for source in range(POOL_SIZE):
        for target in range(POOL_SIZE):
            if source != target:
                pool[target] = mix(pool[target], hashmix(pool[source]))
    for word in entropy[POOL_SIZE:]:
        for target in range(POOL_SIZE):
            pool[target] = mix(pool[target], hashmix(word))
    return pool


def _state_words(pool: list[int], count: int) -> list[int]:
    """SeedSequence.generate_state(count, uint64): 64-bit words from the pool."""
    hash_const = INIT_B
    words32 = []
    for i in range(2 * count):
        value = pool[i % POOL_SIZE] ^ hash_const
        hash_const = (hash_const * MULT_B) & MASK32
        value = (value * hash_const) & MASK32
        words32.append(value ^ (value >> XSHIFT))
    return [words32[2 * i] | (words32[2 * i + 1] << 32) for i in range(count)]


# The right edges x_1 < ... < x_255 = R of the ziggurat's boxes (x_0 = 0), as numpy's
# ziggurat_constants.h has them (wi_double * 2^52; numpy, BSD-3-Clause licence). They
# solve x_i = sqrt(-2 log(exp(-x_{i+1}^2 / 2) + AREA / x_{i+1})) from x_255 = R down;
# recomputing that here lands up to a few ulps away for the first boxes (another libm),
# and the draws must be numpy's bit for bit, so the table is numpy's own.
EDGES = (
    0.21524189598488003,
    0.2861745917920715,
    0.33573751921442435,
    0.3751213328783798,
    0.40838913461199033,
    0.4375184022078708,
    0.4636343367908815,
    0.4874439661392353,
    0.509423329602091,
    0.5299097206615574,
    0.5491517023271645,
    0.5673382570538182,
    0.5846167661063788,
    0.6011046177559921,
    0.6168969900077509,
    0.6320722363860606,
    0.6466957148949931,
    0.6608225742444191,
    0.6744998228372932,
    0.6877678927957878,
    0.7006618411068143,
    0.7132122851909752,
    0.7254461409099988,
    0.7373872114342949,
    0.7490566620178146,
    0.7604734064301074,
    0.7716544242245675,
    0.7826150233072324,
    0.7933690588406226,
    0.8039291169899705,
    0.8143066701352146,
    0.8245122087522915,
    0.8345553540863815,
    0.8444449549091533,
    0.8541891710081632,
    0.8637955455533082,
    0.87327106808886,
    0.882622229585165,
    0.891855070732941,
    0.9009752244612214,
    0.9099879534967181,
    0.9188981836495902,
    0.9277105334019996,
    0.9364293402865748,
    0.945058684468165,
    0.9536024098810856,
    0.9620641432230401,
    0.970447311064224,
    0.9787551552942242,
    0.986990747099062,
    0.9951569996350904,
    1.0032566795446725,
    1.011292417439995,
    1.0192667174654835,
    1.027181966035645,
    1.03504043983344,
    1.0428443131441483,
    1.0505956645909291,
    1.0582964833306743,
    1.0659486747621219,
    1.0735540657924356,
    1.0811144097034033,
    1.0886313906539793,
    1.0961066278520208,
    1.103541679424639,
    1.110938046013575,
    1.1182971741193444,
    1.1256204592155326,
    1.1329092486525332,
    1.1401648443681507,
    1.1473885054208484,
    1.1545814503599272,
    1.161744859445611,
    1.1688798767308328,
    1.1759876120154515,
    1.1830691426826863,
    1.1901255154266914,
    1.1971577478794408,
    1.2041668301443809,
    1.2111537262436987,
    1.218119375485481,
    1.2250646937565302,
    1.2319905747461355,
    1.2388978911056867,
    1.2457874955486268,
    1.2526602218948968,
    1.2595168860637138,
    1.266358287018229,
    1.273185207665356,
    1.2799984157138176,
    1.2867986644932434,
    1.2935866937369476,
    1.300363230330837,
    1.307128989030731,
    1.3138846731502203,
    1.3206309752210559,
    1.3273685776279256,
    1.3340981532193599,
    1.3408203658964037,
    1.347535871180587,
    1.3542453167626347,
    1.3609493430332826,
    1.3676485835974759,
    1.374343665773166,
    1.381035211075855,
    1.3877238356899757,
    1.3944101509281406,
    1.4010947636792506,
    1.4077782768463984,
    1.4144612897754707,
    1.4211443986753085,
    1.4278281970302555,
    1.4345132760058918,
    1.4412002248487237,
    1.4478896312805758,
    1.45458208188841,
    1.4612781625102753,
    1.4679784586180793,
    1.4746835556978553,
    1.481394039628187,
    1.4881104970574472,
    1.4948335157804935,
    1.5015636851154637,
    1.5083015962813113,
    1.5150478427767144,
    1.5218030207609978,
    1.528567729437712,
    1.5353425714415139,
    1.5421281532290017,
    1.5489250854741732,
    1.5557339834691761,
    1.5625554675310445,
    1.5693901634151233,
    1.576238702735906,
    1.583101723396029,
    1.5899798700241905,
    1.5968737944227878,
    1.6037841560260941,
    1.6107116223698297,
    1.617656869573015,
    1.624620582833034,
    1.6316034569348727,
    1.638606196775547,
    1.6456295179047817,
    1.6526741470830553,
    1.659740822858182,
    1.666830296161665,
    1.6739433309261247,
    1.6810807047251735,
    1.688243209437195,
    1.6954316519345614,
    1.702646854799923,
    1.7098896570713016,
    1.7171609150178229,
    1.7244615029480448,
    1.7317923140529632,
    1.7391542612859117,
    1.7465482782817225,
    1.7539753203176716,
    1.7614363653189102,
    1.7689324149112684,
    1.7764644955245228,
    1.7840336595494415,
    1.7916409865521625,
    1.7992875845497203,
    1.8069745913508208,
    1.8147031759662826,
    1.8224745400938858,
    1.830289919682757,
    1.8381505865828067,
    1.8460578502851857,
    1.8540130597602023,
    1.8620176053996746,
    1.8700729210712674,
    1.8781804862929965,
    1.8863418285367834,
    1.8945585256707052,
    1.9028322085504297,
    1.9111645637712535,
    1.9195573365931882,
    1.9280123340526658,
    1.9365314282756947,
    1.9451165600086784,
    1.9537697423846467,
    1.962493064944363,
    1.9712886979336592,
    1.9801588969004766,
    1.989106007617438,
    1.9981324713584196,
    2.0072408305605287,
    2.016433734906204,
    2.025713947863854,
    2.035084353729619,
    2.0445479652175313,
    2.054107931650652,
    2.063767547811732,
    2.0735302635187427,
    2.083399693998304,
    2.0933796311387916,
    2.1034740557148766,
    2.1136871506866526,
    2.1240233156895227,
    2.134487182846016,
    2.145083634047888,
    2.1558178198767366,
    2.1666951803543077,
    2.1777214677402923,
    2.1889027716263603,
    2.200245546611276,
    2.2117566428841604,
    2.22344334009251,
    2.235313384929921,
    2.247375032947389,
    2.259637095173787,
    2.2721089902283813,
    2.284800802724492,
    2.2977233489028634,
    2.310888250601372,
    2.3243080188711325,
    2.3379961487965284,
    2.3519672273791445,
    2.366237056717291,
    2.3808227951720857,
    2.3957431197819274,
    2.4110184139011195,
    2.4266709849371466,
    2.442725318200364,
    2.459208374334705,
    2.476149939670523,
    2.4935830412710467,
    2.511544441626694,
    2.530075232159854,
    2.549221550324783,
    2.5690354526818435,
    2.589575986708286,
    2.610910518488823,
    2.6331163936315822,
    2.656283037576743,
    2.6805146432857447,
    2.705933656123062,
    2.7326853590440114,
    2.7609440052799865,
    2.7909211740019275,
    2.8228773968264433,
    2.857138730873225,
    2.8941210536134125,
    2.934366867208888,
    2.9786032798818436,
    3.027837791769594,
    3.0835261320021434,
    3.147889289518001,
    3.224575052047802,
    3.320244733839826,
    3.4492782985614316,
    3.654152885361009,
)


def _ziggurat_tables() -> tuple[list[int], list[float], list[float]]:
    """ki, wi, fi: numpy's tables for the normal ziggurat, from the box edges.

    wi[i] scales a 52-bit integer to x in box i; ki[i] is the integer below which that x
    lies inside box i - 1 as well (accepted at once); fi[i] is the density at the edge.
    """
    pdf = lambda v: math.exp(-0.5 * v * v)  # noqa: E731
    scale = 2.0**52
    edges = [0.0, *EDGES]
    ki = [round(ZIGGURAT_R * pdf(ZIGGURAT_R) / ZIGGURAT_AREA * scale)]
    ki += [round(edges[i] / edges[i + 1] * scale) for i in range(255)]
    wi = [ZIGGURAT_AREA / pdf(ZIGGURAT_R) / scale] + [e / scale for e in edges[1:]]
    fi = [pdf(e) for e in edges]
    return ki, wi, fi


KI, WI, FI = _ziggurat_tables()


class Generator:
    """`numpy.random.default_rng(seed)`'s uniform and normal draws, one number at a time."""

    def __init__(self, seed: int) -> None:
        words = _state_words(_pool(seed), 4)
        initstate = (words[0] << 64) | words[1]
        initseq = (words[2] << 64) | words[3]
        self._inc = ((initseq << 1) | 1) & MASK128
        self._state = 0
        self._step()
        self._state = (self._state + initstate) & MASK128
        self._step()

    def _step(self) -> None:
        self._state = (self._state * PCG_MULTIPLIER + self._inc) & MASK128

    def next_uint64(self) -> int:
        """PCG64's next output: step, then xor-shift the halves and rotate (XSL-RR)."""
        self._step()
        state = self._state
        value = ((state >> 64) ^ state) & MASK64
        rotation = state >> 122
        return ((value >> rotation) | (value << (64 - rotation))) & MASK64

    def next_double(self) -> float:
        """A double in [0, 1) from the top 53 bits."""
        return (self.next_uint64() >> 11) * (1.0 / 9007199254740992.0)

    def uniform(self, low: float, high: float) -> float:
        """A number uniform in [low, high), as `Generator.uniform(low, high)`."""
        return low + (high - low) * self.next_double()

    def standard_normal(self) -> float:
        """A standard normal number by the ziggurat, as `Generator.standard_normal()`."""
        while True:
            r = self.next_uint64()
            index = r & 0xFF
            r >>= 8
            sign = r & 0x1
            rabs = (r >> 1) & 0x000FFFFFFFFFFFFF
            x = rabs * WI[index]
            if sign:
                x = -x
            if rabs < KI[index]:
                return x
            if index == 0:
                while True:
                    xx = -ZIGGURAT_INV_R * math.log1p(-self.next_double())
                    yy = -math.log1p(-self.next_double())
                    if yy + yy > xx * xx:
                        tail = ZIGGURAT_R + xx
                        return -tail if (rabs >> 8) & 0x1 else tail
            elif (FI[index - 1] - FI[index]) * self.next_double() + FI[index] < math.exp(
                -0.5 * x * x
            ):
                return x

    def normal(self, loc: float, scale: float) -> float:
        """loc + scale * a standard normal number, as `Generator.normal(loc, scale)`."""
        return loc + scale * self.standard_normal()
