//! The sequence tagger: BIO tags for PER, LOC and ORG, a hashed linear model (an averaged perceptron, trained in
//! [`super::train`]), first-order Viterbi decoding, and the compact binary model file.
//!
//! Model file layout (little-endian): magic `NDXNER1\0`, table bits (u32), scale (f32), the transition matrix
//! ((1 + 7) x 7 f32, row 0 is the sentence start), the number of non-empty rows (u32), then for each row the
//! varint gap from the previous row index and 7 zigzag-varint quantized weights.

use std::fmt;

/// Number of tags.
pub const NT: usize = 7;

/// A BIO tag over three entity types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    O,
    B(EntType),
    I(EntType),
}

/// The entity types the tagger knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntType {
    Per,
    Loc,
    Org,
}

impl EntType {
    pub const ALL: [EntType; 3] = [EntType::Per, EntType::Loc, EntType::Org];

    /// "PER", "LOC", "ORG".
    pub fn name(self) -> &'static str {
        match self {
            EntType::Per => "PER",
            EntType::Loc => "LOC",
            EntType::Org => "ORG",
        }
    }

    /// Parse "PER"/"LOC"/"ORG" (any case); other types (MISC) give None.
    pub fn parse(s: &str) -> Option<EntType> {
        match s.to_ascii_uppercase().as_str() {
            "PER" => Some(EntType::Per),
            "LOC" => Some(EntType::Loc),
            "ORG" => Some(EntType::Org),
            _ => None,
        }
    }

    fn index(self) -> u8 {
        match self {
            EntType::Per => 0,
            EntType::Loc => 1,
            EntType::Org => 2,
        }
    }
}

impl Tag {
    /// The tag's index: O 0, B-PER 1, I-PER 2, B-LOC 3, I-LOC 4, B-ORG 5, I-ORG 6.
    pub fn index(self) -> u8 {
        match self {
            Tag::O => 0,
            Tag::B(t) => 1 + 2 * t.index(),
            Tag::I(t) => 2 + 2 * t.index(),
        }
    }

    /// The tag with this index (out-of-range gives O).
    pub fn from_index(i: u8) -> Tag {
        let t = match (i.max(1) - 1) / 2 {
            0 => EntType::Per,
            1 => EntType::Loc,
            _ => EntType::Org,
        };
        match i {
            1 | 3 | 5 => Tag::B(t),
            2 | 4 | 6 => Tag::I(t),
            _ => Tag::O,
        }
    }

    /// Parse a CoNLL tag ("B-PER", "I-LOC", "O"); unknown types become O.
    pub fn parse(s: &str) -> Tag {
        let (prefix, ty) = match s.split_once('-') {
            Some(x) => x,
            None => return Tag::O,
        };
        match (prefix, EntType::parse(ty)) {
            ("B", Some(t)) => Tag::B(t),
            ("I", Some(t)) => Tag::I(t),
            _ => Tag::O,
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tag::O => write!(f, "O"),
            Tag::B(t) => write!(f, "B-{}", t.name()),
            Tag::I(t) => write!(f, "I-{}", t.name()),
        }
    }
}

/// Whether tag `to` may follow tag `from` (None = sentence start) in IOB2.
pub fn allowed(from: Option<u8>, to: u8) -> bool {
    if to == 0 || to % 2 == 1 {
        return true;
    }
    matches!(from, Some(f) if f == to || f + 1 == to)
}

/// [`allowed`] for every pair of tags: `ALLOWED[from][to]`.
const ALLOWED: [[bool; NT]; NT] = {
    let mut a = [[false; NT]; NT];
    let mut from = 0;
    while from < NT {
        let mut to = 0;
        while to < NT {
            a[from][to] = to == 0 || to % 2 == 1 || from == to || from + 1 == to;
            to += 1;
        }
        from += 1;
    }
    a
};

/// Transition scores: row 0 is the sentence start, row 1 + t follows tag t.
pub type Transitions = [[f32; NT]; NT + 1];

/// Best tag sequence for the emission scores, respecting IOB2 constraints.
pub fn viterbi(emit: &[[f32; NT]], trans: &Transitions) -> Vec<u8> {
    let mut out = vec![0u8; emit.len()];
    viterbi_with(emit, trans, None, &mut ViterbiScratch::default(), &mut out);
    out
}

