"""Neutral sentences that mention identity groups: safe training examples against a known bias.

Hate-speech data names religions, ethnicities, sexual orientations and disabilities mostly in
hateful texts, so a model learns the group's name itself as a sign of hate and then blocks
"I am a Muslim" or "my friend is gay". Templated neutral sentences with every group term, as
safe examples, teach it that a mention is not an attack (Dixon et al., "Measuring and Mitigating
Unintended Bias in Text Classification", AIES 2018, de-biasing by data augmentation).

The templates and terms are this project's own, written for children's talk; the held-out probes
(``safety/eval/probes``) are written separately and never generated from these.
"""

from __future__ import annotations

import random

TERMS = {
    "en": {
        "adjective": [
            "Muslim",
            "Jewish",
            "Christian",
            "Catholic",
            "Hindu",
            "Sikh",
            "Buddhist",
            "atheist",
            "Black",
            "white",
            "Asian",
            "Latino",
            "Latina",
            "Hispanic",
            "Native American",
            "Indigenous",
            "Arab",
            "Mexican",
            "Chinese",
            "Indian",
            "Nigerian",
            "Pakistani",
            "Somali",
            "Polish",
            "Irish",
            "Korean",
            "Japanese",
            "Filipino",
            "Vietnamese",
            "Jamaican",
            "gay",
            "lesbian",
            "bisexual",
            "transgender",
            "trans",
            "queer",
            "deaf",
            "blind",
            "autistic",
            "disabled",
            "immigrant",
            "refugee",
            "Mormon",
            "Romani",
            "African American",
            "Puerto Rican",
            "Syrian",
            "Ukrainian",
            "Haitian",
        ],
        "noun": [
            "a Muslim",
            "a Jew",
            "a Christian",
            "a Hindu",
            "a Sikh",
            "a Buddhist",
            "an atheist",
            "an immigrant",
            "a refugee",
            "a wheelchair user",
            "a girl who loves football",
            "a boy who loves ballet",
        ],
    },
    "es": {
        "adjective": [
            "musulmán",
            "judío",
            "cristiano",
            "negro",
            "gitano",
            "gay",
            "lesbiana",
            "sordo",
            "ciego",
            "autista",
            "inmigrante",
            "mexicano",
            "marroquí",
            "chino",
            "trans",
        ]
    },
    "de": {
        "adjective": [
            "muslimisch",
            "jüdisch",
            "christlich",
            "schwarz",
            "schwul",
            "lesbisch",
            "taub",
            "blind",
            "autistisch",
            "türkisch",
            "syrisch",
            "polnisch",
            "trans",
        ]
    },
    "fr": {
        "adjective": [
            "musulman",
            "juif",
            "chrétien",
            "noir",
            "arabe",
            "gay",
            "lesbienne",
            "sourd",
            "aveugle",
            "autiste",
            "immigré",
            "algérien",
            "sénégalais",
            "trans",
        ]
    },
    "it": {
        "adjective": [
            "musulmano",
            "ebreo",
            "cristiano",
            "nero",
            "gay",
            "lesbica",
            "sordo",
            "cieco",
            "autistico",
            "immigrato",
            "rom",
            "albanese",
            "cinese",
        ]
    },
    "pt": {
        "adjective": [
            "muçulmano",
            "judeu",
            "cristão",
            "negro",
            "gay",
            "lésbica",
            "surdo",
            "cego",
            "autista",
            "imigrante",
            "indígena",
            "angolano",
            "trans",
        ]
    },
    "nl": {
        "adjective": [
            "moslim",
            "joods",
            "christelijk",
            "zwart",
            "homo",
            "lesbisch",
            "doof",
            "blind",
            "autistisch",
            "Marokkaans",
            "Turks",
            "Surinaams",
            "trans",
        ]
    },
}

TEMPLATES = {
    "en": {
        "adjective": [
            "I am {t}.",
            "I'm {t} and I love drawing.",
            "My friend is {t}.",
            "My best friend is {t} and she is so funny.",
            "Our teacher is {t}.",
            "My neighbour is {t} and he has a big dog.",
            "Is it okay to be {t}? Yes, of course.",
            "My family is {t}.",
            "My grandma is {t} and she tells great stories.",
            "There are {t} kids in my class.",
            "We are {t} and we celebrate with our cousins.",
            "Being {t} is just one part of who you are.",
            "{t} people live all over the world.",
            "My mom says {t} families are like every family.",
            "He is {t} and he is my buddy.",
            "Tell me a story about a {t} girl who flies a kite.",
            "The new boy in my class is {t}.",
            "My uncle is {t} and he is a doctor.",
            "i am {t}",
            "my friend is {t} and we play tag",
        ],
        "noun": [
            "I am {t}.",
            "My dad is {t}.",
            "Her mom is {t} and she bakes bread.",
            "Can you tell me a story about {t}?",
            "my teacher is {t}",
        ],
    },
    "es": {
        "adjective": [
            "Soy {t}.",
            "Mi amigo es {t}.",
            "Mi familia es {t}.",
            "Mi maestra es {t} y es muy simpática.",
            "mi vecino es {t}",
        ]
    },
    "de": {
        "adjective": [
            "Ich bin {t}.",
            "Mein Freund ist {t}.",
            "Meine Familie ist {t}.",
            "Unsere Lehrerin ist {t} und sehr nett.",
            "mein nachbar ist {t}",
        ]
    },
    "fr": {
        "adjective": [
            "Je suis {t}.",
            "Mon ami est {t}.",
            "Ma famille est {t}.",
            "Notre maîtresse est {t} et très gentille.",
            "mon voisin est {t}",
        ]
    },
    "it": {
        "adjective": [
            "Sono {t}.",
            "Il mio amico è {t}.",
            "La mia famiglia è {t}.",
            "La nostra maestra è {t} ed è simpatica.",
            "il mio vicino è {t}",
        ]
    },
    "pt": {
        "adjective": [
            "Eu sou {t}.",
            "Meu amigo é {t}.",
            "Minha família é {t}.",
            "Nossa professora é {t} e é muito legal.",
            "meu vizinho é {t}",
        ]
    },
    "nl": {
        "adjective": [
            "Ik ben {t}.",
            "Mijn vriend is {t}.",
            "Mijn familie is {t}.",
            "Onze juf is {t} en heel lief.",
            "mijn buurman is {t}",
        ]
    },
}


def identity_rows(per_term: int = 4, seed: int = 13) -> list[dict]:
    """Safe rows: each term in ``per_term`` of its language's templates, chosen at random."""
    rng = random.Random(seed)  # noqa: S311 - sampling, not secrecy
    rows = []
    for language, kinds in TERMS.items():
        for kind, terms in kinds.items():
            templates = TEMPLATES[language][kind]
            for term in terms:
                for template in rng.sample(templates, min(per_term, len(templates))):
                    text = template.format(t=term)
                    if template.startswith("{t}"):
                        text = text[0].upper() + text[1:]
                    rows.append(
                        {
                            "text": text,
                            "label": "safe",
                            "category": "identity_neutral",
                            "language": language,
                            "source": "teddy-audio identity templates",
                        }
                    )
    return rows
