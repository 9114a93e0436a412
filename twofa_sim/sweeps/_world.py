"""How a sweep builds each world: Alice enrolled with her app, then a day passes.

A sweep about the look-around window or the phone's clock needs neither the
QR image's round trip (rendering and decoding it was most of a world's cost)
nor a slow password hash. Its worlds (:data:`FAST`) give the app the
provisioning URI itself and hash with one PBKDF2 iteration. Neither changes a
secret, a code or an answer: the app gets the same settings, and a salt is
drawn from the seeded entropy whatever the cost, so every later draw is the
same. Tables equal those of worlds built the long way (:data:`FAITHFUL`);
``tests/test_sweeps.py`` checks it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..app import AppProfile
from ..demo import Demo
from ..hashing import HashCost
from ..policy import Policy

#: One PBKDF2 iteration: for worlds whose sweep never looks at hashing.
CHEAP_HASHING = HashCost("cheap", 1)


@dataclass(frozen=True)
class Build:
    """How a sweep's worlds are built.

    Attributes:
        qr: scan the real QR image (render, then decode) at enrolment.
        cheap_hashing: hash with :data:`CHEAP_HASHING` instead of the policy's cost.
    """

    qr: bool
    cheap_hashing: bool


#: The sweeps' worlds: no QR round trip, cheap hashing.
FAST = Build(qr=False, cheap_hashing=True)

#: Worlds as :meth:`Demo.create(enrolled=True) <twofa_sim.demo.Demo.create>` builds them.
FAITHFUL = Build(qr=True, cheap_hashing=False)


def enrolled_world(seed: int, policy: Policy, profile: AppProfile, build: Build) -> Demo:
    """A fresh seeded world (arguments already checked): Alice enrolled at
    the start time with an app of ``profile``, then a day passed."""
    if build.cheap_hashing:
        policy = policy.replace(hash_cost=CHEAP_HASHING, name=policy.name)
    return Demo.create(seed=seed, policy=policy, profile=profile, enrolled=True, qr=build.qr)