/// Buffers [`viterbi_with`] reuses from sentence to sentence.
#[derive(Default)]
pub struct ViterbiScratch {
    score: Vec<[f32; NT]>,
    back: Vec<[u8; NT]>,
}

/// [`viterbi`] into `out` (as long as `emit`), where the tokens `scored` marks false can only be O (their `emit`
/// row is not read): for those the step considers the one tag instead of all of them.
pub fn viterbi_with(
    emit: &[[f32; NT]],
    trans: &Transitions,
    scored: Option<&[bool]>,
    scratch: &mut ViterbiScratch,
    out: &mut [u8],
) {
    let n = emit.len().min(out.len());
    if n == 0 {
        return;
    }
    let forced = |i: usize| scored.is_some_and(|s| !s[i]);
    // Transition scores with the forbidden moves at minus infinity, so the inner loop has no branch.
    let mut step = [[f32::NEG_INFINITY; NT]; NT];
    for (p, row) in step.iter_mut().enumerate() {
        for (t, x) in row.iter_mut().enumerate() {
            if ALLOWED[p][t] {
                *x = trans[1 + p][t];
            }
        }
    }
    let (score, back) = (&mut scratch.score, &mut scratch.back);
    score.clear();
    score.resize(n, [f32::NEG_INFINITY; NT]);
    back.clear();
    back.resize(n, [0u8; NT]);
    if forced(0) {
        score[0][0] = trans[0][0];
    } else {
        for t in 0..NT {
            if allowed(None, t as u8) {
                score[0][t] = trans[0][t] + emit[0][t];
            }
        }
    }
    for i in 1..n {
        let prev = score[i - 1];
        if forced(i) && forced(i - 1) {
            // O after O: the only path.
            score[i][0] = prev[0] + step[0][0];
            continue;
        }
        let to = if forced(i) { 1 } else { NT };
        for t in 0..to {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0u8;
            for (p, &ps) in prev.iter().enumerate() {
                let s = ps + step[p][t];
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            score[i][t] = if forced(i) { best } else { best + emit[i][t] };
            back[i][t] = arg;
        }
    }
    let mut last = 0u8;
    let mut best = f32::NEG_INFINITY;
    for (t, &s) in score[n - 1].iter().enumerate() {
        if s > best {
            best = s;
            last = t as u8;
        }
    }
    out[n - 1] = last;
    for i in (1..n).rev() {
        out[i - 1] = back[i][out[i] as usize];
    }
}

/// Buffers [`Model::tag`] reuses from sentence to sentence.
#[derive(Default)]
pub struct TagScratch {
    idx: Vec<u32>,
    emit: Vec<[f32; NT]>,
    viterbi: ViterbiScratch,
}

/// Row of the weight table a feature hash falls into.
#[inline]
pub fn row_of(feature: u64, bits: u32) -> usize {
    (feature.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
}

/// One block of 64 table rows: which of them are non-zero, and how many non-zero rows come before the block.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(16))]
struct Block {
    present: u64,
    rank: u32,
}

/// Ask the CPU to start loading the cache line holding `x`.
#[inline(always)]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint; it never faults and never changes memory, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>((x as *const T).cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// A trained model, quantized for tagging.
///
/// The hashed weight table has 2^bits rows but only about one in ten is non-zero (227,661 of 2^21 in the shipped
/// model), and tagging reads ~40 random rows per token. So only the non-zero rows are kept, in row order, and a
/// rank bitmap (16 bytes per 64 rows: 512 KB at 2^21, small enough to stay in the L2 cache) says whether a row is
/// there and where: a feature whose row is empty costs no memory access beyond the bitmap, and the rows that
/// remain (3.6 MB instead of 33 MB) mostly stay in cache. The weights, and so the scores, are exactly those of the
/// full table.
pub struct Model {
    bits: u32,
    scale: f32,
    blocks: Vec<Block>,
    rows: Vec<[i16; 8]>,
    pub trans: Transitions,
}

const MAGIC: &[u8; 8] = b"NDXNER1\0";

/// Errors reading a model file.
#[derive(Debug)]
pub struct ModelError(pub String);

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid model file: {}", self.0)
    }
}

