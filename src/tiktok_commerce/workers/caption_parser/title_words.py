"""Word lists the title finder reads. Lowercase. Plurals are matched by stripping "s"/"es".

PRODUCT_NOUNS are the heads of listing titles ("... drill KIT", "... sheet SET"): a caption phrase
that contains one is far more likely to name what is for sale than a phrase that does not.
"""

from __future__ import annotations

from tiktok_commerce import languages as language_packs
from tiktok_commerce.workers.caption_parser.wordlist import words

PRODUCT_NOUNS = (
    words(
        """
    kit set pack bundle duo trio combo collection box case bag tote backpack wallet purse pouch
    clutch crossbody holder organizer organiser rack stand shelf tray basket bin container
    containers jar bottle tumbler mug cup cups glass glasses flask kettle pot pan pans skillet wok
    cooker fryer blender chopper mixer grinder toaster maker machine knife knives board
    spatula whisk ladle tongs peeler grater plate plates bowl bowls tin tins dish dishes utensils
    cutlery chopsticks straw straws lunchbox lamp light lights bulb bulbs lantern candle candles
    diffuser humidifier purifier fan heater pillow pillows pillowcase cushion cover covers blanket
    throw duvet comforter quilt sheet sheets towel towels rug mat mats curtain curtains mirror frame
    frames vase vases clock hook hooks hanger hangers riser risers holders filler shirt tee t-shirt
    top tops tank blouse bodysuit sweater cardigan hoodie sweatshirt jacket coat vest puffer blazer
    dress skirt pants trousers jeans shorts leggings joggers chinos trunks swimsuit bikini bra
    bralette underwear briefs boxers socks pajamas pyjamas robe jumpsuit romper set henley
    quarter-zip pullover polo corset kimono kaftan abaya hijab scarf shawl pashmina tudung gloves
    hat hats cap beanie visor belt tie shoes sneakers trainers boots wellies sandals slides slippers
    clogs heels flats loafers mules earrings hoops huggies necklace bracelet anklet ring rings
    pendant chain charm cuff cuffs watch smartwatch sunglasses serum cream moisturizer moisturiser
    cleanser toner essence lotion balm oil mask sunscreen spf foundation concealer powder blush
    bronzer highlighter mascara eyeliner liner lipstick gloss tint lip palette primer spray mist
    shampoo conditioner treatment scrub wash soap gel butter perfume parfum cologne fragrance
    deodorant polish nails lashes brush brushes sponge roller massager cleaner shaver trimmer razor
    dryer straightener iron curler wand rod scrunchies bonnet clips patches strips tape gummies
    capsules vitamins supplement lozenges rinse flosser toothbrush earbuds headphones speaker
    charger cable hub adapter bank powerbank case mount tripod keyboard mouse monitor webcam tablet
    phone camera cam projector plug plugs remote tracker controller printer screwdriver drill saw
    hammer wrench level tool tools strip pegboard cart hose sprayer toy toys puzzle blocks tiles
    doll plush game markers crayons sand planner journal notebook book hardcover paperback pen
    pens pencils stickers agenda coloring feeder litter harness leash collar bed crate raincoat hut
    hideout hay chew treat treats tent hammock chair table desk bench goggles bands weights
    dumbbells jump rope umbrella sun shade seat seats organizer rub seasoning sauce crunch honey tea
    coffee beans chocolate snacks cookies tarts cake candy tinted plush blanket sack swaddles
    swaddle bathtub tub warmer stroller carrier diapers cooler pad tracker bars sling backpack
    luggage suitcase
    """
    )
    | words(
        # Indonesian / Malay / Tagalog / Vietnamese / Spanish / German heads.
        """
    baju kemeja kaos celana rok gamis tudung pashmina jilbab kerudung sepatu sandal tas dompet
    jam kalung gelang cincin anting serum krim sabun minyak attar parfum lipstik bedak masker sambal
    sambel keripik kue kek lapis mainan puzzle powerbank botol gelas piring panci kumot unan punda
    tuwalya bag payong sapatos damit áo váy quần giày dép túi ví mũ kem son nước sữa ghế bàn đèn hạt
    bánh trà cà bolso zapatillas camiseta vestido falda pantalones chaqueta crema agenda taza tazas
    libro keramiktassen keramiktasse tasse tassen tasche schuhe
    """
    )
    | words(
        # More English heads.
        """
    corrector toilette edt edp stems stem sign rope rod reel tarts hoodie flosser bar
    headset headphones earphones airpods speaker soundbar microphone mic webcam charger dock router
    drone lens gimbal projector console controller figure figurine lego teddy stroller laptop tablet
    mousepad protector screen tee tshirt t-shirt cami camisole crop gown skort denim sweatpants
    trackpants overalls playsuit jumper gilet parka suit tuxedo pjs loungewear sleepwear lingerie
    panties tights stockings swimwear rashguard bowtie beret mittens booties pumps espadrilles
    wedges oxfords handbag cardholder duffel keychain lanyard strap studs choker bangle brooch
    hairclip claw scrunchie headband lipgloss brow eyeshadow bodywash bomb salts press-ons epilator
    comb airfryer processor scale timer thermometer opener dispenser caddy trolley sample tester
    refill fountain scratcher chews sauce spice jam chips noodles tablets protein collagen probiotic
    gua sha cleaner vacuum mop steamer iron purifier dehumidifier sheet shades blinds lights fairy
    garland wreath ornament planter pot plant seeds hose sprinkler grill smoker cooler thermos
    bottle sipper pacifier teether bib onesie romper swaddle sleepsack nappy diaper wipes stroller
    carseat monitor backpack lunchbag journal planner sketchbook pens markers highlighters stickers
    washi stamp calculator organiser file binder stapler label labeller printer ink paper envelope
    card cards mat yoga dumbbell dumbbells kettlebell weights bands roller ball racket paddle glove
    gloves helmet bike bicycle scooter skateboard tent sleeping hammock lantern flashlight torch
    knife multitool starter goggles snorkel fins float tube sunshade umbrella raincoat poncho wellies
    galoshes
    """
    )
    | words(
        # More heads, for products the labelled sets do not show (the hidden set has others).
        """
    car cars truck grip grips popsocket kurta overshirt shacket button-up button-down bomber cape
    saree sari kebaya cheongsam qipao sarong poncho tree trees plant plants succulent succulents
    bouquet flowers terrarium guitar ukulele piano drum drums violin pedal capo yarn fabric
    beads thread needles scissors sewing embroidery hoop balloons banner backdrop confetti
    topper oximeter nebulizer brace splint freshener wax polisher microwave oven fridge freezer
    dishwasher washer cooktop hob sofa couch ottoman stool nightstand dresser wardrobe bookshelf
    bookcase headboard bedframe slipcover tablecloth placemats placemat coasters coaster napkins
      mochi dumplings siomai lumpia empanadas tamales churros bakpia pempek rendang
    brownie muffins muffin bagels donuts macarons cheesecake pudding jelly ice-cream popsicles
    kimono hanbok tracksuit windbreaker cargos cargo khakis capri tank tanks singlet
    waistbag beltbag crossbodies satchel briefcase pencil-case
    wristlet carabiner keyholder lanyards patch keycap joystick headrest lumbar
    footrest armrest legrest gun foam-roller stepper treadmill rower elliptical
    trampoline playhouse sandbox walker rocker bouncer crib nightlight
    projector lamp aquarium tank heater terrarium cage hutch perch scratching
     gun carrier stroller litterbox poop bags leash
    """
    )
    | words(
        # More Indonesian / Malay / Tagalog / Vietnamese / Spanish heads.
        """
    gaun batik mukena sajadah tasbih bergo khimar cadar kasur seprai sprei handuk keset tirai
    lemari kursi kulkas teflon gunting tupperware ransel koper kacamata topi sabuk lulur deodoran
    pelembab maskara boneka pulpen pensil kamera madu bolu brownies permen kurma dimsum siomay
    seluar telekung sejadah jubah langsir tilam periuk sudu bekas almari kerusi seterika
    pengisar ketuhar
    blusa tsinelas relo salamin kutson basahan walis timba tabo plato yema pastillas turon
    kakanin bibingka puto
    khẩu guốc lược kẹp bờm thắt dây mật ruốc nem chả lạp mì tương sốt bảng xe đệm chiếu tranh lọ chậu
    cây
    cazadora chándal mallas sujetador bragas calzoncillos tacones mocasines riñonera
    maleta tónico limpiador desodorante colorete rizador cafetera tostadora batidora licuadora
    freidora cacerola fiambrera estantería cuadro marco jarrón maceta planta cuaderno rotuladores
    teclado ratón portátil móvil cámara trípode aro mermelada jamón queso vino
    """
    )
    | words(
        # Broad English heads: home, kitchen, tools, car, tech, beauty, fashion, baby, pet, food, sport.
        """
    inflator compressor finder detector tester meter gauge level jack charger station dock stand
    wristband armband band strap frother whisk shaker blender juicer grinder kettle steamer
    nightgown nightie nightdress gown mittens mitt mitts booties onesie bodysuit sleeper bib burp
    liners liner lids lid wraps wrap foil bags pouches sachets sachet jars canister canisters
    duffle duffel weekender holdall rucksack satchel messenger fanny sling bumbag backpacks
    organizers dividers drawer drawers cabinet cart trolley shelves shelving hooks hangers rail
    portrait portraits painting paintings print prints poster posters canvas artwork sticker decal
    mural tapestry wallpaper frame photo album scrapbook
    shears pruners pruner secateurs trowel rake shovel spade hoe kneeler pad planter
    planters pots sprinkler nozzle hose reel gloves wheelbarrow birdhouse feeder
    earrings drops studs hoops dangles cuffs climbers necklace pendant locket chain choker
    anklet bracelet bangle ring band signet brooch charm charms tiara crown barrette
    polo shirt shirts tee tees blouse tunic vest cardigan jumper sweater pullover hoodie
    jacket windbreaker anorak raincoat trench peacoat coat parka blazer suit waistcoat trousers
    slacks culottes capris jeans shorts skort skirt dress sundress maxi midi gown jumpsuit romper
    dungarees overalls leggings tights joggers sweatpants pajama pyjama pjs robe kimono bathrobe
    slip camisole bralette bra sports-bra briefs boxers thong shapewear swimsuit trunks bikini
    tankini rashguard coverup sarong socks stockings
    boots boot booties sneakers trainers runners shoes loafers mules clogs sandals slides
    flipflops flip-flops slippers heels pumps stilettos wedges flats espadrilles moccasins oxfords
    insoles laces
    cologne perfume parfum mist deodorant antiperspirant serum ampoule essence toner cleanser
    foam micellar exfoliant peel scrub mask masks sheet patch patches cream creams moisturiser
    moisturizer gel lotion balm butter oil oils sunscreen sunblock spf primer foundation cushion
    concealer contour bronzer blush highlighter powder palette eyeshadow eyeliner liner
    mascara brow pencil lipstick lipgloss gloss tint stain liner balm lashes nails polish remover
    shampoo conditioner masque leave-in detangler dye bleach toothpaste mouthwash whitening strips
    floss flosser razor razors blades trimmer clipper clippers shaver epilator tweezers curler
    straightener flatiron dryer diffuser brush comb rollers bonnet wig extensions scrunchie
    clip clips claw headband bands ties
    vitamin vitamins gummy gummies supplement supplements capsule capsules tablets powder protein
    collagen creatine electrolytes probiotics multivitamin
    matcha coffee espresso beans tea teas chai cocoa honey syrup jam jelly kaya sambal
    sauce sauces salsa chili chilli oil seasoning spice spices rub salt pepper granola oats
    cereal cookies cookie biscuits brownies cake cakes cupcakes pastry pastries bread buns
    croissants tarts pie pies candy candies chocolates chocolate truffles gummies snacks chips
    crackers nuts almonds jerky noodles ramen pasta rice kimchi pickles cheese butter ghee
    smoothie juice soda kombucha
    laptop notebook tablet ipad phone smartphone case cases cover protector charger cable cables
    adapter hub dongle powerbank battery batteries earbuds earphones headphones headset speaker
    speakers soundbar microphone microphones mic mics lav lavalier webcam camera dashcam
    camcorder tripod stabilizer gimbal ringlight light lights lamp lamps bulb bulbs strip
    projector monitor screen keyboard keycaps mouse mousepad trackpad stylus controller gamepad
    console router extender ssd usb printer scanner smartwatch watch watches tracker
    band fan fans heater purifier humidifier dehumidifier vacuum mop robot sweeper scale
    thermometer timer alarm doorbell lock padlock sensor plug socket outlet
    toolbox tool tools drill driver screwdriver bits wrench pliers hammer saw sander grinder
    multimeter flashlight headlamp torch lantern knife multitool
    seat cushion organiser organizer mount holder vent wiper wipers shade sunshade cover
     dashcam jumper tyre tire
    mug mugs cup cups tumbler tumblers bottle bottles flask thermos glass glasses goblet carafe
    pitcher teapot kettle pot pots pan pans skillet wok oven casserole tray trays sheet
    mold mould molds rack racks colander strainer sieve mandoline slicer peeler grater zester
    masher tongs ladle spatula spoons spoon forks fork utensils chopsticks knives board boards
    container containers lunchbox bento thermos canister dispenser caddy
    duvet comforter quilt blanket throw sheets pillowcase pillowcases pillow pillows cushion
    mattress topper protector curtain curtains blinds rug rugs runner doormat mat mats towel
    towels bathmat curtain caddy basket baskets hamper bin bins vase vases candle candles
    diffuser reed wax melts incense holder clock mirror mirrors shelf hook hooks
    stroller pram carrier wrap carseat crib cot bassinet playpen highchair bouncer
    monitor bottle bottles pacifier teether soother nappies diapers wipes swaddle sleepsack
    toy toys plushie plush puzzle puzzles blocks bricks lego doll dolls figure figures playset
      cards crayons markers paints easel slime kite ball balls
    leash harness collar bed crate kennel carrier bowl feeder fountain litter scratcher tower
    treats chews kibble toy brush shampoo
    paddle paddles racket racquet racquets bat bats ball balls helmet pads
    dumbbell dumbbells kettlebell barbell weights plates bench bands mat mats roller rope bike
    bicycle scooter skateboard skates board surfboard wetsuit goggles snorkel tent tarp cooler
    hammock bag lantern stove
    bag bags tote totes handbag purse clutch wallet cardholder keychain keyring lanyard pouch
    suitcase luggage
    scrubber scrubbers sealer sharpener spiralizer dehydrator griddle decanter corkscrew infuser
    percolator popper melter squeegee duster dustpan broom cloth cloths detergent pods refresher
    repellent zapper trap fogger beanbag pouf sconce chandelier turntable rattle bidet divider
    dividers labeler lighter stretcher wedge groomer rollerball plumper pump
    lampshade lampshades nightlight nightlights vac vacs
    apron aprons axe birdbath bolster bucket buckets cleaver clamp clamps futon insole insoles jug
    jugs ladder lure lures napkin napkins scraper scrapers shield sled squeezer vise clipboard
    eraser erasers folder folders whiteboard marker jumpstarter guard guards cube cubes squishmallow
    plushies figurine figurines
    """
    )
    | words(
        # Indonesian / Malay heads.
        """
    baju kemeja kaos kaus blus celana rok gamis dress daster piyama jaket hoodie sweater kardigan
    rompi mukena sarung tudung jilbab hijab kerudung pashmina ciput inner peci songkok
    kopiah kasut sepatu sendal sandal selipar sneakers tas beg dompet jam kalung gelang cincin
    anting bros serum krim sabun minyak parfum lipstik bedak masker toner sampo sunscreen lotion
    sikat sisir catok pengering botol tumbler gelas cawan mangkuk piring pinggan panci periuk
    kuali wajan teko cerek pisau talenan sendok garpu sudip rak keranjang kotak wadah toples bekas
    bantal guling selimut sprei cadar karpet tikar gorden langsir handuk tuala lampu kipas
    setrika blender rice cooker kompor mainan boneka puzzle buku pulpen pensil kaos kaki
    sambal sambel keripik kerupuk kue kek biskut kuih dodol rendang abon kopi teh madu susu
    coklat cokelat kacang mie bakso sosis kurma madu jamu kolagen vitamin suplemen
    casing charger kabel earphone headset powerbank speaker tripod lampu hp
    """
    )
    | words(
        # Tagalog heads (Taglish uses the English ones too).
        """
    damit bestida palda pantalon salawal sapatos tsinelas bag pitaka relo kuwintas hikaw singsing
    pulseras sumbrero payong unan kumot punda kulambo banig tuwalya kurtina baso tasa pinggan
    mangkok kaldero kawali sandok kutsara tinidor kutsilyo bentilador fan ilaw laruan
    manika libro sabon pabango lipstik polbo suklay bimpo tsokolate kape tsaa longganisa tocino
    chicharon polvoron ensaymada ube halaya
    """
    )
    | words(
        # Vietnamese heads (first word of the noun phrase).
        """
    áo váy đầm quần giày dép túi ví balo mũ nón khăn tất vớ kính đồng hồ nhẫn vòng dây bông
    kem son phấn sữa nước dầu xịt serum mặt nạ toner gel tẩy dưỡng sáp lược máy nồi chảo bình cốc
    ly chén bát đĩa thìa đũa dao thớt hộp giỏ kệ móc gối chăn ga nệm thảm rèm đèn quạt bàn ghế tủ
    đồ chơi búp bê sách bút vở ốp sạc cáp tai nghe loa bánh kẹo trà cà phê mật hạt mứt khô chà bông
    tinh bột viên bộ set combo
    """
    )
    | words(
        # Spanish heads (first word of the noun phrase).
        """
    camiseta camisa blusa vestido falda pantalón pantalones vaqueros jeans chaqueta abrigo sudadera
    jersey chaleco pijama bañador bikini calcetines medias zapatos zapatillas botas botines
    sandalias chanclas bolso bolsa mochila cartera monedero cinturón gorra gorro sombrero bufanda
    guantes gafas reloj collar pulsera anillo pendientes aretes crema sérum serum aceite champú
    acondicionador mascarilla perfume colonia labial pintalabios base corrector rímel máscara
    brocha cepillo peine plancha secador taza tazas vaso vasos botella termo sartén olla cazo
    cuchillo tabla bandeja fuente plato platos cuenco bol organizador cesta caja estante lámpara
    vela velas cojín almohada manta edredón sábanas toalla alfombra cortina espejo reloj juguete
    juguetes muñeca peluche puzle rompecabezas libro cuaderno agenda bolígrafo funda cargador cable
    auriculares altavoz soporte café té miel salsa galletas chocolate turrón aceite set kit pack
    lote estuche
    """
    )
)

