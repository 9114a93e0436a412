def remembered_token_theft(*a, **k):
    raise NotImplementedError
