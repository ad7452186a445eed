//! Tests of the whole extraction on the five seed scrapes (inline, byte for
//! byte), on corpus-like snippets, and on hostile input.

use std::collections::BTreeMap;

use super::*;

/// Seed `000_a20dd00eb4068df8.txt`.
const AP_000: &str = r###"Sun, 23 February , 2025 Home About Us Advertisement Contact Us
Breaking News

UN investigator cautious on North Korea engagement

United Nations, A UN human rights investigator said Tuesday that he was surprised and gratified that North Korean officials raised the possibility of allowing him to visit their country, but the prospect of such a trip remains deeply uncertain because of demands theNorth Koreans made in exchange.
Marzuki Darusman said North Korea is insisting that a UN resolution drop a recommendation that the North be referred to the International Criminal Court over its human rights record. The special investigator said he conveyed this message to theEuropean Union and Japan, which drafted the resolution, but that he would not be involved in any further discussions between the parties.
Darusman met with four North Korean officials on Monday, the first such encounter since the office of special rapporteur for human rights in North Korea was created 10 years ago. He said he was surprised when the officials mentioned the possibility of a visit, which would be a breakthrough in international efforts to have a firsthand look at the way the deeply impoverished but nuclear-armed country treats its citizens.
“It’s quite a big jump for North Korea,” Darusman said at a news conference. “It’s a very pragmatic step they are taking.”
But Darusman said the North Koreans made clear they want mention of the ICC dropped from the draft resolution “so that they would be in a position to issue an invitation.”
There was no immediate response from the UN missions of the EU and Japan, whose resolution is expected to be introduced to the UN General Assembly next month. The nonbinding resolution would urge the Security Council to refer North Korea’s situation to the ICC, as well as press for targeted sanctions. It doesn’t name names but a UN commission of inquiry warned leader Kim Jong Un in a letter earlier this year that he may be held accountable for orchestrating widespread crimes against civilians.
Darusman said the North Koreans were also upset about the mention of Kim because “it touches on the sanctity” of the leader.
Darusman, who has been special rapporteur since 2010, said he welcomed the possibility of more engagement with the North but he stressed that officials must still be held accountable for human rights atrocities. He said it is “out of question” for the resolution drop calls for North Korean officials to be held accountable within the UN system but he spoke of the possibility of “reformulating” the language. When asked whether that could mean dropping direct mention of the ICC he said, “It depends on how you formulate that.”
The North has been on the defensive since the UN commission of inquiry released a harshly critical report accusing the regime of running political prison camps with up to
120,000 people and sponsoring abductions of South Koreans,Japanese and others.
That report recommended that the North’s situation be referred to the ICC, something Daruman backed in the annual report he presented Monday to the General Assembly’s commission on human rights.
Even of the Security Council were to take up the matter, China would likely veto any resolution that included a referral of its North Korean ally to the ICC. But the North Koreans have engaged in an unusually public diplomatic blitz to stop the idea from even reaching a vote.
Choe Myong Nam, a North Korean foreign ministry official in charge of human rights issues, told The Associated Press on Monday that no date has been fixed for a visit from Darusman, but his country is looking for a “new and objective report” on North Korea’s human rights situation. “Previous reports he has prepared have been based on rumors and fabrications, as well as distortions,” he said.
Phones rang unanswered Tuesday at North Korea’s UN Mission.

Comments

comments"###;

/// Seed `001_0597ab7630587ad7.txt`.
const AFP_001: &str = r###"UN explores new rights initiative with North Korea

A UN rights investigator said Tuesday that an invitation from North Korea opens up possibilities to engage with Pyongyang on improving their dismal rights record.

United Nations: A UN rights investigator said Tuesday that an invitation from North Korea opens up possibilities to engage with Pyongyang on improving their dismal rights record.

Marzuki Darusman, the United Nations special rapporteur on North Korea, met with North Korean officials on Monday as he prepared to present a report recommending that Pyongyang be referred for war crimes prosecution.

It was the first meeting between North Korea and a UN rights investigator in 10 years and followed the release in March of a UN inquiry that laid bare the brutality of the Pyongyang regime.

"We are at the beginning of a process," Darusman said of the talks held Monday at UN headquarters.

"More progress has taken place in the last three months than in the last 10 years in terms of the openness and the readiness of the North Koreans to come out of their shell."

During the meeting that lasted for more than an hour, the North Koreans offered to extend an invitation to the rapporteur and to the UN rights commissioner to pay a first landmark visit to North Korea.

But the North Koreans also raised their objection to a planned UN resolution requesting that the Pyongyang regime be referred to the International Criminal Court for crimes against humanity.

