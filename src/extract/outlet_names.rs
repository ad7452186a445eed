//! Built-in table of news outlets and wire agencies: canonical name, aliases
//! (abbreviations, old names, domains) and, for agencies, the short wire code.
//!
//! Input: nothing (static data). Output: lookups by normalised key.
//! Invariants: every alias maps to exactly one canonical name; keys are compared
//! after [`outlet_key`] normalisation (lowercase, no leading "the", no "www.").
//! To add an outlet, add one row; tests check that no alias is claimed twice.

use std::collections::HashMap;
use std::sync::LazyLock;

/// One outlet or agency.
pub(super) struct Outlet {
    /// Canonical display name, e.g. "Associated Press".
    pub(super) name: &'static str,
    /// Other spellings and domains; any case.
    pub(super) aliases: &'static [&'static str],
    /// Wire code when the outlet is a news agency whose copy others republish.
    pub(super) wire: Option<&'static str>,
}

const fn o(name: &'static str, aliases: &'static [&'static str]) -> Outlet {
    Outlet { name, aliases, wire: None }
}

const fn w(name: &'static str, wire: &'static str, aliases: &'static [&'static str]) -> Outlet {
    Outlet { name, aliases, wire: Some(wire) }
}

/// The table. Agencies first, then outlets roughly by region.
pub(super) static OUTLETS: &[Outlet] = &[
    w("Associated Press", "AP", &["AP", "A.P.", "The A.P.", "AP News", "apnews.com", "ap.org"]),
    w("Agence France-Presse", "AFP", &["AFP", "Agence France Presse", "France-Presse", "afp.com"]),
    w("Reuters", "Reuters", &["Thomson Reuters", "Reuters Breakingviews", "Breakingviews", "reuters.com"]),
    w("Bloomberg", "Bloomberg", &["Bloomberg News", "bloomberg.com", "bloomberg.net", "Bloomberg L.P."]),
    w("Deutsche Presse-Agentur", "DPA", &["DPA", "dpa", "dpa.com"]),
    w("EFE", "EFE", &["Agencia EFE", "efe.com"]),
    w("ANSA", "ANSA", &["ansa.it"]),
    w("Kyodo News", "Kyodo", &["Kyodo", "kyodonews.net"]),
    w("Xinhua", "Xinhua", &["Xinhua News Agency", "xinhuanet.com"]),
    w("Yonhap", "Yonhap", &["Yonhap News Agency", "yna.co.kr", "en.yna.co.kr"]),
    w("United Press International", "UPI", &["UPI", "upi.com"]),
    w("PA Media", "PA", &["Press Association", "PA", "PA Media"]),
    w("The Canadian Press", "CP", &["Canadian Press", "CP", "thecanadianpress.com"]),
    w("Australian Associated Press", "AAP", &["AAP", "aap.com.au"]),
    w("Press Trust of India", "PTI", &["PTI", "ptinews.com"]),
    w("Indo-Asian News Service", "IANS", &["IANS"]),
    w("Asian News International", "ANI", &["ANI", "aninews.in"]),
    w("TASS", "TASS", &["ITAR-TASS", "tass.com"]),
    w("Interfax", "Interfax", &["interfax.com"]),
    w("Korean Central News Agency", "KCNA", &["KCNA", "kcna.kp"]),
    w("Anadolu Agency", "Anadolu", &["Anadolu", "aa.com.tr"]),
    o("BBC", &["BBC News", "British Broadcasting Corporation", "bbc.com", "bbc.co.uk"]),
    o("CNN", &["CNN.com", "cnn.com", "CNNMoney", "money.cnn.com", "CNN International"]),
    o("The New York Times", &["New York Times", "NYT", "NY Times", "nytimes.com", "The Times of New York"]),
    o("The Washington Post", &["Washington Post", "WaPo", "washingtonpost.com"]),
    o("The Guardian", &["Guardian", "theguardian.com", "guardian.co.uk", "The Observer"]),
    o("Financial Times", &["FT", "ft.com", "The Financial Times"]),
    o("The Wall Street Journal", &["Wall Street Journal", "WSJ", "wsj.com", "WSJ.com"]),
    o("Al Jazeera", &["Al Jazeera English", "aljazeera.com", "Al-Jazeera"]),
    o("Rappler", &["rappler.com", "Rappler.com"]),
    o("Hindustan Times", &["HT", "hindustantimes.com"]),
    o("The Times of India", &["Times of India", "TOI", "timesofindia.com", "timesofindia.indiatimes.com"]),
    o("The Hindu", &["thehindu.com"]),
    o("NDTV", &["ndtv.com"]),
    o("NPR", &["National Public Radio", "npr.org"]),
    o("Fox News", &["Fox News Channel", "foxnews.com", "FNC"]),
    o("NBC News", &["NBC", "nbcnews.com"]),
    o("CBS News", &["CBS", "cbsnews.com"]),
    o("ABC News", &["ABC", "abcnews.go.com", "abcnews.com"]),
    o("ABC7 News", &["ABC7", "abc7news.com"]),
    o("USA Today", &["USA TODAY", "usatoday.com"]),
    o("Los Angeles Times", &["LA Times", "L.A. Times", "latimes.com"]),
    o("Politico", &["POLITICO", "politico.com", "Politico Europe"]),
    o("The Hill", &["thehill.com"]),
    o("MarketWatch", &["marketwatch.com"]),
    o("Business Insider", &["Insider", "businessinsider.com"]),
    o("The Telegraph", &["Telegraph", "Daily Telegraph", "telegraph.co.uk"]),
    o("The Independent", &["Independent", "independent.co.uk"]),
    o("Daily Mail", &["Mail Online", "MailOnline", "dailymail.co.uk"]),
    o("Sky News", &["news.sky.com", "sky.com"]),
    o("CBC News", &["CBC", "cbc.ca", "Canadian Broadcasting Corporation"]),
    o("Toronto Star", &["The Toronto Star", "thestar.com"]),
    o("The Globe and Mail", &["Globe and Mail", "theglobeandmail.com", "The Globe"]),
    o("National Post", &["nationalpost.com"]),
    o("The Korea Herald", &["Korea Herald", "koreaherald.com"]),
    o("The Korea Times", &["Korea Times", "koreatimes.co.kr"]),
    o("JoongAng Daily", &["Korea JoongAng Daily", "joongang.co.kr"]),
    o("The Japan Times", &["Japan Times", "japantimes.co.jp"]),
    o("NHK", &["NHK World", "nhk.or.jp"]),
    o("South China Morning Post", &["SCMP", "scmp.com"]),
    o("The Straits Times", &["Straits Times", "straitstimes.com"]),
    o("Le Monde", &["lemonde.fr", "Le Monde.fr"]),
    o("Libération", &["Liberation", "liberation.fr", "Libération.fr"]),
    o("Le Figaro", &["lefigaro.fr"]),
    o("Der Spiegel", &["Spiegel", "Spiegel Online", "spiegel.de"]),
    o("Die Zeit", &["Zeit Online", "zeit.de"]),
    o("Frankfurter Allgemeine Zeitung", &["FAZ", "faz.net"]),
    o("heise online", &["Heise", "heise.de"]),
    o("Deutsche Welle", &["DW", "dw.com"]),
    o("France 24", &["france24.com"]),
    o("El País", &["El Pais", "elpais.com"]),
    o("El Mundo", &["elmundo.es"]),
    o("Clarín", &["Clarin", "clarin.com"]),
    o("Corriere della Sera", &["Corriere", "corriere.it"]),
    o("La Repubblica", &["Repubblica", "repubblica.it"]),
    o("Süddeutsche Zeitung", &["SZ", "sueddeutsche.de"]),
    o("Aktuálně.cz", &["Aktualne.cz", "aktualne.cz"]),
    o("iDNES.cz", &["idnes.cz"]),
    o("La Nación", &["La Nacion", "lanacion.com.ar"]),
    o("The Economist", &["Economist", "economist.com"]),
    o("Time", &["TIME", "Time magazine", "time.com"]),
    o("Newsweek", &["newsweek.com"]),
    o("The Atlantic", &["theatlantic.com"]),
    o("Vox", &["vox.com"]),
    o("Axios", &["axios.com"]),
    o("HuffPost", &["Huffington Post", "The Huffington Post", "huffpost.com", "huffingtonpost.com"]),
    o("BuzzFeed News", &["BuzzFeed", "buzzfeed.com", "buzzfeednews.com"]),
    o("CNBC", &["cnbc.com"]),
    o("Forbes", &["forbes.com"]),
    o("The Verge", &["theverge.com"]),
    o("Ars Technica", &["arstechnica.com"]),
    o("Vulture", &["vulture.com"]),
    o("TMZ", &["TMZ.com", "tmz.com"]),
    o("CityLab", &["citylab.com", "Bloomberg CityLab"]),
    o("Medical News Today", &["medicalnewstoday.com"]),
    o("CNET", &["cnet.com", "CNET.com"]),
    o("Wired", &["WIRED", "wired.com"]),
    o("TechCrunch", &["techcrunch.com"]),
    o("Las Vegas Sun", &["lasvegassun.com"]),
    o("Las Vegas Review-Journal", &["Review-Journal", "reviewjournal.com"]),
    o("Chicago Tribune", &["chicagotribune.com"]),
    o("The Boston Globe", &["Boston Globe", "bostonglobe.com"]),
    o("San Francisco Chronicle", &["SF Chronicle", "sfchronicle.com", "SFGate"]),
    o("Sydney Morning Herald", &["The Sydney Morning Herald", "smh.com.au"]),
    o("ABC (Australia)", &["abc.net.au", "Australian Broadcasting Corporation"]),
    o("The Irish Times", &["Irish Times", "irishtimes.com"]),
    o("RTÉ", &["RTE", "rte.ie"]),
    o("Radio Free Asia", &["RFA", "rfa.org"]),
    o("Voice of America", &["VOA", "voanews.com"]),
    o("NK News", &["nknews.org"]),
    o("Daily NK", &["dailynk.com"]),
    o("UN News", &["news.un.org", "UN News Centre"]),
];

