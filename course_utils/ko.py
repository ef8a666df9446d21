"""Importing this module makes course_utils speak Korean: the one setup line of the Korean notebooks.

``import course_utils.ko`` is ``course_utils.language.use_language("ko")`` in a line that changes nothing else in
a setup cell; ``use_language("en")`` switches back.
"""

from .language import use_language

use_language("ko")
