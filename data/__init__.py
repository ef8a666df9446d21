"""The course's data files. Installed as the package ``course_utils.datasets``; read them with ``course_utils.data``.

This file makes the folder a package, so that editable installs and wheels alike find the data (README.md here).
"""