The draft resolution is to be presented by the European Union and Japan to the UN General Assembly later this week and a vote is expected next month.

Darusman agreed to speak to the sponsors of the resolution about dropping a possible referral to the ICC while discussing the terms of a possible visit with the North Koreans.

"The ultimate test of the government`s engagement would be whether or not the special rapporteur is allowed entry into the country," he said.

An invitation from Pyongyang would not be "a visit for the sake of visiting", he said, adding that he would need agreement to inspect any location including prison camps.

"That would be quite high on the list," he said.

"It needs to be a visit with a substantive and effective objective," he added.

The UN inquiry detailed a vast network of prison camps and documented cases of torture, enslavement and rape, among other violations.

By continuing to use the site, you agree to the use of cookies. You can find out more by clicking this link

Close"###;

/// Seed `002_8463310acbb8f35b.txt`.
const RAPPLER_002: &str = r###"After pressure on rights, North Korea offers UN visit

Ayee Macaraig
The reclusive state offers the UN a rare visit to Pyongyang in exchange for dropping a recommendation to refer its human rights abuses for prosecution

RARE OFFER. UN Special Rapporteur on the situation of human rights in North Korea Marzuki Darusman tells the press about North Korea's offer for him to visit Pyongyang. Photo by Ayee Macaraig/Rappler

UNITED NATIONS – As North Korea faces the possibility of prosecution for human rights atrocities, it made the rare move of offering the United Nations a visit into one of the world’s most secretive societies.

The UN’s Special Rapporteur on the situation of human rights in North Korea revealed that Pyongyang officials met with him for the first time ever at the sidelines of the UN General Assembly here in New York on Tuesday, October 28.

Special Rapporteur Marzuki Darusman of Indonesia said that North Korean diplomats offered him access to Pyongyang in exchange for the deletion of clauses in a UN resolution that would refer the country’s human rights abuses to the International Criminal Court (ICC).

The offer was unprecedented as North Korea has barred entry to UN rights rapporteurs and officials for years. Besides the rapporteur, North Korea is now offering the UN High Commissioner for Human Rights a visit to discuss “possible technical cooperation with the government.”

“They laid it out in the way that gave the impression in one breath that by mentioning certain parts of the resolution, they thought that the possibility of the rapporteur [visiting] would be enabled on the understanding that certain parts of the resolution reflect their concerns,” Darusman said in a press briefing on Tuesday.

In particular, Darusman said that the 4 North Korean officials he met with asked to delete clauses in the UN General Assembly resolution that held Supreme Leader Kim Jong-Un liable for human rights violations, and referred the reclusive state to The Hague-based ICC.

The meeting and the offer are the latest in North Korea’s charm offensive and sudden engagement with the UN human rights system in response to a groundbreaking and damning UN Commission of Inquiry (COI) report.

The report released in February found that North Korea committed crimes against humanity primarily through its system of prison camps including extermination, murder, enslavement, rape, and persecution on political, religious, racial and gender grounds. The findings drew strong global condemnation.

Last week, North Korean defectors told a UN panel discussion that the prison camps starved prisoners so much that some women ate their own babies to survive.

Japan and the European Union (EU) co-sponsored a resolution at the UN General Assembly for the UN Security Council to adopt the COI’s recommendations and refer North Korea to the ICC. (READ: ‘North Korea rights abuse is world’s moment of truth’)

Darusman said that the North Korean officials told him the visit will “balance out” the COI report because they felt “it didn’t reflect their side of the story.”

The special rapporteur said that he told the North Korean delegation that he will convey their message to Japan and the EU.

“The answer of the co-sponsors was they needed greater assurance that such an invitation was forthcoming before anything can be done to look into these clauses, which have gone through very thorough discussions among member states,” Darusman said.

Among the North Korean diplomats Darusman met with was Deputy UN Ambassador Ri Tong Il.

‘Visit separate issue from resolution’

Darusman said that he clarified to Pyongyang’s diplomats that the UN resolution should not be linked with his work.

“My response was inviting the special rapporteur is an independent issue. The rapporteur is never consulted on the context of the text to maintain the independence of the rapporteur,” he said.

Darusman added that he will seek another meeting with the North Koreans to convey the response of the co-sponsors, and then “step back and let the matter take its course.”

Special rapporteurs are independent experts that are not employed by the UN. They are mandated to look into specific countries or human rights themes.

Whatever conditions North Korea will set, Darusman said a UN visit must be “substantive and effective.”

“Any visit would have to be undertaken with the view to allow the rapporteur access into any location, institution, which would be a primary concern of the international community.”

