"""Trades, offices and callings beyond lexicon.ROLES (merged into it): nouns that name what a person does and say
nothing of gender or age ("a young courier", "a Korean merchant").  As the roles, they stay abstract phrases for CLIP
and let person adjectives and ancestry words before them apply to the person (extract.role_ancestry,
extract.free_words).  NPC writers name a job more often than a plain "man" or "woman"; before, a nationality before
any of these left the whole run a phrase ("a young East Asian courier": no age, no ancestry)."""
from __future__ import annotations

JOBS = frozenset("""
courier messenger guide porter runner herald envoy emissary diplomat ambassador courtier advisor adviser minister
chancellor governor mayor magistrate bailiff constable inspector investigator ranger scout sentry sentinel archer
gladiator squire paladin cleric bard rogue thief burglar pickpocket smuggler poacher pirate corsair buccaneer
deckhand navigator shipwright mariner fisher shepherd herder rancher trapper woodcutter lumberjack forester gardener
groundskeeper janitor cleaner plumber electrician carpenter joiner mason stonemason bricklayer potter weaver cobbler
shoemaker tanner fletcher bowyer armorer armourer weaponsmith goldsmith silversmith jeweler jeweller tinker tinkerer
innkeeper tavernkeeper barkeep barkeeper publican brewer vintner distiller fishmonger grocer greengrocer florist
herbalist apothecary alchemist healer physician surgeon dentist pharmacist veterinarian medic paramedic firefighter
scribe secretary receptionist cashier bookkeeper treasurer steward attendant shaman druid oracle prophet seer
preacher pastor rabbi imam vicar bishop cardinal deacon missionary pilgrim historian archivist tutor lecturer
journalist reporter photographer editor designer architect analyst consultant manager entrepreneur investor broker
trader dealer salesperson vendor peddler hawker stallholder storekeeper busker juggler acrobat jester minstrel
troubadour performer entertainer musician drummer guitarist violinist pianist composer sculptor illustrator
cartographer surveyor caretaker housekeeper valet chauffeur driver cabbie trucker miller farmhand serf laborer miner
smelter technician scientist researcher chemist biologist physicist inventor mathematician astronomer astrologer
philosopher monk novice acolyte tailor dressmaker hairdresser stylist beautician cosmetologist mercenary sellsword
bounty_hunter hitman enforcer bouncer gatekeeper jailer jailor warden executioner interrogator sniper gunslinger
duelist duellist fencer knight rider jockey charioteer falconer gamekeeper beekeeper cowhand wrangler gaucho vaquero
stablehand dancer singer actor
""".split())
# Role nouns that name a woman or a man: read as the person noun they compound to (lexicon.compound_person), so they
# say the gender and stay a look for CLIP, as "waitress", "witch" and "horsewoman" do ("-man"/"-woman" compounds such
# as "huntsman" are read so already).  Female forms in -ess also come from their base ("priestess" -> priest,
# "sorceress" -> sorcerer, "huntress" -> hunter: lexicon.compound_person); these are those whose base is no role
# noun, or that end otherwise.
FEMALE_ROLES = frozenset("""
seamstress governess laundress songstress mistress empress abbess prioress marchioness viscountess archduchess
countess baroness hostess heiress stewardess enchantress temptress courtesan masseuse midwife nanny fishwife alewife
geisha valkyrie maharani rani tsarina czarina sultana begum dame priestess sorceress huntress sculptress handmaiden
maidservant
""".split())
MALE_ROLES = frozenset("""
baron abbot friar earl viscount marquis marquess tsar czar kaiser maharaja maharajah rajah sheikh emir masseur
""".split())