/// The lookup key for a name, alias or domain: lowercase, single-spaced,
/// without a leading "the ", a URL scheme, "www." or a path, and without a
/// trailing possessive or punctuation.
pub(super) fn outlet_key(name: &str) -> String {
    let mut s = name.trim().to_lowercase();
    for scheme in ["https://", "http://"] {
        if let Some(rest) = s.strip_prefix(scheme) {
            s = rest.to_string();
            if let Some(slash) = s.find('/') {
                s.truncate(slash);
            }
        }
    }
    if let Some(rest) = s.strip_prefix("www.") {
        s = rest.to_string();
    }
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let s = s.strip_prefix("the ").unwrap_or(&s);
    let s = s.strip_suffix("'s").or_else(|| s.strip_suffix("’s")).unwrap_or(s);
    s.trim_end_matches(['.', ',', ':', ';', ')', '(']).to_string()
}

/// Every name's and alias's key → its table entry, built once (`find` runs for several
/// candidate names on every line that might name an outlet). Keys are unique (tested), so
/// this is the same answer as scanning the table in order; the map is only looked up, never
/// iterated, so its order reaches nothing.
static BY_KEY: LazyLock<HashMap<String, &'static Outlet>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for outlet in OUTLETS {
        for name in std::iter::once(&outlet.name).chain(outlet.aliases) {
            map.entry(outlet_key(name)).or_insert(outlet);
        }
    }
    map
});