If allowed into North Korea, the rapporteur said high on his agenda will be visiting prison camps.

‘Pragmatic, positive move’

North Korea has responded aggressively to the UN report, releasing its own positive human rights report, holding press conferences and briefings, and speaking at UN discussions on its human rights record. (READ: Prison camps? North Korea calls them ‘reform centers’)

It claims that the COI report was a political ploy of the US to undermine Kim Jong-Un’s regime, and calls the witnesses that testified “human scum.”

Still, the special rapporteur said that North Korea’s engagement with the UN is a positive and pragmatic step.

“Understandably, there’s been a lot of skepticism about the way North Korea goes about interacting with the international community. There are initiatives but also reversals. There has to be some way of creating, allowing a measure of trust but also a larger measure of verification,” Darusman said.

“It’s interesting that these actions, movements took place one after the other. I don’t think it’s incidental.” – Rappler.com

Rappler multimedia reporter Ayee Macaraig is a 2014 fellow of the Dag Hammarskjöld Fund for Journalists. She is in New York to cover the UN General Assembly, foreign policy, diplomacy, and world events.   

Add a comment

There are no comments yet. Add your comment to start the conversation."###;

/// Seed `003_9162bee93abea508.txt`.
const REUTERS_003: &str = r###"November 10, 2014 / 11:22 PM / 5 years ago

North Korea halts U.N. charm offensive over human rights record

UNITED NATIONS (Reuters) - A rare diplomatic charm offensive by North Korea appears to be over after it failed to halt a European and Japanese push for the United Nations General Assembly to support referring the hermit state to the International Criminal Court over allegations of human rights abuses.

In a statement given to U.N. states and obtained by Reuters on Monday, Pyongyang said it had suspended talks on a draft resolution that urges the Security Council to consider sending North Korea to The Hague-based court over accusations of crimes against humanity. The draft also encourages the 15-member council to mull targeted sanctions for human rights abusers.

A U.N. inquiry concluded in a Feb. 17 report that North Korean security chiefs and possibly even Supreme Leader Kim Jong Un himself should face international justice for ordering systematic torture, starvation and killings.

“Although we are not opposed to the dialogue and cooperation for promotion and protection of genuine human rights, we will strongly respond to any attempt to continuously abuse the human rights issues in sabotaging our system, to the last ditch,” North Korea’s U.N. mission said in its statement, dated Oct. 30.

As of Oct. 31 it suspended “overall consultations” on the draft resolution, which currently has some 50 co-sponsors, and warned that those supporting the move “will have to take full responsibilities for all the consequences to be incurred.”

The resolution drafted by the European Union and Japan is likely to be adopted by the General Assembly’s Third Committee, which deals with human rights, as early as next week. It is then formally approved by the U.N. General Assembly in December.

In an unusual move, normally shy North Korean diplomats had attempted to sway their U.N. counterparts with their own lengthy human rights report and a proposal for language in the resolution that would praise Pyongyang’s record.

North Korean diplomats also met with U.N. Special Rapporteur on human rights in North Korea, Marzuki Darusman, for the first time and signaled that they could allow him to visit Pyongyang if language about the International Criminal Court (ICC) was removed from the draft resolution.

They also told U.N. member states they would consider receiving “technical assistance” from the United Nations Office of the High Commissioner for Human Rights and a human rights dialogue with the European Union, according to the statement to U.N. states.

“We’re not prepared to make those sorts of deals, there was a clear recommendation of the Commission of Inquiry of the reference to the ICC, it’s clearly justified by the facts,” said senior U.N. diplomat, speaking on condition of anonymity. 

Diplomats say China is likely to veto any Security Council bid to refer the situation in North Korea to the ICC.

Unlike the Security Council, which can issue legally-binding resolutions and enforce compliance by imposing economic sanctions or authorizing military force, the General Assembly’s resolutions are non-binding. But such resolutions can increase political pressure on the countries targeted by them.

“In the long run, the EU and Japan have at last chosen the path of confrontation, in pursuance of the hostile policy of the United States against the DPRK (North Korea) in its attempt to smear the image of the dignified DPRK and overthrow its ideology and social system under the pretext of the fictitious ‘human rights issues’,” the North Korean statement said.

Reporting by Michelle Nichols; Editing by Grant McCool

