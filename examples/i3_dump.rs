fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let bytes = std::fs::read(&path).unwrap_or_default();
    let page = dossier::content::decode::decode_html(&bytes).text;
    let ex = dossier::extract::extract_html(&page, &dossier::extract::ExtractOptions::default());
    for p in &ex.paragraphs { println!("P {} {:?}: {}", p.line, p.kind, p.text.chars().take(90).collect::<String>()); }
    for r in &ex.removed { println!("R {} [{}] {}", r.line, r.reason, r.text.chars().take(70).collect::<String>()); }
}
