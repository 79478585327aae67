"""General English: function words, request filler, common words (never typo-corrected), and the
function words of other languages (to tell non-English text apart)."""
from __future__ import annotations

STOP = frozenset("""
a an the and or but nor so yet if then than as at by for from in into of off on onto out over to up upon
with within without about above across after against along among around before behind below beneath
beside besides between beyond down during except inside near outside since through throughout till
toward towards under underneath until via is are was were be been being am do does did doing done have
has had having will would shall should can could may might must it its it's this that these those
there here which who whom whose what when where why how all any both each either every few many
much more most other some such no not only own same too very just also i me my mine we us our you
your yours he him his she her hers they them their theirs one ones s t ll d re ve m o y
it itself themselves ourselves myself yourself himself herself while because although though whether
even ever still already really quite rather somewhat pretty fairly like looks look looking
seems seem appears appear appearing seeming sporting wears wearing wear wore has got gets get
having tends tend usually often always sometimes kinda sorta bit lot lots plenty
""".split())

# Words of a request or of image quality: never a description of the face.
FILLER = frozenset("""
generate create make render draw show model design please want need give build produce output design
realistic photorealistic hyperrealistic photoreal lifelike detailed quality resolution hd uhd 4k
8k 3d 2d cg cgi image picture photo photograph portrait rendering head face person people someone
somebody human character individual description describe describing thing something type version
style thanks thank ok okay yeah yes hmm um uh lol well basically maybe probably perhaps actually
literally honestly simply approximately around exactly whatever etc stuff guy adult named called
years year time times today now currently front view frontal shot closeup
centered studio lighting background mesh blender rig rigged game asset unreal engine octane artstation
trending focus i'd i'm imagine imagining picture picturing envision envisioning think thinking
see seeing thought guess somewhere hey hi hello subject dear know mean say said right anyway
alright sure oh ah wow whatsoever anything everything nothing special particular
let let's could you can please kindly also again new another same similar one two three four five six
seven eight nine ten some few several many number
seeking casting wanted ethnicity ethnicities mm lens
""".split()) | frozenset({"3", "4", "8"})

# Common English words that must not be "corrected" into the vocabulary ("heard" is not "beard").
COMMON = frozenset("""
heard board bread bears beard beans bears beast least feast heart hearts earth learn years wears
tears nears gears fears hears sears bearing hearing wearing tired tried tries trees three there their
these those three world words while whole whose white write wrote light night right fight might sight
eight tight weight height bright flight slight round sound found wound bound pound mound ground around
bland blind blend blond blown brown crown grown shown known thrown frown flown drown grows brows blows
crows glows shows snows throws rows cheek check chick thick think thing things thank clock block black
slack snack stack track crack knack smile smell small stall still style stile spoke smoke stoke stroke
sharp shape share shade shake shame shave shaved shaven slave brave grave crave grace trace place space
plate slate state skate later water after other mother father brother rather either neither weather
leather feather gather whether teeth tooth truth youth mouth south north worth month mouse house horse
nurse purse curse force voice choice noise noisy nosey poise point paint faint saint taint print
first third thirst worst burst bursting burnt turns turned burned learned earned yearned eyed eyes dyed
dried fried cried spied plied lined lines liner linen mined mines miner nines wines vines pines
fines finer fined diner dined dines cider wider rider rides sides tides hides wides widen women woman
human roman lemon demon melon salon talon wagon dragon person prison poison reason season lesson
common comma commas summer simmer dinner winner thinner thinnest spinner beginner inner
plump plumb plums clump clamp cramp stamp stump trump trumpet grumpy grumble humble tumble jumble
mumble fumble nimble simple sample temple dimple dimples pimple pimples people purple marble
garble gamble ramble rumble bubble double trouble bauble noble table cable fable stable
stare stars start stark shark share spare snare scare scarf scars scary score store story stony
storm stormy short shirt skirt shore sport spots spouts sprout shout stout trout about scout
storey money honey phone stone alone along among lying dying tying vying flying crying trying
frying prying spying buying paying saying laying playing praying straying staying weighing
glasses classes grasses masses passes lasses basses kisses misses hisses bosses tosses losses
moves loves lives gives dives hives fives wives knives leaves heaves weaves waves caves saves
paves raves graves braves craves slaves shaves shaver shivers slivers rivers givers livers
silver silent sliver solver salver salve valve halve halves calves
movie movies music magic manic panic tonic sonic comic comics conic ionic logic topic
villain villains violin villas villa pillar pillow willow hollow follow fellow yellow mellow bellow
killer filler miller thriller spiller
winter wither wither writer writes wrist wrists twist twists mist mists list lists fist fists
tired tried tiled timed tined toned tuned tubed cubed lubed robed
worried worries hurried hurries married marries carried carries buried burial
angel angle ankle uncle single jingle tingle mingle bingle dingle
ghost ghostly hoist moist joist roast toast boast coast coats boats goats gloats
crinkle crinkled crinkles crinkling crinkly
elven elvish elfin elfish
""".split())