0 : 0
  • narrow-browser-and-phone
  • medium-browser-and-portrait-tablet
  • landscape-tablet
  • medium-wide-browser
  • wide-browser-and-larger
  • medium-browser-and-landscape-tablet
  • medium-wide-browser-and-larger
  • above-phone
  • portrait-tablet-and-above
  • above-portrait-tablet
  • landscape-tablet-and-above
  • landscape-tablet-and-medium-wide-browser
  • portrait-tablet-and-below
  • landscape-tablet-and-below"###;

/// Seed `004_25985a18d12b7858.txt`.
const HT_004: &str = r###"N Korea holds UN talks amid push for war crimes probe | world | Hindustan Times
Today in New Delhi, India
Feb 27, 2017-Monday
New Delhi
  • Humidity
  • Wind

N Korea holds UN talks amid push for war crimes probe

world Updated: Oct 28, 2014 16:12 IST
North Korea ambassador

North Korea's ambassador met with the UN rights investigator on Monday for dialogue on a possible invitation amid a UN push for the Pyongyang regime to face war crimes prosecution.

North Korean counsellor Kim Song told AFP that the meeting with special rapporteur Marzuki Darusman was to discuss "our future cooperation in the area of human rights."

The meeting came ahead of a report to be presented Wednesday by Darusman to the UN General Assembly that calls for North Korea to face war crimes, based on the findings of a UN commission of inquiry released this year.

A UN official said the North Koreans floated the idea of inviting Darusman to North Korea but they also suggested that referring Pyongyang to the International Criminal Court should be dropped.

"I don't think that under those conditions, a visit would be possible," said the UN official who asked not to be named.

In his report, Darusman recommends that the 193-nation Assembly ask the Security Council to refer North Korea to the ICC and to consider targeted sanctions against those responsible for crimes against humanity.

The European Union and Japan have put forward a draft resolution to the Assembly that asks the Security Council to "take appropriate action," including a possible referral of North Korea to the Hague-based court.

That referral would trigger a war crimes investigation with an opportunity to prosecute those responsible for the atrocities, which the report says were ordered by the highest level of the state.

A vote is expected in the Assembly in late November.

Released in February, the UN inquiry laid bare the brutality of the Pyongyang regime, detailing a vast network of prison camps and documenting cases of torture, enslavement and rape among other violations.

The report sparked such an international outcry that North Korea is engaging on issues of human rights for the first time in decades."###;

/// The fields a case asserts; `None` fields are not checked.
#[derive(Default)]
struct Expect<'a> {
    title: Option<Option<&'a str>>,
    outlet: Option<Option<&'a str>>,
    wire: Option<Option<&'a str>>,
    date: Option<Option<&'a str>>,
    byline: Option<Option<&'a [&'a str]>>,
    dateline: Option<Option<&'a str>>,
    paragraphs: Option<usize>,
    /// (line, reason) pairs that must be in `removed`.
    removed: &'a [(usize, &'a str)],
    /// Lines that must be captions.
    captions: &'a [usize],
    /// Substrings that must appear in some paragraph.
    kept: &'a [&'a str],
    /// Substrings that must not appear in any paragraph.
    gone: &'a [&'a str],
}

fn run(raw: &str) -> Extraction {
    extract(raw, &ExtractOptions::default())
}

fn check(name: &str, raw: &str, expect: &Expect) {
    let x = run(raw);
    let value = |f: &Option<Found<String>>| f.as_ref().map(|f| f.value.clone());
    if let Some(title) = expect.title {
        assert_eq!(value(&x.title).as_deref(), title, "{name}: title");
    }
    if let Some(outlet) = expect.outlet {
        assert_eq!(value(&x.outlet).as_deref(), outlet, "{name}: outlet");
    }
    if let Some(wire) = expect.wire {
        assert_eq!(value(&x.wire).as_deref(), wire, "{name}: wire");
    }
    if let Some(date) = expect.date {
        assert_eq!(x.date.as_ref().map(|d| d.value.to_string()).as_deref(), date, "{name}: date");
    }
    if let Some(byline) = expect.byline {
        let got = x.byline.as_ref().map(|b| b.value.clone());
        let want = byline.map(|names| names.iter().map(|n| n.to_string()).collect::<Vec<_>>());
        assert_eq!(got, want, "{name}: byline");
    }
    if let Some(dateline) = expect.dateline {
        assert_eq!(value(&x.dateline).as_deref(), dateline, "{name}: dateline");
    }
    if let Some(count) = expect.paragraphs {
        assert_eq!(x.paragraphs.len(), count, "{name}: paragraphs {:#?}", x.paragraphs);
    }
    for (line, reason) in expect.removed {
        assert!(
            x.removed.iter().any(|r| r.line == *line && r.reason == *reason),
            "{name}: line {line} should be removed as {reason:?}; removed: {:#?}",
            x.removed
        );
    }
    for line in expect.captions {
        assert!(
            x.captions.iter().any(|c| c.line == *line),
            "{name}: line {line} should be a caption: {:#?}",
            x.captions
        );
    }
    for text in expect.kept {
        assert!(x.paragraphs.iter().any(|p| p.text.contains(text)), "{name}: {text:?} should be kept");
    }
    for text in expect.gone {
        assert!(!x.paragraphs.iter().any(|p| p.text.contains(text)), "{name}: {text:?} should be gone");
    }
    for f in [&x.title, &x.outlet, &x.wire, &x.dateline].into_iter().flatten() {
        assert!((0.0..=1.0).contains(&f.confidence), "{name}: confidence {}", f.confidence);
        assert!(f.evidence.starts_with("line "), "{name}: evidence {:?}", f.evidence);
    }
}

