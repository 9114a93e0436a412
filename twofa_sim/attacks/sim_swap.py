def sim_swap(*a, **k):
    raise NotImplementedError