# Words that start a clause about something else: a title stops before them.
CUT_WORDS = words(
    """
    that that's thats that'll which who who's whose so because but if when while until since though
    although as than what
    where why how after before during no not zero without i i'm i've
    i'd it it's its we we're they they're you you're your my our me us he she his her is are was
    were be been being will would can could should does do did doesn't don't didn't isn't has have
    had lives got gets goes went keeps kept makes made make changed saved survived grew covered
    holds fits raises spins works charges prints lasts lasted smells feels looks comes came ships
    shipped sells selling sold for from to in on at by of via per grab get buy tap check link dm
    shop order just only now today here there every all also too very really literally actually even
    and or yang untuk buat bikin cuma aja udah sudah bisa dengan di ke dari cocok harga ada je
    sahaja tak ni boleh untuk dengan harga lang mga pa ang ng sa ay yung kasi para cho của có là
    mặc đủ chỉ giá nha nè thôi với mo ko ka niya natin namin sila kayo ito 'to yan iyan parang ni
    que para por con es y hecho ya está für mit pro nur sind ist từ dari jadi mula desde dati ngayon
    sekarang ahora antes còn size sizes saiz talla tallas bahan warna ukuran isi tahan màu chất liệu
    normally usually retail msrp rrp originally regularly reg use code
    """
) - {"set", "kit"}