impl std::error::Error for ModelError {}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get_varint(data: &[u8], pos: &mut usize) -> Result<u64, ModelError> {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = *data.get(*pos).ok_or_else(|| ModelError("truncated".into()))?;
        *pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Ok(v);
        }
        shift += 7;
        if shift > 63 {
            return Err(ModelError("bad varint".into()));
        }
    }
}

fn take<'a>(data: &'a [u8], pos: &mut usize, n: usize) -> Result<&'a [u8], ModelError> {
    let s = data.get(*pos..*pos + n).ok_or_else(|| ModelError("truncated".into()))?;
    *pos += n;
    Ok(s)
}

fn get_f32(data: &[u8], pos: &mut usize) -> Result<f32, ModelError> {
    let s = take(data, pos, 4)?;
    Ok(f32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

impl Model {
    /// Quantize float weights (one `[f32; NT]` per table row) into a model; weights below `prune` (in absolute
    /// value) are dropped.
    pub fn from_weights(bits: u32, weights: &[[f32; NT]], trans: Transitions, prune: f32) -> Model {
        let max = weights.iter().flat_map(|r| r.iter()).fold(0f32, |m, &w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut model = Model::empty(bits, scale, trans);
        for (i, r) in weights.iter().enumerate() {
            let mut q = [0i16; 8];
            for t in 0..NT {
                if r[t].abs() >= prune {
                    q[t] = (r[t] / scale).round().clamp(-32767.0, 32767.0) as i16;
                }
            }
            model.push_row(i, q);
        }
        model
    }

    /// A model with no rows yet; rows are added in increasing index order with [`Model::push_row`].
    fn empty(bits: u32, scale: f32, trans: Transitions) -> Model {
        Model {
            bits,
            scale,
            blocks: vec![Block::default(); (1usize << bits).div_ceil(64)],
            rows: Vec::new(),
            trans,
        }
    }

    /// Set row `i` (greater than every row set before); all-zero rows are not stored.
    fn push_row(&mut self, i: usize, row: [i16; 8]) {
        if row.iter().all(|&w| w == 0) {
            return;
        }
        let b = i / 64;
        if self.blocks[b].present == 0 {
            self.blocks[b].rank = self.rows.len() as u32;
        }
        self.blocks[b].present |= 1u64 << (i % 64);
        self.rows.push(row);
    }

    /// Row `i` of the table (all zero when not stored).
    #[inline]
    fn row(&self, i: usize) -> Option<&[i16; 8]> {
        let blk = &self.blocks[i / 64];
        let bit = 1u64 << (i % 64);
        if blk.present & bit == 0 {
            return None;
        }
        let idx = blk.rank as usize + (blk.present & (bit - 1)).count_ones() as usize;
        self.rows.get(idx)
    }

    /// The stored rows with their indices, in index order.
    fn stored_rows(&self) -> impl Iterator<Item = (usize, &[i16; 8])> + '_ {
        let mut it = self.rows.iter();
        self.blocks.iter().enumerate().flat_map(move |(b, blk)| {
            let mut bits = blk.present;
            let mut out = Vec::with_capacity(bits.count_ones() as usize);
            while bits != 0 {
                let k = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if let Some(r) = it.next() {
                    out.push((b * 64 + k, r));
                }
            }
            out
        })
    }

    /// Serialize to the compact file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        for row in &self.trans {
            for w in row {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        out.extend_from_slice(&(self.rows.len() as u32).to_le_bytes());
        let mut prev = 0usize;
        for (i, row) in self.stored_rows() {
            put_varint(&mut out, (i - prev) as u64);
            prev = i;
            for &w in &row[..NT] {
                let w = i64::from(w);
                put_varint(&mut out, ((w << 1) ^ (w >> 63)) as u64);
            }
        }
        out
    }

    /// Read a model written by [`Model::to_bytes`].
    pub fn from_bytes(data: &[u8]) -> Result<Model, ModelError> {
        let mut pos = 0;
        if take(data, &mut pos, 8)? != MAGIC {
            return Err(ModelError("wrong magic number".into()));
        }
        let b = take(data, &mut pos, 4)?;
        let bits = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        if !(8..=26).contains(&bits) {
            return Err(ModelError(format!("unsupported table size 2^{bits}")));
        }
        let scale = get_f32(data, &mut pos)?;
        let mut trans = [[0f32; NT]; NT + 1];
        for row in &mut trans {
            for w in row.iter_mut() {
                *w = get_f32(data, &mut pos)?;
            }
        }
        let b = take(data, &mut pos, 4)?;
        let count = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
        let size = 1usize << bits;
        let mut model = Model::empty(bits, scale, trans);
        model.rows.reserve(count.min(size));
        let mut idx = 0usize;
        for k in 0..count {
            let gap = get_varint(data, &mut pos)? as usize;
            if k > 0 && gap == 0 {
                return Err(ModelError("row indices not increasing".into()));
            }
            idx += gap;
            if idx >= size {
                return Err(ModelError("row index out of range".into()));
            }
            let mut row = [0i16; 8];
            for w in row.iter_mut().take(NT) {
                let z = get_varint(data, &mut pos)?;
                let v = ((z >> 1) as i64) ^ -((z & 1) as i64);
                *w = v.clamp(-32767, 32767) as i16;
            }
            model.push_row(idx, row);
        }
        Ok(model)
    }

    /// Emission scores of one token from its features.
    #[inline]
    pub fn emit(&self, feats: &[u64]) -> [f32; NT] {
        self.scaled_sum(feats.iter().filter_map(|&f| self.row(row_of(f, self.bits))))
    }

    /// The sum of some weight rows, as scores.
    #[inline]
    fn scaled_sum<'a>(&self, rows: impl Iterator<Item = &'a [i16; 8]>) -> [f32; NT] {
        let mut acc = [0i32; 8];
        for row in rows {
            for t in 0..8 {
                acc[t] += i32::from(row[t]);
            }
        }
        let mut out = [0f32; NT];
        for t in 0..NT {
            out[t] = acc[t] as f32 * self.scale;
        }
        out
    }

    /// Tag one sentence given its features (`starts` delimits each token's features).
    ///
    /// Same scores as [`Model::emit`] per token, computed in three passes over the whole sentence so that the
    /// random reads of the bitmap and of the rows are all in flight at once instead of one dependent chain per
    /// feature: table row of every feature (prefetching its bitmap block), then stored-row index (prefetching the
    /// row), then the sums.
    ///
    /// Tokens that `scored` marks false are tagged O without being scored (their feature ranges are empty).
    /// The tags go to `out`, one per token.
    pub fn tag(
        &self,
        feats: &[u64],
        starts: &[usize],
        scored: Option<&[bool]>,
        scratch: &mut TagScratch,
        out: &mut [u8],
    ) {
        let idx = &mut scratch.idx;
        idx.clear();
        idx.extend(feats.iter().map(|&f| {
            let r = row_of(f, self.bits);
            prefetch(&self.blocks[r / 64]);
            r as u32
        }));
        for r in idx.iter_mut() {
            let i = *r as usize;
            let blk = &self.blocks[i / 64];
            let bit = 1u64 << (i % 64);
            *r = if blk.present & bit == 0 {
                u32::MAX
            } else {
                let k = blk.rank + (blk.present & (bit - 1)).count_ones();
                if let Some(row) = self.rows.get(k as usize) {
                    prefetch(row);
                }
                k
            };
        }
        let emit = &mut scratch.emit;
        emit.clear();
        emit.extend(
            starts
                .windows(2)
                .map(|w| self.scaled_sum(idx[w[0]..w[1]].iter().filter_map(|&k| self.rows.get(k as usize)))),
        );
        viterbi_with(emit, &self.trans, scored, &mut scratch.viterbi, out);
    }

    /// Memory the weight table takes, in bytes.
    pub fn memory_bytes(&self) -> usize {
        self.rows.len() * std::mem::size_of::<[i16; 8]>() + self.blocks.len() * std::mem::size_of::<Block>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_indices_round_trip() {
        for i in 0..NT as u8 {
            assert_eq!(Tag::from_index(i).index(), i);
        }
        assert_eq!(Tag::parse("B-PER"), Tag::B(EntType::Per));
        assert_eq!(Tag::parse("I-ORG"), Tag::I(EntType::Org));
        assert_eq!(Tag::parse("B-MISC"), Tag::O);
        assert_eq!(Tag::B(EntType::Loc).to_string(), "B-LOC");
    }

    #[test]
    fn allowed_table_matches_allowed() {
        for (from, row) in ALLOWED.iter().enumerate() {
            for (to, &ok) in row.iter().enumerate() {
                assert_eq!(ok, allowed(Some(from as u8), to as u8));
            }
        }
    }

    #[test]
    fn viterbi_respects_constraints_and_transitions() {
        let mut trans = [[0f32; NT]; NT + 1];
        // Emissions alone prefer I-PER at the start, which IOB2 forbids.
        let mut e0 = [0f32; NT];
        e0[2] = 5.0;
        e0[1] = 4.0;
        let mut e1 = [0f32; NT];
        e1[2] = 3.0;
        e1[0] = 2.5;
        assert_eq!(viterbi(&[e0, e1], &trans), vec![1, 2]);
        // A strong penalty on B-PER -> I-PER makes O after B-PER better.
        trans[1 + 1][2] = -10.0;
        assert_eq!(viterbi(&[e0, e1], &trans), vec![1, 0]);
        // I-LOC can never follow B-PER.
        let mut e2 = [0f32; NT];
        e2[4] = 100.0;
        let out = viterbi(&[e0, e2], &[[0f32; NT]; NT + 1]);
        assert_ne!(out, vec![1, 4]);
        assert!(viterbi(&[], &trans).is_empty());
    }

    #[test]
    fn unscored_tokens_are_o_and_keep_the_best_path_elsewhere() {
        let trans = [[0f32; NT]; NT + 1];
        let mut per = [0f32; NT];
        per[1] = 5.0;
        per[2] = 6.0;
        let mut scratch = ViterbiScratch::default();
        // Emissions would make every token a person; tokens 0 and 2 are not scored, so they are O, and token 1
        // (which alone cannot be I-PER) is B-PER.
        let emit = [per, per, per, per];
        let scored = [false, true, false, true];
        let mut out = [9u8; 4];
        viterbi_with(&emit, &trans, Some(&scored), &mut scratch, &mut out);
        assert_eq!(out, [0, 1, 0, 1]);
        // When every token is scored the result is plain Viterbi's, with the same scratch reused.
        viterbi_with(&emit, &trans, Some(&[true; 4]), &mut scratch, &mut out);
        assert_eq!(out.to_vec(), viterbi(&emit, &trans));
        assert_eq!(viterbi(&emit, &trans), vec![1, 2, 2, 2]);
    }

    #[test]
    fn model_round_trips_through_bytes() {
        let bits = 10;
        let mut w = vec![[0f32; NT]; 1 << bits];
        w[3][1] = 2.5;
        w[700][6] = -1.25;
        w[5][0] = 0.0001;
        let mut trans = [[0f32; NT]; NT + 1];
        trans[0][1] = 0.5;
        let m = Model::from_weights(bits, &w, trans, 0.001);
        let bytes = m.to_bytes();
        let m2 = Model::from_bytes(&bytes).expect("parse");
        assert_eq!(m2.trans[0][1], 0.5);
        assert_eq!(m2.row(3), m.row(3));
        assert_eq!(m2.row(700), m.row(700));
        assert_eq!(m2.row(5), None);
        assert_eq!(m2.row(4), None);
        assert!((m2.row(3).expect("row 3")[1] as f32 * m2.scale - 2.5).abs() < 0.001);
        assert_eq!(m2.to_bytes(), bytes);
        // Emission scores are the sums of the rows the features fall into.
        let f = (0u64..)
            .find(|&f| row_of(f, bits) == 700)
            .expect("a feature in row 700");
        assert!((m2.emit(&[f, f])[6] + 2.5).abs() < 0.001);
        assert_eq!(m2.emit(&[f])[0], 0.0);
        assert!(Model::from_bytes(&bytes[..bytes.len() - 3]).is_err());
        assert!(Model::from_bytes(b"garbage!").is_err());
    }
}