#[test]
fn seed_000_ap_copy_on_unknown_site() {
    check(
        "000",
        AP_000,
        &Expect {
            title: Some(Some("UN investigator cautious on North Korea engagement")),
            outlet: Some(Some("Associated Press")),
            wire: Some(Some("AP")),
            date: Some(None),
            byline: Some(None),
            dateline: Some(Some("United Nations")),
            paragraphs: Some(13),
            removed: &[
                (1, "navigation bar"),
                (2, "section label"),
                (4, "headline"),
                (21, "comment prompt"),
                (23, "comment prompt"),
            ],
            kept: &[
                "United Nations, A UN human rights investigator",
                "political prison camps with up to 120,000 people and sponsoring abductions of South Koreans, Japanese and others.",
                "demands the North Koreans made in exchange.",
                "Phones rang unanswered Tuesday",
            ],
            gone: &["\u{a0}", "Home About Us", "Breaking News"],
            ..Expect::default()
        },
    );
    let x = run(AP_000);
    let outlet = x.outlet.unwrap_or(Found { value: String::new(), confidence: 1.0, evidence: String::new() });
    assert!(outlet.confidence < 0.5, "wire fallback must be weak");
    assert!(outlet.evidence.contains("told The Associated Press"), "{}", outlet.evidence);
    assert!(
        x.notes.iter().any(|n| n.contains("date unknown") && n.contains("scrape-time date (line 1")),
        "{:?}",
        x.notes
    );
}

#[test]
fn seed_001_afp_copy_with_repeated_standfirst() {
    check(
        "001",
        AFP_001,
        &Expect {
            title: Some(Some("UN explores new rights initiative with North Korea")),
            outlet: Some(None),
            wire: Some(None),
            date: Some(None),
            dateline: Some(Some("United Nations")),
            paragraphs: Some(14),
            removed: &[(1, "headline"), (3, "duplicate standfirst"), (33, "cookie notice"), (35, "cookie notice")],
            kept: &[
                "United Nations: A UN rights investigator said Tuesday",
                "the government's engagement",
                "documented cases of torture",
            ],
            gone: &["`", "cookies", "Close"],
            ..Expect::default()
        },
    );
}

#[test]
fn seed_002_rappler() {
    check(
        "002",
        RAPPLER_002,
        &Expect {
            title: Some(Some("After pressure on rights, North Korea offers UN visit")),
            outlet: Some(Some("Rappler")),
            wire: Some(None),
            date: Some(None),
            byline: Some(Some(&["Ayee Macaraig"])),
            dateline: Some(Some("UNITED NATIONS")),
            paragraphs: Some(29),
            removed: &[
                (1, "headline"),
                (3, "byline"),
                (62, "sign-off"),
                (64, "author bio"),
                (66, "comment prompt"),
                (68, "comment prompt"),
            ],
            captions: &[6],
            kept: &[
                "The reclusive state offers the UN a rare visit",
                "‘Visit separate issue from resolution’",
                "‘Pragmatic, positive move’",
                "(READ: ‘North Korea rights abuse is world’s moment of truth’)",
                "I don’t think it’s incidental.”",
            ],
            gone: &["Rappler.com", "RARE OFFER", "2014 fellow", "Add a comment"],
        },
    );
    let x = run(RAPPLER_002);
    assert_eq!(x.paragraphs.first().map(|p| p.kind), Some(ParagraphKind::Standfirst));
    assert!(x.standfirst.is_some());
    assert!(x.paragraphs.last().is_some_and(|p| p.text.ends_with("incidental.”")));
    assert_eq!(x.captions.first().and_then(|c| c.credit.clone()).as_deref(), Some("Ayee Macaraig/Rappler"));
}