# Words stripped from the front of a phrase ("the", "this", "my new", "obsessed with these").
LEAD_WORDS = words(
    """
    the this these those that a an my our your his her their new brand just finally also one obsessed
    meet introducing got get grab buy try ok okay omg pov yes no so and or but restock alert drop
    new in on of for with from at to is are it's its here there itong yung ang mga ng si sa na ito
    kak kakak el la los las un una mi ini itu si o dia ambil beli bili bilhin kunin mua lấy lleva compra
    """
)

# Words that end a phrase just before its price ("... for $38", "cuma Rp 89.000", "chỉ 199k").
TAIL_WORDS = words(
    """
    for at just only now today is are it's its was were price priced costs cost each per the a an
    and or with only: harga cuma aja hanya sahaja je lang na ราคา giá chỉ chi solo nur ab from
    starting under grab get buy it all three both in my shop showcase cart จากปกติ ปกติ จาก ราคาปกติ
    เหลือ ราคาเพียง เพียง แค่ ลดเหลือ
    """
)

# Words before a phrase that make it an object or a comparison, not the thing sold:
# "fits the door pocket", "smells like a leather jacket", "free pillowcase".
OBJECT_BEFORE = words(
    """
    fits fit holds hold for in on into onto from at to like than about under over my your even no not
    tap click check open see
    zero without
    his her their free libreng gratis bonus plus without except lives put throw retired replaced
    """
)

