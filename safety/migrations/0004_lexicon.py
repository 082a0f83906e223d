"""A lexicon of words and phrases no child should hear from the bear, whatever the classifier
thinks. Words end in * to match any ending (``fuck*`` matches ``fucking``). Chosen for precision:
words that stories use innocently ("ugly duckling", "don't play with fire", "you could hurt
yourself") are left to the classifier; the mildest words apply to the youngest children only. Staff edit them in the console."""

from django.db import migrations

ALL = ""
YOUNG = "under_5,5_8"

# (pattern, match, category, severity, action, direction, age_groups)
RULES = [
    *[
        (w, "word", "profanity", "medium", "block", "both", ALL)
        for w in (
            "fuck*",
            "motherfuck*",
            "shit*",
            "bitch*",
            "cunt*",
            "dick",
            "dicks",
            "dickhead*",
            "pussy",
            "pussies",
            "whore*",
            "slut*",
            "hoe",
            "hoes",
            "asshole*",
            "bastard*",
            "bullshit",
            "wtf",
            "stfu",
            "twat*",
            "wanker*",
            "bollocks",
            "jackass",
        )
    ],
    *[
        (w, "word", "hate", "high", "block", "both", ALL)
        for w in (
            "nigg*",
            "fag",
            "fags",
            "faggot*",
            "retard*",
            "tranny",
            "kike*",
            "spic",
            "spics",
            "chink*",
            "wetback*",
            "raghead*",
            "nazi*",
            "kkk",
            "coon",
            "coons",
            "beaner*",
            "jiggaboo*",
            "queers",
            "towelhead*",
            "gook*",
            "dyke*",
        )
    ],
    *[
        (w, "word", "sexual", "high", "block", "both", ALL)
        for w in (
            "sex",
            "sexy",
            "sexual*",
            "porn*",
            "nude*",
            "nudes",
            "penis*",
            "vagina*",
            "boob*",
            "tits",
            "titties",
            "orgasm*",
            "horny",
            "masturbat*",
            "erotic*",
            "blowjob*",
            "handjob*",
            "dildo*",
            "hentai",
            "xxx",
            "nsfw",
            "genital*",
            "clitoris",
            "condom*",
            "milf",
        )
    ],
    *[
        (w, "word", "sexual_minors", "critical", "block", "both", ALL)
        for w in (
            "rape*",
            "rapist*",
            "molest*",
            "pedo*",
            "paedo*",
            "incest*",
            "grooming",
        )
    ],
    *[
        (w, "word", "drugs_alcohol", "high", "block", "to_child", ALL)
        for w in (
            "cocaine",
            "heroin",
            "meth",
            "methamphetamine",
            "marijuana",
            "cannabis",
            "lsd",
            "ecstasy",
            "vodka",
            "whiskey",
            "whisky",
            "tequila",
            "cigarette*",
            "vape",
            "vaping",
            "drunk",
            "fentanyl",
            "opioid*",
            "overdose*",
        )
    ],
    *[
        (w, "word", "harassment", "low", "block", "to_child", YOUNG)
        for w in (
            "damn",
            "hell",
            "crap",
            "idiot*",
        )
    ],
    *[
        (p, "phrase", "self_harm", "critical", "block", "both", ALL)
        for p in (
            "suicide",
            "suicidal",
            "kill myself",
            "killing myself",
            "kill yourself",
            "end my life",
            "end your life",
            "cutting myself",
            "want to die",
            "wanna die",
            "self harm",
            "self-harm",
            "hang myself",
            "hang yourself",
            "starve yourself",
        )
    ],
    *[
        (p, "phrase", "violence", "high", "block", "both", ALL)
        for p in (
            "kill you",
            "kill him",
            "kill her",
            "kill them",
            "kill people",
            "kill someone",
            "kill somebody",
            "kill a person",
            "kill everyone",
            "murder",
            "murdered",
            "stab you",
            "stab him",
            "stab her",
            "shoot you",
            "shoot him",
            "shoot her",
            "shoot people",
            "beat you up",
            "beat him up",
            "beat her up",
            "behead*",
            "torture",
        )
    ],
    *[
        (p, "phrase", "weapons", "critical", "block", "both", ALL)
        for p in (
            "make a bomb",
            "build a bomb",
            "pipe bomb",
            "make a gun",
            "load the gun",
            "real gun",
            "nerve agent",
            "make poison",
            "anthrax",
            "explosives",
        )
    ],
    *[
        (p, "phrase", "dangerous_activities", "high", "block", "to_child", ALL)
        for p in (
            "blackout challenge",
            "choking game",
            "tide pod",
            "laundry pod",
            "fork in the socket",
            "jump off the roof",
            "hold your breath until",
            "plastic bag over your head",
            "drink bleach",
        )
    ],
]


def add(apps, schema_editor):
    SafetyRule = apps.get_model("safety", "SafetyRule")
    for pattern, match, category, severity, action, direction, ages in RULES:
        SafetyRule.objects.get_or_create(
            pattern=pattern,
            match=match,
            defaults={
                "category": category,
                "severity": severity,
                "action": action,
                "direction": direction,
                "age_groups": ages,
                "note": "lexicon",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("safety", "0003_audit_entry")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