#[test]
fn seed_003_reuters() {
    let css_lines: Vec<(usize, &str)> = (34..=47).map(|line| (line, "CSS class list")).collect();
    let mut removed = vec![(1, "publication date"), (3, "headline"), (31, "byline"), (33, "share counter")];
    removed.extend(css_lines);
    check(
        "003",
        REUTERS_003,
        &Expect {
            title: Some(Some("North Korea halts U.N. charm offensive over human rights record")),
            outlet: Some(Some("Reuters")),
            wire: Some(Some("Reuters")),
            date: Some(Some("2014-11-10")),
            byline: Some(Some(&["Michelle Nichols"])),
            dateline: Some(Some("UNITED NATIONS")),
            paragraphs: Some(13),
            removed: &removed,
            kept: &["UNITED NATIONS (Reuters) - A rare diplomatic charm offensive", "fictitious ‘human rights issues’"],
            gone: &["Grant McCool", "narrow-browser", "0 : 0", "years ago"],
            ..Expect::default()
        },
    );
    let x = run(REUTERS_003);
    assert_eq!(x.date.map(|d| d.evidence).as_deref(), Some("line 1: November 10, 2014 / 11:22 PM"));
    assert!(x.notes.is_empty(), "{:?}", x.notes);
}

#[test]
fn seed_004_hindustan_times() {
    check(
        "004",
        HT_004,
        &Expect {
            title: Some(Some("N Korea holds UN talks amid push for war crimes probe")),
            outlet: Some(Some("Hindustan Times")),
            wire: Some(Some("AFP")),
            date: Some(Some("2014-10-28")),
            byline: Some(None),
            paragraphs: Some(11),
            removed: &[
                (1, "headline"),
                (2, "weather widget"),
                (3, "weather widget"),
                (4, "weather widget"),
                (5, "weather widget"),
                (6, "weather widget"),
                (8, "headline"),
                (10, "publication date"),
            ],
            captions: &[11],
            kept: &["North Korea's ambassador met with the UN rights investigator", "in decades."],
            gone: &["Humidity", "New Delhi", "2017", "Updated"],
            ..Expect::default()
        },
    );
    let x = run(HT_004);
    assert_eq!(x.date.map(|d| d.evidence).as_deref(), Some("line 10: Updated: Oct 28, 2014 16:12 IST"));
}