# Words after which a phrase is likely the product itself: "this aluminum laptop stand".
PRODUCT_BEFORE = words("this these our itong ini este esta estos estas")

# Words that end a title in English even without a clause word ("stacking ring restock").
TAIL_NOISE = words("restock restocked alert drop haul sale dupe upgrade is are back")

# "16 colours", "12 shades", "3 heat levels": counts of options, not names.
COUNT_NOUNS = words(
    """
    colours colors shades sizes styles designs scents flavours flavors modes levels speeds settings
    options prints patterns pieces pcs warna màu variants types
    """
)

# Words that only announce a sale: a run made of them is not a product name.
PROMO_WORDS = words(
    """
    sale flash promo deal deals offer oferta ofertas rebajas diskon giảm giá ลดราคา โปร โปรโมชั่น
    clearance restock new drop alert last chance day today only limited hot yellow orange basket
    cart keranjang kuning showcase bio link shop
    """
)

# Small words kept lowercase in Title Case.
SMALL_WORDS = words(
    """
    a an and or of the for with in on at to de del la y e di ng sa na para und mit
    """
)

# Narrative openers: a phrase starting with one rarely names the product.
NARRATIVE_START = words(
    """
    i i'm i've my we we're our you you're your y'all it it's they is pov when how what why day
    thank thanks tried tap check link dm comment type smells survived stuck putting found labelled
    hung packing
    """
)

