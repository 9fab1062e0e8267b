//! Guessing a stem's role from its file name, the way engineers name their
//! exports: `01_Kick In.wav`, `LeadVox.flac`, `gtr-L.mp3`, `808.wav`.

use crate::engine::Role;

/// Words that name a role, in the order they are tried: the more specific
/// names come first, so "bass drum" is a kick, "lead vocal" a vocal, "backing
/// vocal" not a lead vocal and "sub bass" a sub.
const NAMES: &[(Role, &[&str])] = &[
    (
        Role::Band,
        &[
            "band",
            "backing track",
            "instrumental",
            "inst",
            "playback",
            "karaoke",
        ],
    ),
    (Role::Kick, &["kick", "kik", "bd", "bass drum", "bassdrum"]),
    (
        Role::BackingVocal,
        &[
            "bv",
            "bvs",
            "bgv",
            "backing",
            "backs",
            "bvox",
            "choir",
            "harmony",
            "harmonies",
            "adlib",
            "adlibs",
            "double",
        ],
    ),
    (
        Role::Vocal,
        &[
            "vox", "vocal", "voc", "vocals", "voice", "lv", "sing", "singer",
        ],
    ),
    (Role::Sub, &["sub", "808"]),
    (Role::Bass, &["bass", "bs"]),
    (Role::Snare, &["snare", "snr", "sn", "sd", "rim", "rimshot"]),
    (Role::Clap, &["clap", "claps", "cp"]),
    (
        Role::Hats,
        &["hat", "hats", "hh", "hihat", "hihats", "hi hat", "hi hats"],
    ),
    (
        Role::Cymbals,
        &[
            "cymbal",
            "cymbals",
            "crash",
            "ride",
            "oh",
            "ovh",
            "overhead",
            "overheads",
        ],
    ),
    (
        Role::Percussion,
        &[
            "perc",
            "percussion",
            "shaker",
            "tamb",
            "tambourine",
            "conga",
            "congas",
            "bongo",
            "bongos",
            "cowbell",
        ],
    ),
    (
        Role::Drums,
        &["drum", "drums", "kit", "room", "tom", "toms"],
    ),
    (
        Role::Keys,
        &[
            "key", "keys", "piano", "pno", "rhodes", "organ", "epiano", "ep", "wurli", "clav",
        ],
    ),
    (Role::Pad, &["pad", "pads"]),
    (
        Role::Strings,
        &[
            "string", "strings", "str", "violin", "viola", "cello", "orch",
        ],
    ),
    (
        Role::Brass,
        &[
            "brass", "horn", "horns", "trumpet", "tpt", "sax", "trombone",
        ],
    ),
    (Role::Lead, &["lead", "ld", "solo", "melody", "mel"]),
    (
        Role::Guitar,
        &[
            "gtr", "gtrs", "guitar", "guitars", "git", "acoustic", "ac gtr",
        ],
    ),
    (Role::Synth, &["synth", "syn", "arp", "pluck", "plucks"]),
    (
        Role::Fx,
        &["fx", "sfx", "riser", "sweep", "impact", "noise", "foley"],
    ),
];

/// The role a file name suggests, or [`Role::Other`].
pub fn guess_role(file_name: &str) -> Role {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    let words = words(stem);
    let phrase = format!(" {} ", words.join(" "));
    for &(role, names) in NAMES {
        for name in names {
            if name.contains(' ') {
                if phrase.contains(&format!(" {name} ")) {
                    return role;
                }
            } else if words.iter().any(|w| w == name || plural_of(w, name)) {
                return role;
            }
        }
    }
    Role::Other
}

/// "vocals" for "vocal", "guitars" for "guitar": a word longer than three
/// letters followed by a plural `s`.
fn plural_of(word: &str, name: &str) -> bool {
    name.len() > 3 && word.strip_suffix('s') == Some(name)
}

/// Splits a file name into lower-case words at separators, at lower→upper
/// case changes (`LeadVox`) and between letters and digits (`kick01`), but
/// keeps `808` whole.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            flush(&mut current, &mut words);
            previous = None;
            continue;
        }
        if let Some(p) = previous {
            let case_change = p.is_lowercase() && c.is_uppercase();
            let digit_change = p.is_ascii_digit() != c.is_ascii_digit();
            if case_change || digit_change {
                flush(&mut current, &mut words);
            }
        }
        current.extend(c.to_lowercase());
        previous = Some(c);
    }
    flush(&mut current, &mut words);
    words
}

fn flush(current: &mut String, words: &mut Vec<String>) {
    if !current.is_empty() {
        words.push(std::mem::take(current));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engineers_file_names() {
        let cases = [
            ("01_Kick In.wav", Role::Kick),
            ("Bass Drum.aif", Role::Kick),
            ("kick01.wav", Role::Kick),
            ("02-snare top.flac", Role::Snare),
            ("HiHat.wav", Role::Hats),
            ("hi-hat.wav", Role::Hats),
            ("OH L.wav", Role::Cymbals),
            ("808.wav", Role::Sub),
            ("Sub Bass.wav", Role::Sub),
            ("bass DI.wav", Role::Bass),
            ("Synth Bass.wav", Role::Bass),
            ("LeadVox.flac", Role::Vocal),
            ("lead vocal.wav", Role::Vocal),
            ("Vocals.mp3", Role::Vocal),
            ("BVs.wav", Role::BackingVocal),
            ("backing vocals 2.wav", Role::BackingVocal),
            ("gtr-L.mp3", Role::Guitar),
            ("Rhythm Guitars.ogg", Role::Guitar),
            ("Lead Guitar.wav", Role::Lead),
            ("Piano.wav", Role::Keys),
            ("Warm Pad.wav", Role::Pad),
            ("arp.wav", Role::Synth),
            ("Shaker.wav", Role::Percussion),
            ("Riser FX.wav", Role::Fx),
            ("clap.wav", Role::Clap),
            ("strings.wav", Role::Strings),
            ("Backing Track.wav", Role::Band),
            ("song_instrumental.flac", Role::Band),
            ("mystery take.wav", Role::Other),
            ("subway.wav", Role::Other),
        ];
        for (name, role) in cases {
            assert_eq!(guess_role(name), role, "{name}");
        }
    }

    #[test]
    fn words_split_at_case_digits_and_separators() {
        assert_eq!(words("LeadVox_02-dbl"), ["lead", "vox", "02", "dbl"]);
        assert_eq!(words("808 Glide"), ["808", "glide"]);
    }
}