#[test]
fn corpus_like_snippets() {
    let cases: &[(&str, &str, Expect)] = &[
        (
            "wsj tail",
            "LONDON -- A leading shareholder advisory group has criticized BP PLC's decision to award its top directors their maximum bonuses.\n\nWrite to Sarah Kent at sarah.kent@wsj.com\n\nMore from MarketWatch",
            Expect {
                dateline: Some(Some("LONDON")),
                byline: Some(Some(&["Sarah Kent"])),
                paragraphs: Some(1),
                removed: &[(3, "byline"), (5, "related links")],
                ..Expect::default()
            },
        ),
        (
            "bbc captions",
            "Image copyright PA Image caption Bob Dudley took over as BP chief executive\n\nBP shareholders have rejected a pay package of almost £14m for chief executive Bob Dudley at the meeting.\n\nMedia playback is unsupported on your device Media caption Dudley's pay sends 'wrong message'\n\nShe told the BBC's Today programme that the vote would force BP to think long and hard.",
            Expect { outlet: Some(Some("BBC")), paragraphs: Some(2), captions: &[1, 5], ..Expect::default() },
        ),
        (
            "marketwatch ticker",
            "Both moves heap pressure on Dudley and his board, as they try to navigate low oil prices.\n\nBP BP., +0.88% BP, +0.60% Chairman Carl-Henric Svanberg defended the pay package during the meeting.",
            Expect { kept: &["BP Chairman Carl-Henric Svanberg defended"], gone: &["+0.88%"], ..Expect::default() },
        ),
        (
            "cnn dateline",
            "Seoul (CNN) North and South Korean athletes will march together at the Winter Olympics opening ceremony under a unified flag.",
            Expect { outlet: Some(Some("CNN")), wire: Some(None), dateline: Some(Some("Seoul")), ..Expect::default() },
        ),
        (
            "ap sign-off",
            "WASHINGTON (AP) — The House voted early Sunday to approve a plan to fund federal agencies through Dec. 15.\n\n— The Associated Press",
            Expect {
                wire: Some(Some("AP")),
                outlet: Some(Some("Associated Press")),
                dateline: Some(Some("WASHINGTON")),
                paragraphs: Some(1),
                removed: &[(3, "sign-off")],
                ..Expect::default()
            },
        ),
        (
            "published stamp",
            "Tesla says Autopilot was engaged in fatal crash\n\nBy Jane Doe and John Roe\n\nPublished 3:04 PM ET, Thu April 14, 2016\n\nThe fatal crash last week involving a Tesla did take place while the vehicle was on autopilot, the company said.",
            Expect {
                title: Some(Some("Tesla says Autopilot was engaged in fatal crash")),
                byline: Some(Some(&["Jane Doe", "John Roe"])),
                date: Some(Some("2016-04-14")),
                paragraphs: Some(1),
                ..Expect::default()
            },
        ),
        (
            "date only in body and caption",
            "In this Jan. 2, 2012 file photo, Mubarak is wheeled into court. (Associated Press)\n\nThe chief prosecutor accused the ousted leader on Tuesday, Jan. 3, 2012, of imposing tyrannical rule over the country.",
            Expect { date: Some(None), captions: &[1], paragraphs: Some(1), ..Expect::default() },
        ),
        (
            "related block",
            "It's the wild West here, he said, and people don't understand that it is dangerous out there.\n\n“Wish me luck,” he said.\n\nALSO:\n\nReport: Citizens detained at immigration officials' request\n\nFormer New Orleans mayor pleads not guilty in corruption case",
            Expect {
                paragraphs: Some(2),
                removed: &[(5, "related links"), (7, "related links"), (9, "related links")],
                ..Expect::default()
            },
        ),
        (
            "mid-line photo credit",
            "Tributes poured in for the couple over the weekend, including from the prime minister.\n\nVinay Chopra, a former Apotex worker. (CBC) Paul Godfrey, CEO of Postmedia, also considered himself a friend of the couple.",
            Expect {
                outlet: Some(Some("CBC News")),
                captions: &[3],
                kept: &["Paul Godfrey, CEO of Postmedia, also considered himself a friend"],
                gone: &["Vinay Chopra, a former Apotex worker."],
                ..Expect::default()
            },
        ),
        (
            "r_standfirst_needs_a_headline",
            "The T. rex's roar has struck fear into audiences. (Jenny Starrs/The Washington Post)\n\nPicture, if you will, the mighty Tyrannosaurus rex.\n\nThe odds are good what you envision has been brought to you in part by a plastic toy or some other facet of pop culture.",
            Expect {
                title: Some(None),
                outlet: Some(Some("The Washington Post")),
                paragraphs: Some(2),
                captions: &[1],
                ..Expect::default()
            },
        ),
        (
            "r_cited_station_is_not_the_publisher",
            "Huang's brother told San Francisco ABC station KGO that the car swerved toward the barrier.\n\n\"These are guidelines that our staff follow,\" CalTrans told KGO.",
            Expect { outlet: Some(None), ..Expect::default() },
        ),
        (
            "r_what_we_know_promo",
            "Less than a week before the businessman and his wife were found dead, she was making plans for a trip.\n\nWhat happened to Barry and Honey Sherman? What we know so far about the Apotex founder's death\n\nThe homicide squad is now in charge of the investigation, police said on Sunday night.",
            Expect { paragraphs: Some(2), removed: &[(3, "related links")], ..Expect::default() },
        ),
        (
            "r_breakingviews_column",
            "The author is a Reuters Breakingviews columnist. The opinions expressed are his own.\n\nBP faces opposition from some shareholders for handing its chief executive a 20 percent increase.",
            Expect {
                outlet: Some(Some("Reuters")),
                wire: Some(None),
                paragraphs: Some(1),
                removed: &[(1, "author bio")],
                ..Expect::default()
            },
        ),
        (
            "not an article",
            "This is a set of web collections curated by Mark Graham using the Archive-IT service of the Internet Archive. They include web captures of the ISKME.org website.",
            Expect { paragraphs: Some(0), removed: &[(1, "web archive notice")], ..Expect::default() },
        ),
    ];
    for (name, raw, expect) in cases {
        check(name, raw, expect);
    }
}

#[test]
fn configured_rules_and_aliases() {
    let drop = vec!["Sponsored by Acme".to_string(), "/^Subscribe to .*$/".to_string(), "/[unclosed/".to_string()];
    let aliases = BTreeMap::from([("Daily Bugle".to_string(), "The Daily Bugle".to_string())]);
    let opts = ExtractOptions { drop: &drop, outlet_aliases: &aliases };
    let raw = "Spider sighting downtown | Daily Bugle\n\nSponsored by Acme\n\nSubscribe to our print edition today\n\nA man in a red suit was seen climbing the side of a building on Tuesday, witnesses said.";
    let x = extract(raw, &opts);
    assert_eq!(x.outlet.map(|o| o.value).as_deref(), Some("The Daily Bugle"));
    assert!(x.removed.iter().any(|r| r.line == 3 && r.reason == "configured"));
    assert!(x.removed.iter().any(|r| r.line == 5 && r.reason == "configured"));
    assert!(x.notes.iter().any(|n| n.contains("not a valid regex")), "{:?}", x.notes);
    assert_eq!(x.paragraphs.len(), 1);
}