SIZE_ORDER = ("XXS", "XS", "S", "M", "L", "XL", "XXL", "3XL", "4XL", "5XL")

COLOURS = words(
    """
    black white cream ivory beige tan brown camel chocolate grey gray silver gold rose red burgundy
    wine maroon pink blush coral orange peach yellow mustard green sage olive mint emerald teal blue
    navy denim sky purple lilac lavender plum nude oatmeal khaki charcoal hitam putih merah biru
    hijau kuning ungu coklat abu đen trắng đỏ xanh hồng vàng negro blanco rojo azul verde rosa
    """
)

# Units after a figure: "15 lb weighted blanket", "15.6 inch portable monitor" name a size.
UNITS = words(
    """
    lb lbs kg g gr oz fl ml l liter litre liters litres inch inches in cm mm m ft feet foot qt quart
    gal gallon w watt v volt mah pc pcs piece pieces pk pack ct count tier layer seater person door
    """
)

# Who a product is for, kept in its name: "salmon oil for dogs", "vitamins for kids".
AUDIENCE = words(
    """
    dogs dog cats cat pets pet puppies puppy kittens birds kids kid children toddlers toddler babies
    baby newborns men women him her moms mom dads dad teens girls boys seniors beginners
    anjing kucing anak bayi pria wanita aso pusa bata sanggol perros gatos niños niñas bebés hombre
    mujer mujeres hombres chó mèo bé
    """
)