# The most frequent function words of other languages, for telling non-English text apart.  Words
# shared with English ("a", "in", "de" in names...) are left out.
FOREIGN = frozenset("""
le la les un une des du et est avec sans pour dans sur très mais ou il elle ils elles son sa ses
yeux nez cheveux visage homme femme barbe lèvres bouche peau jeune vieux vieille petit petite grand
grande el los las unos unas y con sin para muy pero es está ella ellos su sus ojos nariz pelo cabello
cara hombre mujer barba labios boca piel joven viejo vieja pequeño pequeña grande der die das ein eine
einen und mit ohne für sehr aber ist sie er ihr ihre sein seine augen nase haare gesicht mann frau
bart lippen mund haut jung alt klein groß il lo gli uno una e con senza per molto ma è lei lui suo
sua occhi naso capelli viso uomo donna barba labbra bocca pelle giovane vecchio vecchia piccolo
um uma com sem muito mas ele ela seu sua olhos nariz cabelo rosto homem mulher barba lábios boca pele
jovem velho velha pequeno een het en met zonder voor zeer maar hij zij ogen neus haar gezicht man
vrouw baard lippen mond huid jong oud klein
""".split())

# Clothing and objects: a phrase about them does not describe the face (the head mesh has no body).
NOT_FACE = frozenset("""
nail nails fingernail fingernails polish manicure
suit suits tie ties shirt shirts tshirt jacket jackets coat coats blazer sweater jumper hoodie dress dresses
skirt trousers pants jeans shorts shoes shoe boots sneakers scarf uniform tuxedo gown robe robes cloak
vest gloves glove belt bag handbag backpack watch wristwatch bracelet ring rings necklace pendant
car bike bicycle horse dog puppy kitten tea coffee drink beer wine cigarette cigar pipe mirror book phone
guitar sword gun rifle knife shield background room street city office desk chair table lab
apron overalls cardigan poncho kimono sari jersey outfit clothes clothing costume armor armour
""".split())
FAITHS = frozenset({"sikh", "muslim", "hindu", "buddhist", "christian", "catholic"})
# ^ a faith is no face: a left-over "Sikh" would push CLIP to a stereotype it cannot draw (a turban is not assumed:
# refinement cannot add one, and a stated "turban" already leaves the hair out, hair_cuts.py); "Jewish" is also an
# ancestry word and is not here
# what a faith's followers often wear or grow, which is not assumed either (the note says so, so it is no silence)
_FAITH_LOOKS = {"sikh": (("a turban", frozenset({"turban", "turbans", "dastar", "pagri", "patka"})),
                         ("an unshorn beard", frozenset({"beard", "beards", "bearded", "beardless"})))}


def faith_note(phrase: str, words=()) -> str:
    """The note for a left-out faith word: it is a people's / religion's word, which sets no look (it is about the
    person, so "not about the face" was wrong).  A look the description states (`words`: its tokens' words, "a Sikh
    man in a turban") is not called unassumed."""
    said = set(words)
    looks = [look for w in phrase.lower().split() for look, names in _FAITH_LOOKS.get(w, ()) if not names & said]
    return (f"a religion sets no look, left out: {phrase!r}"
            + (f" ({' or '.join(looks)} is not assumed: state it if wanted)" if looks else ""))