/// The table entry whose name or alias has this key.
pub(super) fn find(key: &str) -> Option<&'static Outlet> {
    if key.is_empty() {
        return None;
    }
    BY_KEY.get(key).copied()
}

/// The table entry for a wire code such as "AP" (exact, case-insensitive).
pub(super) fn by_wire(code: &str) -> Option<&'static Outlet> {
    OUTLETS.iter().find(|outlet| outlet.wire.is_some_and(|wire| wire.eq_ignore_ascii_case(code)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn keys_are_unique() {
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for outlet in OUTLETS {
            let mut keys = vec![outlet_key(outlet.name)];
            keys.extend(outlet.aliases.iter().map(|alias| outlet_key(alias)));
            keys.sort();
            keys.dedup();
            for key in keys {
                if let Some(other) = seen.insert(key.clone(), outlet.name) {
                    panic!("key {key:?} claimed by {other} and {}", outlet.name);
                }
            }
        }
        assert!(OUTLETS.len() >= 80);
    }

    #[test]
    fn find_by_any_key() {
        let cases = [
            ("associated press", Some("Associated Press")),
            ("a.p", Some("Associated Press")),
            ("reuters.com", Some("Reuters")),
            ("new york times", Some("The New York Times")),
            ("nytimes.com", Some("The New York Times")),
            ("bbc", Some("BBC")),
            ("", None),
            ("daily planet", None),
        ];
        for (key, expected) in cases {
            assert_eq!(find(key).map(|o| o.name), expected, "{key}");
        }
        for outlet in OUTLETS {
            assert_eq!(find(&outlet_key(outlet.name)).map(|o| o.name), Some(outlet.name));
        }
    }

    #[test]
    fn key_normalisation() {
        let cases = [
            ("The Associated Press", "associated press"),
            ("https://www.reuters.com/article/x", "reuters.com"),
            ("BBC's", "bbc"),
            ("  Hindustan   Times ", "hindustan times"),
        ];
        for (input, expected) in cases {
            assert_eq!(outlet_key(input), expected);
        }
    }
}