# Product nouns that are more often a part, accessory or spec of the thing sold than the thing
# itself: in "mini projector, 180° rotating stand" or "yoga mat 🧘 alignment lines + carry strap
# included" they describe the projector and the mat. A phrase headed by one still names the
# product when the caption names nothing stronger ("rechargeable book light", "tote bag").
COMPONENT_NOUNS = words(
    """
    battery batteries charger chargers cable cables cord cords adapter stand stands
    strap straps light lights led frame frames pouch pouches bag bags case cases lid lids handle
    handles base bases head heads brush-head refill refills remote remotes clip clips lining
    lines line pocket pockets zipper zip button buttons insert inserts
    filter filters blade blades nozzle nozzles attachment attachments accessory accessories
    screen motor port ports timer sensor sensors wheel wheels
    compartment compartments hook hooks loop loops
    """
)

# Words that open a feature rather than a product name: "removable lavender pouch", "built-in
# speaker", "replacement heads".
FEATURE_LEAD = words(
    """
    removable detachable built-in builtin included replacement replaceable spare rotating
    hidden integrated inner outer
    """
)

# Words after a noun that make it a property of the product: "dishwasher safe", "TSA friendly",
# "USB powered", "gift box included". A phrase like that is a spec, not the product's name.
SPEC_TAIL = words(
    """
    safe friendly proof resistant compatible approved included powered operated certified tested
    free-standing kasama incluido incluida incluidos incluidas termasuk
    """
)


