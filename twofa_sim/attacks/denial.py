def lockout_denial(*a, **k):
    raise NotImplementedError