#[test]
fn canonical_outlet_examples() {
    let none = BTreeMap::new();
    let cases = [
        ("Rappler.com", Some("Rappler")),
        ("HT", Some("Hindustan Times")),
        ("reuters.com", Some("Reuters")),
        ("The Associated Press", Some("Associated Press")),
        ("nobody.example", None),
    ];
    for (name, expected) in cases {
        assert_eq!(canonical_outlet(name, &none).as_deref(), expected, "{name}");
    }
}

/// Every non-blank line is accounted for: in a paragraph, a caption, or removed.
#[test]
fn nothing_is_silently_lost() {
    for (name, raw) in [("000", AP_000), ("001", AFP_001), ("002", RAPPLER_002), ("003", REUTERS_003), ("004", HT_004)]
    {
        let x = run(raw);
        for (i, line) in raw.split('\n').enumerate() {
            let no = i + 1;
            if line.trim().is_empty() {
                continue;
            }
            let accounted = x.paragraphs.iter().any(|p| p.line == no || (p.line < no && p.text.len() > 200))
                || x.captions.iter().any(|c| c.line == no)
                || x.removed.iter().any(|r| r.line == no);
            assert!(accounted, "{name}: line {no} {line:?} is lost");
        }
    }
}

/// A deterministic pseudo-random byte generator (no clock, no dependency).
fn pseudo_random_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as u8
        })
        .collect()
}

#[test]
fn hostile_input_never_panics() {
    let mut inputs: Vec<String> = vec![
        String::new(),
        "\n".to_string(),
        "\n\n\n".to_string(),
        " \u{a0}\t\r\n".to_string(),
        "|||".to_string(),
        "By".to_string(),
        "— ".to_string(),
        "(Reuters)".to_string(),
        "UNITED NATIONS (".to_string(),
        "é".repeat(10_000),
        "a".repeat(1_000_000),
        format!("{}\n{}", "Headline ".repeat(5_000), "word. ".repeat(200_000)),
        "e\u{301}\u{302}\u{303} 🇰🇷 עברית العربية 日本語 \u{202e}reversed\u{202c}\n\u{feff}BOM line".to_string(),
        "November 10, 2014 / 11:22 PM / 5 years ago\r\n\r\nTitle here\r\n\r\nUNITED NATIONS (Reuters) - Body text goes on and on for a while so it counts as prose.\r\n".to_string(),
        "Feb 30, 2014\n2014-13-45\nOct 99, 9999\n0000-00-00".to_string(),
        "\u{0}\u{1}\u{7f}\u{85}\u{2028}\u{2029}".to_string(),
        "\u{fffd}?\u{fffd}?Â Â\u{a0}`".repeat(100),
        "\n".repeat(100_000),
    ];
    for seed in 0..24 {
        inputs.push(String::from_utf8_lossy(&pseudo_random_bytes(seed, 4096 * (seed as usize + 1))).into_owned());
        let ascii: String =
            pseudo_random_bytes(seed + 100, 8192).into_iter().map(|b| char::from(b % 96 + 32)).collect();
        inputs.push(ascii.replace('~', "\n"));
    }
    for input in &inputs {
        let x = run(input);
        for f in [&x.title, &x.outlet, &x.wire, &x.dateline].into_iter().flatten() {
            assert!((0.0..=1.0).contains(&f.confidence));
        }
        assert!(x.paragraphs.iter().all(|p| p.line >= 1));
    }
}

#[test]
fn output_is_deterministic() {
    for raw in [AP_000, AFP_001, RAPPLER_002, REUTERS_003, HT_004] {
        assert_eq!(run(raw), run(raw));
    }
}

#[test]
fn crlf_line_endings_give_the_same_result() {
    let crlf = REUTERS_003.replace('\n', "\r\n");
    assert_eq!(run(&crlf), run(REUTERS_003));
}

#[test]
fn relative_age_inside_a_story_sentence_is_not_mentioned() {
    let x = run(AP_000);
    assert!(!x.notes.iter().any(|n| n.contains("relative age")), "{:?}", x.notes);
}
