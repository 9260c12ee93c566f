"""Word lists the title finder reads. Lowercase. Plurals are matched by stripping "s"/"es".

PRODUCT_NOUNS are the heads of listing titles ("... drill KIT", "... sheet SET"): a caption phrase
that contains one is far more likely to name what is for sale than a phrase that does not.
"""

from __future__ import annotations

from tiktok_commerce.workers.caption_parser.wordlist import words

PRODUCT_NOUNS = (
    words(
        """
    kit set pack bundle duo trio combo collection box case bag tote backpack wallet purse pouch
    clutch crossbody holder organizer organiser rack stand shelf tray basket bin container
    containers jar bottle tumbler mug cup cups glass glasses flask kettle pot pan pans skillet wok
    cooker fryer blender chopper mixer grinder toaster maker machine press knife knives board
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
    baju kemeja kaos celana rok gamis tudung bawal pashmina jilbab kerudung sepatu sandal tas dompet
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
    corrector toilette edt edp stems stem sign rope rod reel tarts hoodie flosser
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
)

# Words that start a clause about something else: a title stops before them.
CUT_WORDS = words(
    """
    that which who whose so because but if when while until since though although as than what
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
    normally usually retail msrp rrp originally regularly reg
    """
) - {"set", "kit"}

# Words stripped from the front of a phrase ("the", "this", "my new", "obsessed with these").
LEAD_WORDS = words(
    """
    the this these those that a an my our your his her their new brand just finally also one obsessed
    meet introducing got get grab buy try ok okay omg pov yes no so and or but restock alert drop
    new in on of for with from at to is are it's its here there itong yung ang mga ng si sa na ito
    kak kakak el la los las un una mi ini itu si
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
PRODUCT_BEFORE = words("this these our itong ini")

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
    a an and or of the for with in on at to de del la y e di ng sa und mit
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
