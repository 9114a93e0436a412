"""Second factors. Each answers one question the same way (like django-otp's
``Device.verify_token``): given this normalised input, at this time, for this
user, do you accept it, and if not, why? The answer is a
:class:`~twofa_sim.outcomes.Verdict`."""