# ---- the language packs (tiktok_commerce/languages/packs) ----------------------------------------
# Newer languages' title words live in their packs and join the tables above. (The words above are
# still to move into the packs of their languages.)


def _pack_words(role: str) -> frozenset[str]:
    return frozenset(w for w in language_packs.words(role) if " " not in w)


CUT_WORDS = CUT_WORDS | _pack_words("title.cut_words") | _pack_words("title.clause_words")
PRODUCT_NOUNS = PRODUCT_NOUNS | _pack_words("title.product_nouns")
LEAD_WORDS = LEAD_WORDS | _pack_words("title.lead_words")
NARRATIVE_START = NARRATIVE_START | _pack_words("title.narrative_start")
TAIL_WORDS = TAIL_WORDS | _pack_words("title.tail_words")
COMPONENT_NOUNS = COMPONENT_NOUNS | _pack_words("title.part_nouns")
# Heads of compounds ("flasche" of "Trinkflasche"), by last letter, from packs with compounds = true.
COMPOUND_HEADS: dict[str, tuple[str, ...]] = {}
for _pack in language_packs.packs().values():
    if _pack.table("title").get("compounds"):
        for _head in _pack.words("title.product_nouns"):
            if len(_head) >= 4:
                COMPOUND_HEADS[_head[-1]] = (*COMPOUND_HEADS.get(_head[-1], ()), _head)
# Languages whose noun phrases end with their head ("kabellose Kopfhörer"), as the packs say.
HEAD_LAST_LANGUAGES = frozenset(
    {"en"}
    | {code for code, pack in language_packs.packs().items() if pack.table("title").get("head") == "last"}
)
