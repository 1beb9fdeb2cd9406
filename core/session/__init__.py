"""The app's one model, free of Qt: the draft config, the data catalogue, the run state, the runs list
and the run queue (:class:`core.session.session.Session`)."""
